"""`optimiser report`: one self-contained HTML page from a results folder.

The page holds no script and loads nothing: charts are inline SVG drawn by matplotlib with real
text, tables are real `<table>`s, styles are inline, and a Content-Security-Policy forbids any
request. The same folder always gives byte-identical HTML.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from optimiser.report.html.beds import beds_sections
from optimiser.report.html.configuration import configuration_sections
from optimiser.report.html.mix import mix_sections
from optimiser.report.html.money import money_sections
from optimiser.report.html.provenance import provenance_section
from optimiser.report.html.reading import Folder, ReportError, read_folder
from optimiser.report.html.sections import Section
from optimiser.report.html.sweep import sweep_sections

__all__ = ["ReportError", "render_report"]

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("optimiser.report.html", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)


def _sections(folder: Folder) -> list[Section]:
    if folder.kind == "sweep":
        return sweep_sections(folder)
    return [
        *configuration_sections(folder),
        *money_sections(folder),
        *beds_sections(folder),
        *mix_sections(folder),
        provenance_section(folder.instance),
    ]


def _titles(folder: Folder) -> tuple[str, str]:
    if folder.kind == "sweep":
        document = folder.documents["sweep"]
        return f"Sensitivity sweep of {document.get('instance')}", f"A {document['spec']['method']} sweep."
    summary = folder.documents["summary"]
    what = "the optimum beside the plan and its repair" if folder.kind == "compare" else "the optimum"
    return (
        f"{summary['instance']}: {what}",
        f"Objective {summary['objective']['name']}, target year {summary['target_year']}.",
    )


def render_report(path: Path) -> str:
    """The report page for the results folder at `path` (checked first; `ReportError` if refused)."""
    folder = read_folder(path)
    title, subtitle = _titles(folder)
    return _TEMPLATES.get_template("report.html.j2").render(
        title=title,
        subtitle=subtitle,
        sections=_sections(folder),
        footer=f"Written by optimiser report from the {folder.kind} folder {path.name}.",
    )
