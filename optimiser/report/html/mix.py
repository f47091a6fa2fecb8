"""The mix in a solve or compare report: where each intervention runs (the heat table) and the
optimum against the plan (and, from compare, the repaired plan)."""

from __future__ import annotations

import pandas as pd
from matplotlib.patches import Patch

from optimiser.report.html import charts
from optimiser.report.html.charts import COLOURS, Chart
from optimiser.report.html.formatting import (
    MISSING,
    Column,
    Table,
    beds,
    money,
    plain,
    share,
    table,
    text,
    wte,
)
from optimiser.report.html.reading import Folder
from optimiser.report.html.sections import Section, display_names, named

MIX_COLOURS = {"planned": COLOURS["orange"], "repaired": COLOURS["sky"], "optimal": COLOURS["blue"]}


def _luminance(channels: tuple[int, int, int]) -> float:
    """WCAG 2's relative luminance of an sRGB colour."""
    linear = [
        value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
        for value in (channel / 255 for channel in channels)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _heat_style(value: float) -> str:
    """A cell's background from white (0) to dark blue (1), in black or white text, whichever
    contrasts more with it (WCAG 2: at least 4.5 to 1 for either, on every shade of this scale)."""
    if pd.isna(value):
        return ""
    level = max(0.0, min(1.0, float(value)))
    red, green, blue = (round(255 - level * (255 - channel)) for channel in (0x08, 0x45, 0x94))
    luminance = _luminance((red, green, blue))
    on_black, on_white = (luminance + 0.05) / 0.05, 1.05 / (luminance + 0.05)
    ink = "#000000" if on_black >= on_white else "#ffffff"
    return f"background-color:#{red:02x}{green:02x}{blue:02x};color:{ink}"


def heat_table(folder: Folder) -> Table:
    """Scale as a share of eligible in the target year, place by intervention."""
    year = folder.documents["summary"]["target_year"]
    decisions = folder.table("decisions")
    decisions = decisions[(decisions["year"] == year) & (decisions["level"] == "place")]
    grid = decisions.pivot_table(
        index="location", columns="intervention", values="share_of_eligible", aggfunc="sum", sort=True
    )
    places = display_names(folder.instance, "places", "place")
    interventions = display_names(folder.instance, "interventions", "intervention")
    headings = ("Place", *(named(interventions, column) for column in grid.columns))
    rows = tuple(
        (named(places, place), *(share(value) for value in values)) for place, values in grid.iterrows()
    )
    styles = tuple(("", *(_heat_style(value) for value in values)) for _, values in grid.iterrows())
    return Table(
        f"Scale as a share of eligible by place and intervention, {year}",
        headings,
        rows,
        (False, *([True] * len(grid.columns))),
        styles,
        f"{MISSING}: the intervention does not run there (decisions.csv leaves out rows that are all 0).",
    )


def _mix_frame(folder: Folder) -> pd.DataFrame:
    """Per intervention and mix, the target year's scale, long form (one row per bar)."""
    year = folder.documents["summary"]["target_year"]
    if folder.has("mix_comparison"):
        source = folder.table("mix_comparison")
        mixes = ["planned", "repaired", "optimal"]
    else:
        source = folder.table("comparison")
        mixes = ["planned", "optimal"]
    source = source[source["year"] == year]
    totals = source.groupby(["intervention", "scale_unit"], sort=True)[
        [f"{mix}_scale" for mix in mixes]
    ].sum()
    frame = totals.reset_index().melt(
        id_vars=["intervention", "scale_unit"], var_name="mix", value_name="scale"
    )
    frame["mix"] = frame["mix"].str.removesuffix("_scale")
    frame["order"] = frame["mix"].map({mix: number for number, mix in enumerate(mixes)})
    frame = frame.sort_values(["intervention", "order"], kind="stable").reset_index(drop=True)
    largest = frame.groupby("intervention")["scale"].transform(lambda values: values.abs().max())
    frame["relative"] = (frame["scale"].abs() / largest.where(largest > 0)).fillna(0.0)
    return frame


def optimal_against_planned(folder: Folder, frame: pd.DataFrame) -> Chart:
    """Each intervention's target-year scale per mix (`frame`, from `_mix_frame`), as bars."""
    names = display_names(folder.instance, "interventions", "intervention")
    year = folder.documents["summary"]["target_year"]
    identifier = "mix-scales"
    figure, axes = charts.new_figure(0.8 + 0.14 * len(frame))
    # The intervention's name once, beside the first of its bars; the colours say which mix is which.
    first = ~frame["intervention"].duplicated()
    labels = [
        named(names, intervention) if shown else ""
        for intervention, shown in zip(frame["intervention"], first, strict=True)
    ]
    charts.horizontal_bars(
        axes,
        identifier,
        labels,
        [0.0] * len(frame),
        (frame["relative"] * 100).tolist(),
        [MIX_COLOURS[mix] for mix in frame["mix"]],
        groups=first.cumsum().tolist(),
    )
    mixes_shown = list(pd.unique(frame["mix"]))
    axes.legend(
        handles=[Patch(color=MIX_COLOURS[mix], label=mix) for mix in mixes_shown],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.04 - 0.5 / len(frame)),
        ncols=len(mixes_shown),
        frameon=False,
    )
    axes.set_xlabel("scale as a share of the largest of the mixes (%)")
    axes.set_ylabel("intervention (bars: the mixes in legend order)")
    title = f"Optimal against planned scale by intervention, {year}"
    mixes = " and ".join(pd.unique(frame["mix"]))
    return Chart(
        identifier,
        title,
        f"Each intervention's scale in {year} in the {mixes} mixes, as a share of the largest of them; "
        "the table gives each in its own unit.",
        charts.to_svg(figure, title),
        table(
            title,
            frame,
            [
                Column("Intervention", "intervention", lambda value: named(names, value), numeric=False),
                Column("Mix", "mix", numeric=False),
                Column("Scale", "scale", plain),
                Column("Unit of scale", "scale_unit", text, numeric=False),
                Column("Share of largest", "relative", share),
            ],
        ),
    )


def mixes_chart(folder: Folder) -> Chart:
    """The three mixes' value under the one objective (compare folders)."""
    document = folder.documents["compare"]
    frame = pd.DataFrame([{"mix": mix, **values} for mix, values in document["mixes"].items()])
    identifier = "mix-values"
    figure, axes = charts.new_figure(2.6)
    charts.horizontal_bars(
        axes,
        identifier,
        frame["mix"].tolist(),
        [0.0] * len(frame),
        frame["objective"].tolist(),
        [MIX_COLOURS.get(mix, COLOURS["grey"]) for mix in frame["mix"]],
    )
    basis = document["objective"]["basis"]
    axes.set_xlabel(f"{document['objective']['name']} objective (£m, {basis})")
    axes.set_ylabel("mix")
    title = "Planned, repaired and optimal mixes under one objective"
    return Chart(
        identifier,
        title,
        "What each mix is worth under the same objective on the same model: the plan as written, the least "
        "change that makes it break no limit, and the optimum.",
        charts.to_svg(figure, title),
        table(
            title,
            frame,
            [
                Column("Mix", "mix", numeric=False),
                Column("Objective (£m)", "objective", money),
                Column("Net saving (£m)", "net_saving_gbpm", money),
                Column("Gap (£m)", "gap_gbpm", money),
                Column("Beds", "beds", beds),
                Column("Limits broken", "limits_broken", plain),
            ],
        ),
    )


def value_of_optimising(folder: Folder) -> Table:
    """The differences between the mixes per year, and the money summed over the years."""
    frame = folder.table("value_of_optimising")
    return table(
        "The value of optimising: one mix less another, per year (money undiscounted; beds and staff are "
        "stocks, so 'all years' leaves them empty)",
        frame,
        [
            Column("Mix", "mix", numeric=False),
            Column("Against", "against", numeric=False),
            Column("Year", "year", numeric=False),
            Column("Net saving (£m)", "net_saving_gbpm", money),
            Column("Revenue cost (£m)", "revenue_cost_gbpm", money),
            Column("Capital (£m)", "capital_gbpm", money),
            Column("Beds", "beds", beds),
            Column("WTE needed", "wte_needed", wte),
        ],
    )


def plan_violations(folder: Folder) -> Table:
    """The limits the plan breaks, by how much, in each limit's own unit."""
    return table(
        "Limits the plan breaks",
        folder.table("plan_violations"),
        [
            Column("Limit", "constraint", numeric=False),
            Column("Family", "family", numeric=False),
            Column("By", "amount", plain),
            Column("Unit", "unit", numeric=False),
            Column("Direction", "direction", numeric=False),
            Column("Activity", "activity", plain),
            Column("Bound", "bound", plain),
        ],
    )


def constraint_prices(folder: Folder) -> Table:
    """What each priced constraint family costs: the optimum with it less the optimum without it."""
    frame = folder.table("constraint_prices")
    unit = str(frame["objective_unit"].iloc[0]) if len(frame) else ""
    return table(
        f"What each priced constraint family costs (objective in {unit}; with less without, target year)",
        frame,
        [
            Column("Family", "family", numeric=False),
            Column("What it holds", "words", numeric=False),
            Column("Re-solve", "status", numeric=False),
            Column("Price", "price", plain),
            Column("Binds", "binds", numeric=False),
            Column("Net saving (£m)", "net_saving_change_gbpm", money),
            Column("Beds", "beds_change", beds),
            Column("WTE needed", "wte_needed_change", wte),
            Column("Decisions changed", "decisions_changed", plain),
        ],
        note="A family with no price was not re-solved to a proven optimum; its status says why.",
    )


def _compare_parts(folder: Folder) -> tuple[tuple[Chart, ...], tuple[Table, ...], tuple[str, ...]]:
    if "compare" not in folder.documents:
        return (), (), ()
    broken = folder.has("plan_violations") and not folder.table("plan_violations").empty
    words = () if broken else ("The plan breaks no limit, so the repaired plan is the plan.",)
    tables: tuple[Table, ...] = (plan_violations(folder),) if broken else ()
    if folder.has("value_of_optimising"):
        tables += (value_of_optimising(folder),)
    if folder.has("constraint_prices"):
        tables += (constraint_prices(folder),)
    return (mixes_chart(folder),), tables, words


def mix_sections(folder: Folder) -> list[Section]:
    compared, tables, words = _compare_parts(folder)
    has_plan = folder.has("comparison") and not folder.table("comparison").empty
    # A service configuration's plan states no intervention scales: then there are no bars to draw.
    frame = _mix_frame(folder) if has_plan or folder.has("mix_comparison") else pd.DataFrame()
    scales = (optimal_against_planned(folder, frame),) if not frame.empty else ()
    return [
        Section("mix", "The mix", words, charts=(*compared, *scales), tables=(*tables, heat_table(folder))),
    ]
