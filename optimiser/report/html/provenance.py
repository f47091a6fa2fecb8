"""The instance's assumptions and where each value comes from, as the instance states them.

Every value an instance holds carries a source: a seed file and line, or "assumption: <reason>"
(`optimiser.instance.sources`). The report lists the instance.toml values (gap, bed targets,
capital, fixed contributions, parameters, bands) each with its source, and for each table how many
rows rest on an assumption.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from optimiser.instance.container import Instance
from optimiser.instance.sources import is_assumption
from optimiser.report.html.formatting import Column, Table, plain, table
from optimiser.report.html.sections import Section

#: The tables whose rows carry sources, in the order the README describes them.
SOURCED_TABLES = (
    "places",
    "sites",
    "settings",
    "site_beds",
    "catchment",
    "demand",
    "growth",
    "cohorts",
    "cohort_admissions",
    "staff_groups",
    "setting_staff",
    "workforce",
    "interventions",
    "effects",
    "eligibility",
    "commitments",
    "planned_mix",
    "services",
)
#: Fields of an instance.toml entry that say what it is rather than its value.
KEYS = ("year", "setting", "name", "priorities")


def _entry(section: str, entry: dict[str, Any]) -> dict[str, str]:
    what = ", ".join(str(entry[key]) for key in KEYS if key in entry and entry[key] not in ("", None))
    values = ", ".join(
        f"{field} {plain(value)}"
        for field, value in entry.items()
        if field not in (*KEYS, "source", "description") and not isinstance(value, list | tuple)
    )
    source = str(entry["source"])
    return {
        "item": f"{section} ({what})" if what else section,
        "value": values,
        "kind": "assumption" if is_assumption(source) else "seed",
        "source": source,
    }


def config_entries(instance: Instance) -> pd.DataFrame:
    """Every sourced value of instance.toml, one row each."""
    document = instance.config.model_dump()
    rows = []
    for section, value in document.items():
        if isinstance(value, tuple | list):
            rows += [
                _entry(section, entry) for entry in value if isinstance(entry, dict) and "source" in entry
            ]
        elif isinstance(value, dict) and "source" in value:
            rows.append(_entry(section, value))
        elif isinstance(value, dict):
            rows += [
                _entry(name, entry)
                for name, entry in value.items()
                if isinstance(entry, dict) and "source" in entry
            ]
    return pd.DataFrame(rows, columns=["item", "value", "kind", "source"])


def table_counts(instance: Instance) -> pd.DataFrame:
    """Per table: rows, and rows with at least one source part that is an assumption."""
    rows = []
    for name in SOURCED_TABLES:
        frame = instance.table(name)
        sources = [column for column in frame.columns if column == "source" or column.startswith("source_")]
        if frame.empty or not sources:
            continue
        texts = frame[sources].fillna("").astype(str).agg("; ".join, axis=1)
        assumed = sum(is_assumption(text) for text in texts)
        rows.append(
            {"table": f"{name}.csv", "rows": len(frame), "assumed": assumed, "cited": len(frame) - assumed}
        )
    return pd.DataFrame(rows, columns=["table", "rows", "assumed", "cited"])


def provenance_section(instance: Instance | None) -> Section:
    if instance is None:
        return Section("assumptions", "Assumptions and sources", ("The folder names no instance to read.",))
    entries: Table = table(
        f"The values of {instance.name}'s instance.toml and their sources",
        config_entries(instance),
        [
            Column("Item", "item", numeric=False),
            Column("Value", "value", numeric=False),
            Column("Kind", "kind", numeric=False),
            Column("Source", "source", numeric=False),
        ],
    )
    counts = table(
        "Rows of each table resting on an assumption (at least one part of a source says so)",
        table_counts(instance),
        [
            Column("Table", "table", numeric=False),
            Column("Rows", "rows", plain),
            Column("Resting on an assumption", "assumed", plain),
            Column("Citing the seed only", "cited", plain),
        ],
    )
    words = (
        f'Instance {instance.path}. A source is a seed file and line, or "assumption: <reason>"; '
        "an assumption is a choice made where the seed is silent, never a fact."
    )
    return Section("assumptions", "Assumptions and sources", (words,), tables=(entries, counts))
