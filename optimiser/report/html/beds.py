"""Beds and staff in a solve or compare report: the bed bridges, the bed trajectory and the
workforce needed against the staff there to meet it."""

from __future__ import annotations

import pandas as pd

from optimiser.report.html import charts
from optimiser.report.html.charts import COLOURS, Chart
from optimiser.report.html.formatting import Column, beds, table, wte
from optimiser.report.html.money import bed_target
from optimiser.report.html.reading import Folder
from optimiser.report.html.sections import Section, display_names, named


def _bridge(
    identifier: str,
    title: str,
    caption: str,
    baseline: float,
    do_nothing: float,
    changes: list[tuple[str, float]],
) -> Chart:
    """Baseline, the do-nothing growth, then each part's change down to the result."""
    result = baseline + (do_nothing - baseline) + sum(change for _, change in changes)
    steps = [
        ("Baseline", baseline, True),
        ("Do-nothing growth", do_nothing - baseline, False),
        ("Do nothing", do_nothing, True),
        *[(label, change, False) for label, change in changes],
        ("Result", result, True),
    ]
    figure, axes = charts.new_figure(3.8)
    charts.waterfall(axes, identifier, steps)
    axes.set_ylabel("beds")
    axes.set_xlabel("step")
    frame = pd.DataFrame([(label, amount) for label, amount, _ in steps], columns=["step", "beds"])
    return Chart(
        identifier,
        title,
        caption,
        charts.to_svg(figure, title),
        table(title, frame, [Column("Step", "step", numeric=False), Column("Beds", "beds", beds)]),
    )


def bridge_by_setting(folder: Folder) -> Chart:
    summary = folder.documents["summary"]
    names = display_names(folder.instance, "settings", "setting")
    by_setting = {key: value for key, value in summary["beds"].items() if key != "total"}
    total = summary["beds"]["total"]
    changes = [
        (named(names, key), value["result"] - value["do_nothing"]) for key, value in by_setting.items()
    ]
    year = summary["target_year"]
    return _bridge(
        "bed-bridge-setting",
        f"Bed bridge by setting, {year}",
        f"Beds from the baseline through the do-nothing growth to the result in {year}, each setting's "
        "change from its do-nothing beds a step of its own.",
        total["baseline"],
        total["do_nothing"],
        changes,
    )


def bridge_by_site(folder: Folder) -> Chart:
    year = folder.documents["summary"]["target_year"]
    table_ = folder.table("beds")
    sites = (
        table_[table_["year"] == year]
        .groupby("site", sort=True)[["baseline_beds", "do_nothing_beds", "beds"]]
        .sum()
    )
    names = display_names(folder.instance, "sites", "site")
    changes = [(named(names, site), row.beds - row.do_nothing_beds) for site, row in sites.iterrows()]
    return _bridge(
        "bed-bridge-site",
        f"Bed bridge by site, {year}",
        f"Beds from the baseline through the do-nothing growth to the result in {year}, each site's "
        "change from its do-nothing beds a step of its own.",
        float(sites["baseline_beds"].sum()),
        float(sites["do_nothing_beds"].sum()),
        changes,
    )


def trajectory(folder: Folder) -> Chart:
    """Beds in every year: the result, the do-nothing and the baseline."""
    by_year = (
        folder.table("beds").groupby("year", sort=True)[["baseline_beds", "do_nothing_beds", "beds"]].sum()
    )
    by_year = by_year.reset_index()
    years = by_year["year"].astype(str).tolist()
    identifier = "bed-trajectory"
    figure, axes = charts.new_figure(3.2)
    axes.plot(
        years, by_year["do_nothing_beds"], color=COLOURS["vermilion"], linestyle=":", label="do nothing"
    )
    axes.plot(years, by_year["baseline_beds"], color=COLOURS["grey"], linestyle="--", label="baseline")
    charts.points(axes, identifier, years, by_year["beds"].tolist(), COLOURS["blue"], "result")
    target, words = bed_target(folder)
    if target is not None:
        axes.axhline(target, color=COLOURS["orange"], linewidth=1, label=words)
    axes.legend(loc="lower left", frameon=False)
    axes.set_xlabel("year")
    axes.set_ylabel("beds (all sites and settings)")
    title = "Bed trajectory by year"
    return Chart(
        identifier,
        title,
        "Beds the optimum keeps open each year (points) against the do-nothing beds, the baseline and "
        "the target.",
        charts.to_svg(figure, title),
        table(
            title,
            by_year,
            [
                Column("Year", "year", numeric=False),
                Column("Result (beds)", "beds", beds),
                Column("Do nothing (beds)", "do_nothing_beds", beds),
                Column("Baseline (beds)", "baseline_beds", beds),
            ],
        ),
    )


def _staff_columns(places: dict[str, str], groups: dict[str, str]) -> list[Column]:
    return [
        Column("Place", "place", lambda value: named(places, value), numeric=False),
        Column("Staff group", "staff_group", lambda value: named(groups, value), numeric=False),
        Column("Needed (WTE)", "needed_wte", wte),
        Column("Available (WTE)", "available_wte", wte),
        Column("Hired (WTE)", "hired_wte", wte),
        Column("Redeployed (WTE)", "redeployed_wte", wte),
    ]


def workforce_chart(folder: Folder) -> Chart:
    """Staff needed in the target year against the staff there, per place and staff group."""
    year = folder.documents["summary"]["target_year"]
    staff = folder.table("workforce")
    staff = staff[(staff["year"] == year) & (staff["needed_wte"] > 0)].copy()
    supply = staff["available_wte"] + staff["hired_wte"] + staff["redeployed_wte"]
    places = display_names(folder.instance, "places", "place")
    groups = display_names(folder.instance, "staff_groups", "staff_group")
    labels = [
        f"{named(places, place)}, {group}"
        for place, group in zip(staff["place"], staff["staff_group"], strict=True)
    ]
    identifier = "workforce"
    figure, axes = charts.new_figure(0.8 + 0.16 * len(staff))
    charts.horizontal_bars(
        axes,
        identifier,
        labels,
        [0.0] * len(staff),
        staff["needed_wte"].tolist(),
        [COLOURS["blue"]] * len(staff),
    )
    charts.ticks(axes, staff["available_wte"].tolist(), COLOURS["orange"], "available without hiring")
    charts.ticks(axes, supply.tolist(), COLOURS["grey"], "with hired and redeployed")
    axes.legend(loc="lower right", frameon=False)
    axes.set_xlabel(f"staff in {year} (WTE)")
    axes.set_ylabel("place, staff group")
    title = f"Workforce needed against available, {year}"
    return Chart(
        identifier,
        title,
        f"Staff each place and group needs in {year} (bars) against those available without hiring and "
        "with the optimum's hires and redeployments (marks); groups needing none are left out.",
        charts.to_svg(figure, title),
        table(title, staff, _staff_columns(places, groups)),
    )


def beds_sections(folder: Folder) -> list[Section]:
    return [
        Section(
            "beds", "Beds", charts=(bridge_by_setting(folder), bridge_by_site(folder), trajectory(folder))
        ),
        Section("workforce", "Workforce", charts=(workforce_chart(folder),)),
    ]
