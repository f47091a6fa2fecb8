"""A results folder as one Excel workbook a finance team can use as it is.

`write_results_workbook` reads a written results folder (`solve`, `compare`): the front sheet
`Summary` holds the headline (the objective and its basis, the optimum's and the plan's value under
it, net saving against the gap, beds against the target) and the run's options from the manifest;
then every display table of the folder has a sheet of its own, its header as in the CSV (units
included: `_gbpm`, `_beds`, `_wte`), frozen and filtered, and number formats by unit. Each cell
holds the CSV's number exactly (the CSV's text read as the nearest double); the formats change what
Excel shows, never the value. Only the files the folder's manifest lists are read, so files a user
added to the folder never reach the workbook.
"""

from __future__ import annotations

import csv
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import ValidationError
from xlsxwriter.workbook import Workbook

from optimiser.analysis.verify import VerifyError, read_manifest
from optimiser.io.atomic import write_bytes
from optimiser.io.spreadsheet import LINK, workbook_bytes, write_pairs_sheet, write_table_sheet
from optimiser.results.documents import first_problem
from optimiser.results.documents.manifest import Manifest
from optimiser.results.documents.summary import SUMMARY, FailedSummary, SolvedSummary

MANIFEST = "manifest.json"
SUMMARY_SHEET = "Summary"
#: The display tables a workbook holds, in sheet order, with what each sheet shows.
TABLE_SHEETS: dict[str, str] = {
    "finance": "money per year: gap, net saving, and what makes it up (£m)",
    "beds": "beds per site, setting and year: baseline, do nothing, result",
    "decisions": "each intervention's scale per place or site and year, with its money, beds and WTE",
    "workforce": "staff needed, available, hired and redeployed per place, staff group and year (WTE)",
    "capital": "capital spend against the budget per year (£m)",
    "constraints": "every limit: its activity, bound, slack and shadow price in plain units",
    "comparison": "the optimum's scale beside the plan's, by intervention and year",
    "optimal_mix": "the optimum as plan rows, to add to an instance and evaluate",
    "mixes": "planned, repaired and optimal mixes per year: money, beds, staff, limits broken",
    "value_of_optimising": "the differences between the mixes per year and over all years",
    "mix_comparison": "each mix's scale per intervention, location and year, and the differences",
    "plan_violations": "the limits the plan breaks, by how much",
    "repaired_mix": "the repaired plan as plan rows",
    "configuration": "where each service runs each year: activity, running, treatment and travel cost (£m)",
    "sharing": "the shared back office per year: share shared, saving (£m) and staff released (WTE)",
    "constraint_prices": "what each priced constraint family costs: the optimum with and without it",
    "constraint_price_changes": "the decisions each priced family changes: with it, without it",
}
#: A CSV field that is a number: what Python's float() reads, without the words it also takes
#: (nan, inf, infinity), which are names here.
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
#: The format kind of an objective's unit.
_UNIT_KINDS = {"£m": "gbpm", "beds": "beds"}


class NotResultsFolderError(ValueError):
    """A folder that holds no results this tool wrote (no manifest, or one it did not write)."""


#: Row of the front sheet: a label, its value, and the format kind of the value (None: as it is).
Row = tuple[str, Any, str | None]


def write_results_workbook(results_dir: str | Path, xlsx_path: str | Path) -> Path:
    """Write the workbook of the results folder `results_dir` to `xlsx_path`, whole or not at all."""
    folder = Path(results_dir)
    if not (folder / MANIFEST).is_file():
        raise NotResultsFolderError(f"{folder}: not a results folder (it holds no {MANIFEST})")
    # The manifest and summary.json are read through their models, as `optimiser verify` reads them.
    try:
        manifest = read_manifest(folder)
    except VerifyError as error:
        raise NotResultsFolderError(str(error)) from None
    summary = read_summary(folder / "summary.json") if "summary.json" in manifest.files else None
    tables = {
        name: read_result_table(folder / f"{name}.csv")
        for name in TABLE_SHEETS
        if f"{name}.csv" in manifest.files
    }

    def build(book: Workbook) -> None:
        rows = [*headline_rows(summary), *option_rows(manifest), *_contents_rows(tables)]
        write_pairs_sheet(book, SUMMARY_SHEET, rows, ("item", "value", "unit"))
        for name, frame in tables.items():
            write_table_sheet(book, name, frame)

    # The run's end is the workbook's date, so the same folder always gives the same bytes.
    return write_bytes(xlsx_path, workbook_bytes(build, _finished(manifest)))


def read_summary(path: Path) -> SolvedSummary | FailedSummary:
    """summary.json through its model; one that is not the tool's is `NotResultsFolderError`."""
    try:
        return SUMMARY.validate_json(path.read_bytes(), strict=True)
    except ValidationError as error:
        problem = first_problem(error)
        raise NotResultsFolderError(f"{path}: not a summary this tool wrote: {problem}") from None


def read_result_table(path: Path) -> pd.DataFrame:
    """A result CSV as written: a column whose every field is a number (or empty) holds floats, each
    the double nearest the CSV's text; any other column holds its text; an empty field is None."""
    with open(path, newline="", encoding="utf-8") as stream:
        reader = csv.reader(stream)
        header = next(reader, [])
        rows = list(reader)
    columns: dict[str, list[Any]] = {}
    for position, name in enumerate(header):
        fields = [row[position] if position < len(row) else "" for row in rows]
        present = [field for field in fields if field != ""]
        numeric = bool(present) and all(_NUMBER.match(field) for field in present)
        columns[name] = [None if field == "" else float(field) if numeric else field for field in fields]
    return pd.DataFrame(columns, columns=header, dtype=object)


def headline_rows(summary: SolvedSummary | FailedSummary | None) -> list[Row]:
    """The headline of summary.json as (label, value, format kind) rows; a run without a solution
    (or a folder without summary.json) leaves the figures empty."""
    solved = summary if isinstance(summary, SolvedSummary) else None
    objective = solved.objective if solved is not None else None
    kind = _UNIT_KINDS.get(objective.unit) if objective is not None else None
    net_saving = solved.net_saving if solved is not None else None
    gap = solved.gap if solved is not None else None
    shortfall = net_saving - gap if net_saving is not None and gap is not None else None
    total = solved.beds.get("total") if solved is not None else None
    target = solved.bed_target if solved is not None else None
    rows: list[Row] = [
        ("", "Headline", None),
        ("instance", summary.instance if summary is not None else None, None),
        ("status", summary.status if summary is not None else None, None),
        ("objective", summary.objective.name if summary is not None else None, None),
        ("objective basis", objective.basis if objective is not None else None, None),
        ("optimum's value", objective.value if objective is not None else None, kind),
    ]
    if solved is not None and solved.plan is not None:
        rows += [
            ("plan", solved.plan.name, None),
            ("plan's value under the same objective", solved.plan.objective_value, kind),
            ("limits the plan breaks", solved.plan.limits_broken, "whole"),
        ]
    rows += [
        ("target year", solved.target_year if solved is not None else None, None),
        ("net saving in the target year", net_saving, "gbpm"),
        ("gap in the target year", gap, "gbpm"),
        ("net saving less the gap", shortfall, "gbpm"),
        ("beds open in the target year (all settings)", total.result if total is not None else None, "beds"),
        ("bed target in the target year (all settings)", target, "beds"),
    ]
    return rows


def option_rows(manifest: Manifest) -> list[Row]:
    """The run's options, its solver and versions, and its instance, from the manifest."""
    rows: list[Row] = [
        ("", "The run", None),
        ("command", manifest.command, None),
        ("started (UTC)", manifest.started, None),
        ("finished (UTC)", manifest.finished, None),
    ]
    # The options as the file holds them, in its order (an option a run does not write is absent).
    for name, value in manifest.options.model_dump(mode="json").items():
        rows.append((name.replace("_", " "), _shown(value), None))
    solver = manifest.solver
    rows.append(("solver", f"{solver.name} {solver.version or ''}".strip(), None))
    rows.append(("optimiser version", manifest.versions.get("optimiser"), None))
    rows += [
        ("instance path", manifest.instance.path, None),
        ("instance sha256", manifest.instance.sha256, None),
    ]
    return rows


def _contents_rows(tables: dict[str, pd.DataFrame]) -> list[Row]:
    return [("", "Sheets", None), *((name, TABLE_SHEETS[name], LINK) for name in tables)]


def _shown(value: Any) -> Any:
    """An option's value as a cell: numbers and text as they are, lists joined, none as `none`."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or "none"
    return value


def _finished(manifest: Manifest) -> datetime | None:
    try:
        return datetime.fromisoformat(manifest.finished.replace("Z", "+00:00"))
    except ValueError:
        return None
