"""The money side of a solve or compare report: the headline, the gap bridge, capital and the
binding limits with their shadow prices."""

from __future__ import annotations

from typing import Any

import pandas as pd

from optimiser.report.html import charts
from optimiser.report.html.charts import COLOURS, Chart
from optimiser.report.html.formatting import Column, Table, beds, money, plain, table, text
from optimiser.report.html.reading import Folder
from optimiser.report.html.sections import Section

#: The gap bridge's steps in finance.csv: priorities as the STP groups its schemes, then what no
#: intervention owns.
PRIORITIES = {
    "place_gbpm": "Place",
    "prevention_gbpm": "Prevention",
    "urgent_care_gbpm": "Urgent care",
    "efficiency_gbpm": "Efficiency",
    "other_gbpm": "Other",
    "beds_kept_open_gbpm": "Beds kept open",
    "fixed_contributions_gbpm": "Fixed contributions",
}
#: Shadow prices shown per unit of limit; the rest are in constraints.csv.
SHADOW_PRICES_SHOWN = 8


def bed_target(folder: Folder) -> tuple[float | None, str]:
    """The total bed target in the target year and where it comes from."""
    stated = folder.documents.get("compare", {}).get("bed_target")
    if stated is not None:
        return float(stated), "total bed target"
    if folder.instance is None:
        return None, ""
    year = folder.instance.target_year
    targets = [target for target in folder.instance.config.bed_targets if target.year == year]
    total = [target.beds for target in targets if target.setting == "total"]
    if total:
        return float(total[0]), "total bed target"
    if not targets:
        return None, ""
    return float(sum(target.beds for target in targets)), "sum of the settings' bed targets"


def headline(folder: Folder) -> Section:
    """The objective and its basis, the plan under the same objective, the gap and the beds."""
    summary: dict[str, Any] = folder.documents["summary"]
    objective = summary["objective"]
    rows = [
        (f"Optimum ({objective['name']})", money(objective["value"]), objective["basis"]),
    ]
    plan = summary.get("plan")
    if plan:
        broken = plan["limits_broken"]
        rows.append(
            (
                f"Plan '{plan['name']}' under the same objective",
                money(plan["objective_value"]),
                f"{broken} limit{'s' if broken != 1 else ''} broken" if broken else "breaks no limit",
            )
        )
    if "compare" in folder.documents:
        repaired = folder.documents["compare"]["mixes"]["repaired"]
        rows.append(
            ("Repaired plan under the same objective", money(repaired["objective"]), "breaks no limit")
        )
    year = summary["target_year"]
    rows.append(
        (f"Net saving in {year}", money(summary["net_saving"]), f"against a gap of {money(summary['gap'])}")
    )
    target, target_words = bed_target(folder)
    against = f"against a {target_words} of {beds(target)}" if target is not None else "no bed target"
    rows.append((f"Beds in {year}", beds(summary["beds"]["total"]["result"]), against))
    frame = pd.DataFrame(rows, columns=["measure", "value", "basis"])
    headline_table = table(
        "The headline",
        frame,
        [
            Column("Measure", "measure", numeric=False),
            Column("Value", "value"),
            Column("Basis", "basis", numeric=False),
        ],
    )
    status = summary["status"]
    words = f"Solved: {status}, by {summary['solver']['name']} {summary['solver']['version']}."
    return Section("headline", f"{summary['instance']}: the headline", (words,), tables=(headline_table,))


def gap_bridge(folder: Folder) -> Chart:
    """The target year's net saving built up by priority, against the gap."""
    finance = folder.table("finance")
    year = folder.documents["summary"]["target_year"]
    row = finance[finance["year"] == year].iloc[0]
    steps = [(label, float(row[column])) for column, label in PRIORITIES.items() if column in row.index]
    steps.append(("Workforce cost", -float(row.get("workforce_cost_gbpm", 0.0))))
    steps.append(("Net saving", float(row["net_saving_gbpm"])))
    identifier = "gap-bridge"
    figure, axes = charts.new_figure(3.8)
    charts.waterfall(axes, identifier, [(label, amount, label == "Net saving") for label, amount in steps])
    axes.axhline(float(row["gap_gbpm"]), color=COLOURS["orange"], linestyle="--", linewidth=1.2, label="gap")
    axes.legend(loc="upper left", frameon=False)
    axes.set_ylabel(f"£m in {year} (undiscounted)")
    axes.set_xlabel("priority")
    title = f"Gap bridge, {year}"
    frame = pd.DataFrame(steps, columns=["step", "amount"])
    return Chart(
        identifier,
        title,
        f"How the net saving of {money(row['net_saving_gbpm'])} in {year} builds up by priority against "
        f"the gap of {money(row['gap_gbpm'])} (the dashed line).",
        charts.to_svg(figure, title),
        table(title, frame, [Column("Step", "step", numeric=False), Column("Amount (£m)", "amount", money)]),
    )


def capital_chart(folder: Folder) -> Chart:
    """Capital spent each year against that year's budget."""
    capital = folder.table("capital")
    identifier = "capital"
    figure, axes = charts.new_figure(3.0)
    years = capital["year"].astype(str).tolist()
    for number, (year, spend) in enumerate(zip(years, capital["spend_gbpm"], strict=True)):
        bars = axes.bar([year], [spend], color=COLOURS["blue"], width=0.6)
        charts.mark(bars.patches[0], identifier, number)
    axes.plot(
        years,
        capital["budget_gbpm"],
        color=COLOURS["orange"],
        marker="_",
        markersize=20,
        linestyle="none",
        markeredgewidth=2,
        label="budget",
    )
    axes.legend(loc="upper right", frameon=False)
    axes.set_xlabel("year")
    axes.set_ylabel("capital spend (£m a year, undiscounted)")
    title = "Capital by year against budget"
    return Chart(
        identifier,
        title,
        "Capital the optimum spends each year (bars) against that year's budget (orange marks).",
        charts.to_svg(figure, title),
        table(
            title,
            capital,
            [
                Column("Year", "year", numeric=False),
                Column("Spend (£m)", "spend_gbpm", money),
                Column("Budget (£m)", "budget_gbpm", money),
            ],
        ),
    )


def shadow_prices(folder: Folder) -> Table:
    """The binding limits with a shadow price, largest first within each unit of limit."""
    constraints = folder.table("constraints")
    binding = constraints[(constraints["binding"] == "yes") & (constraints["dual"].abs() > 1e-9)].copy()
    binding["weight"] = -binding["dual"].abs()
    binding = binding.sort_values(["unit", "weight", "name"], kind="stable")
    shown = binding.groupby("unit", sort=True).head(SHADOW_PRICES_SHOWN)
    left = len(binding) - len(shown)
    note = f"{left} more binding limits with a shadow price are in constraints.csv." if left else ""
    return table(
        f"Binding limits and their shadow prices (the {SHADOW_PRICES_SHOWN} largest in each unit)",
        shown,
        [
            Column("Unit of limit", "unit", numeric=False),
            Column("Limit", "name", numeric=False),
            Column("Edge", "edge", numeric=False),
            Column("Bound", "bound", plain),
            Column("Shadow price in plain units", "dual_in_plain_units", text, numeric=False),
        ],
        note,
    )


def money_sections(folder: Folder) -> list[Section]:
    return [
        headline(folder),
        Section(
            "money",
            "Money",
            ("Yearly money is undiscounted, in each year's own £m, as the gap and budgets are set.",),
            charts=(gap_bridge(folder), capital_chart(folder)),
        ),
        Section("limits", "Limits that bind", tables=(shadow_prices(folder),)),
    ]
