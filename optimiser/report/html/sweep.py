"""A sweep's report: the tornado, the Monte Carlo distribution and its probabilities, the Pareto
frontier with each point's mix — whichever the folder holds."""

from __future__ import annotations

from typing import Any

import pandas as pd

from optimiser.report.html import charts
from optimiser.report.html.charts import COLOURS, Chart
from optimiser.report.html.formatting import Column, Table, beds, money, plain, share, table, text
from optimiser.report.html.reading import Folder
from optimiser.report.html.sections import Section

#: Quantiles in sweep.json's summary that are money (£m) though their names do not say so.
MONEY_KEYS = ("objective", "net_saving", "revenue_cost", "capital_spend")


def tornado(folder: Folder, objective: str) -> Chart:
    frame = folder.table("tornado")
    identifier = "tornado"
    figure, axes = charts.new_figure(0.9 + 0.3 * len(frame))
    starts = frame[["objective_low", "objective_high"]].min(axis=1).tolist()
    ends = frame[["objective_low", "objective_high"]].max(axis=1).tolist()
    charts.horizontal_bars(
        axes, identifier, frame["parameter"].tolist(), starts, ends, [COLOURS["blue"]] * len(frame)
    )
    if len(frame):
        axes.axvline(
            float(frame["objective_base"].iloc[0]), color=COLOURS["orange"], linestyle="--", label="base"
        )
        axes.legend(loc="lower right", frameon=False)
    axes.set_xlabel(f"{objective} objective (£m) between each parameter's low and high")
    axes.set_ylabel("parameter")
    title = "Tornado: how far each parameter moves the objective"
    return Chart(
        identifier,
        title,
        "Each parameter at its low and its high with the others as the instance has them; the widest "
        "swing first.",
        charts.to_svg(figure, title),
        table(
            title,
            frame,
            [
                Column("Parameter", "parameter", numeric=False),
                Column("Low", "low", plain),
                Column("High", "high", plain),
                Column("Objective at low (£m)", "objective_low", money),
                Column("Objective at high (£m)", "objective_high", money),
                Column("Swing (£m)", "objective_swing", money),
            ],
        ),
    )


def distribution(folder: Folder, document: dict[str, Any]) -> Chart:
    """Every scenario's target-year net saving, smallest first, against the gap."""
    scenarios = folder.table("scenarios")
    evaluated = scenarios[scenarios["net_saving"].notna()].sort_values(
        ["net_saving", "scenario"], kind="stable"
    )
    evaluated = evaluated.reset_index(drop=True)
    evaluated["share"] = (evaluated.index + 1) / max(len(scenarios), 1)
    identifier = "monte-carlo"
    figure, axes = charts.new_figure(3.4)
    charts.points(
        axes,
        identifier,
        evaluated["net_saving"].tolist(),
        evaluated["share"].tolist(),
        COLOURS["blue"],
        "scenarios",
    )
    axes.set_xlabel("net saving in the target year (£m)")
    axes.set_ylabel("share of scenarios at or below (cumulative)")
    title = "Monte Carlo: the distribution of the net saving"
    return Chart(
        identifier,
        title,
        f"The target year's net saving of each of the {len(scenarios)} scenarios, smallest first, as a "
        "cumulative share of all scenarios (infeasible ones have none).",
        charts.to_svg(figure, title),
        table(
            title,
            evaluated,
            [
                Column("Scenario", "scenario", plain),
                Column("Status", "status", numeric=False),
                Column("Net saving (£m)", "net_saving", money),
                Column("Beds", "beds", beds),
                Column("Objective (£m)", "objective", money),
                Column("Cumulative share", "share", share),
            ],
        ),
    )


def bed_fan(folder: Folder) -> Chart:
    """Each setting's beds in the target year over the scenarios: 5th to 95th percentile, and median."""
    scenarios = folder.table("scenarios")
    settings = [column for column in scenarios.columns if column.startswith("beds_")]
    quantiles = scenarios[settings].quantile([0.05, 0.5, 0.95]).T
    frame = pd.DataFrame(
        {
            "setting": [column.removeprefix("beds_") for column in settings],
            "p5": quantiles[0.05].to_numpy(),
            "p50": quantiles[0.5].to_numpy(),
            "p95": quantiles[0.95].to_numpy(),
        }
    )
    identifier = "bed-fan"
    figure, axes = charts.new_figure(0.9 + 0.35 * len(frame))
    charts.horizontal_bars(
        axes,
        identifier,
        frame["setting"].tolist(),
        frame["p5"].tolist(),
        frame["p95"].tolist(),
        [COLOURS["sky"]] * len(frame),
    )
    charts.ticks(axes, frame["p50"].tolist(), COLOURS["blue"], "median")
    axes.legend(loc="lower right", frameon=False)
    axes.set_xlabel("beds in the target year (beds)")
    axes.set_ylabel("setting")
    title = "Monte Carlo: beds by setting, 5th to 95th percentile"
    return Chart(
        identifier,
        title,
        "How far the scenarios spread each setting's beds in the target year: the bar runs from the 5th to "
        "the 95th percentile over the scenarios, the mark is the median.",
        charts.to_svg(figure, title),
        table(
            title,
            frame,
            [
                Column("Setting", "setting", numeric=False),
                Column("5th percentile", "p5", beds),
                Column("Median", "p50", beds),
                Column("95th percentile", "p95", beds),
            ],
        ),
    )


def probabilities(document: dict[str, Any]) -> Table:
    """The sweep's summary statistics as sweep.json states them."""
    summary = document.get("summary", {})
    rows = []
    for key, value in summary.items():
        if isinstance(value, dict):
            write = money if key.endswith("gbpm") or key in MONEY_KEYS else beds if "beds" in key else plain
            rows += [
                (f"{key.replace('_', ' ')} ({quantile})", write(number)) for quantile, number in value.items()
            ]
        else:
            rows.append(
                (key.replace("_", " "), share(value) if key.startswith(("p_", "share")) else plain(value))
            )
    counts = document.get("counts", {}).get("by_status", {})
    rows += [(f"scenarios {status}", plain(count)) for status, count in counts.items()]
    frame = pd.DataFrame(rows, columns=["measure", "value"])
    return table(
        "Probabilities and quantiles over the scenarios",
        frame,
        [Column("Measure", "measure", numeric=False), Column("Value", "value")],
    )


def frontier(folder: Folder, objective: str) -> Chart:
    frame = folder.table("frontier")
    identifier = "pareto"
    figure, axes = charts.new_figure(3.4)
    charts.points(
        axes, identifier, frame["beds"].tolist(), frame["objective"].tolist(), COLOURS["blue"], "frontier"
    )
    axes.set_xlabel("beds in the target year (beds)")
    axes.set_ylabel(f"{objective} objective (£m)")
    title = "Pareto frontier: the objective against the target year's beds"
    return Chart(
        identifier,
        title,
        "Each point is the optimum with the target year's beds capped at its bed figure; fewer beds "
        "cost more.",
        charts.to_svg(figure, title),
        table(
            title,
            frame,
            [
                Column("Point", "point", plain),
                Column("Status", "status", numeric=False),
                Column("Beds", "beds", beds),
                Column("Objective (£m)", "objective", money),
                Column("Net saving (£m)", "net_saving", money),
                Column("Capital (£m)", "capital_spend", money),
            ],
        ),
    )


def frontier_mixes(folder: Folder) -> Table:
    """Each frontier point's mix: its last year's scale per intervention, summed over locations."""
    mix = folder.table("frontier_mix")
    last = mix[mix["year"] == mix["year"].max()]
    grid = last.pivot_table(index="intervention", columns="point", values="scale", aggfunc="sum", sort=True)
    grid.columns = [f"point {point}" for point in grid.columns]
    grid = grid.reset_index()
    return table(
        f"Each point's mix: scale per intervention in {last['year'].max()}, summed over places and sites",
        grid,
        [
            Column("Intervention", "intervention", text, numeric=False),
            *[Column(column, column, plain) for column in grid.columns[1:]],
        ],
    )


def morris_table(folder: Folder) -> Table:
    """Morris's elementary effects as the sweep wrote them, every column as it is."""
    morris = folder.table("morris")
    numbers = {column: morris[column].dtype.kind in "fi" for column in morris.columns}
    columns = [
        Column(name, name, plain if number else text, numeric=number) for name, number in numbers.items()
    ]
    return table("Morris elementary effects of the objective (£m)", morris, columns)


def grid_table(folder: Folder, document: dict[str, Any]) -> Table:
    """Each grid scenario: its parameters' values and what the optimum (or the plan) comes to."""
    scenarios = folder.table("scenarios")
    parameters = [parameter["name"] for parameter in document["spec"].get("parameter", [])]
    columns = [
        Column("Scenario", "scenario", plain),
        *[Column(name, name, plain) for name in parameters if name in scenarios.columns],
        Column("Status", "status", numeric=False),
        Column("Objective (£m)", "objective", money),
        Column("Net saving (£m)", "net_saving", money),
        Column("Beds", "beds", beds),
    ]
    return table(
        "Every scenario of the grid (parameters as multipliers, or values where set)", scenarios, columns
    )


def sweep_sections(folder: Folder) -> list[Section]:
    document = folder.documents["sweep"]
    spec = document["spec"]
    objective = spec.get("objective", "min-cost")
    words = (
        f"A {spec['method']} sweep of {document.get('instance')} ({spec.get('mode', 'optimise')} mode, "
        f"{document.get('counts', {}).get('scenarios', 0)} scenarios, solved by {document.get('backend')}).",
    )
    sections = [Section("sweep", f"{document.get('instance')}: sensitivity sweep", words)]
    if folder.has("tornado"):
        sections.append(Section("tornado", "Tornado", charts=(tornado(folder, objective),)))
    if spec["method"] == "monte-carlo" and folder.has("scenarios"):
        sections.append(
            Section(
                "monte-carlo",
                "Monte Carlo",
                charts=(distribution(folder, document), bed_fan(folder)),
                tables=(probabilities(document),),
            )
        )
    if spec["method"] == "grid" and folder.has("scenarios"):
        sections.append(Section("grid", "Grid", tables=(grid_table(folder, document),)))
    if folder.has("frontier"):
        mixes = (frontier_mixes(folder),) if folder.has("frontier_mix") else ()
        sections.append(
            Section("pareto", "Pareto frontier", charts=(frontier(folder, objective),), tables=mixes)
        )
    if folder.has("morris"):
        sections.append(Section("morris", "Morris screening", tables=(morris_table(folder),)))
    return sections
