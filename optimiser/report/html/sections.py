"""What a report page is made of: sections holding text, charts and tables; display names."""

from __future__ import annotations

from dataclasses import dataclass, field

from optimiser.instance.container import Instance
from optimiser.report.html.charts import Chart
from optimiser.report.html.formatting import Table


@dataclass(frozen=True)
class Section:
    """One part of the page, under one heading."""

    identifier: str
    title: str
    paragraphs: tuple[str, ...] = ()
    charts: tuple[Chart, ...] = ()
    tables: tuple[Table, ...] = ()
    #: Longer tables, shown folded (`<details>`) under the charts.
    details: tuple[Table, ...] = field(default=())


def display_names(instance: Instance | None, table: str, key: str) -> dict[str, str]:
    """Each id of `table` mapped to its display name (the id itself when the instance has none)."""
    if instance is None:
        return {}
    frame = instance.table(table)
    if "name" not in frame.columns:
        return {}
    return {str(identifier): str(name) for identifier, name in zip(frame[key], frame["name"], strict=True)}


def named(names: dict[str, str], identifier: object) -> str:
    return names.get(str(identifier), str(identifier))
