"""The report's charts: matplotlib figures written as inline SVG with real text.

Each chart is drawn on its own `Figure` (never pyplot's global state) and saved with
`svg.fonttype = "none"`, so labels stay text a reader can select and a screen reader can read, a
fixed `svg.hashsalt` and no date, so the same folder always gives the same bytes. Every mark (a bar,
a point) carries the id `<chart>-mark-<n>`, one per row of the chart's table, so the page can be
checked by counting them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from optimiser.report.html.formatting import Table

#: Okabe and Ito's palette, told apart by readers with every common colour-vision deficiency.
COLOURS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermilion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "grey": "#666666",
}
#: matplotlib settings for every chart (typed loosely: matplotlib types its keys as one long Literal).
STYLE: Any = {
    "svg.fonttype": "none",
    "svg.hashsalt": "optimiser-report",
    "font.family": "sans-serif",
    "font.size": 9.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
#: Width of every chart, in inches; heights follow the number of rows a chart has.
WIDTH = 7.5


@dataclass(frozen=True)
class Chart:
    """A figure as the page shows it: title, inline SVG, a one-sentence caption and its table."""

    identifier: str
    title: str
    caption: str
    svg: str
    table: Table


def mark(artist: Artist, identifier: str, number: int) -> None:
    """Name one mark of chart `identifier` so it can be found (and counted) in the page."""
    artist.set_gid(f"{identifier}-mark-{number}")


def new_figure(height: float) -> tuple[Figure, Axes]:
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(WIDTH, max(2.5, height)), layout="constrained")
        axes = figure.add_subplot()
    return figure, axes


def to_svg(figure: Figure, title: str) -> str:
    """The figure as an `<svg>` element to put in the page (no XML prologue, sized by CSS)."""
    buffer = io.StringIO()
    with matplotlib.rc_context(STYLE):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    # matplotlib's RDF metadata names only the format and the tool: nothing a reader needs.
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.S)
    svg = re.sub(r'<svg[^>]*?(width="[^"]*" height="[^"]*" )', "<svg ", svg, count=1)
    label = title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    # One image with the chart's title as its name; the table beside it carries every figure.
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def waterfall(
    axes: Axes,
    identifier: str,
    steps: Sequence[tuple[str, float, bool]],
) -> None:
    """Bars from a running total: each step (label, amount, is_total) starts where the last ended;
    a total stands on zero."""
    running = 0.0
    for number, (_, amount, is_total) in enumerate(steps):
        if is_total:
            bottom, height, colour = 0.0, amount, COLOURS["blue"]
            running = amount
        else:
            bottom, height = running, amount
            colour = COLOURS["green"] if amount >= 0 else COLOURS["vermilion"]
            running += amount
        bars = axes.bar([number], [height], bottom=[bottom], color=colour, width=0.7)
        mark(bars.patches[0], identifier, number)
    axes.set_xticks(range(len(steps)), [label for label, _, _ in steps], rotation=35, ha="right")
    axes.axhline(0, color=COLOURS["grey"], linewidth=0.6)


def horizontal_bars(
    axes: Axes,
    identifier: str,
    labels: Sequence[str],
    starts: Sequence[float],
    ends: Sequence[float],
    colours: Sequence[str],
    groups: Sequence[int] | None = None,
) -> None:
    """One horizontal bar per label, from its start to its end, top to bottom in the given order;
    bars of one group (a number per bar, non-decreasing) sit together, with a gap between groups."""
    gaps = [0.6 * group for group in groups] if groups is not None else [0.0] * len(labels)
    positions = [-(number + gap) for number, gap in enumerate(gaps)]
    for number, (position, start, end, colour) in enumerate(
        zip(positions, starts, ends, colours, strict=True)
    ):
        bars = axes.barh([position], [end - start], left=[start], color=colour, height=0.7)
        mark(bars.patches[0], identifier, number)
    axes.set_yticks(positions, list(labels))


def ticks(axes: Axes, values: Sequence[float], colour: str, label: str) -> None:
    """A tick on each bar of `horizontal_bars` (same order): a level to read the bar against."""
    positions = [-number for number in range(len(values))]
    axes.plot(list(values), positions, marker="|", markersize=8, color=colour, linestyle="none", label=label)


def points(
    axes: Axes, identifier: str, xs: Sequence[float], ys: Sequence[float], colour: str, label: str
) -> None:
    """A line through the points, each point a mark of its own."""
    axes.plot(list(xs), list(ys), color=colour, linewidth=1.2, label=label)
    for number, (x, y) in enumerate(zip(xs, ys, strict=True)):
        (dot,) = axes.plot([x], [y], marker="o", color=colour, markersize=4, linestyle="none")
        mark(dot, identifier, number)
