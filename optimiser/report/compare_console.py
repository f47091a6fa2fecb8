"""The console account of `optimiser compare`: the headline first, then the three mixes side by side."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from rich.console import Console

from optimiser.instance.schema import TOTAL_SETTING
from optimiser.models.objectives import objective_basis
from optimiser.report.console import against_gap, money, render_binding, render_violations
from optimiser.results.comparison import ALL_YEARS

if TYPE_CHECKING:
    from optimiser.analysis.compare import Comparison


def _value(comparison: Comparison, mix: str) -> str:
    value = comparison.mixes[mix].objective
    return money(value) if comparison.run.model.objective_unit == "£m" else f"{value:,.1f} beds"


def headline(comparison: Comparison) -> list[str]:
    """The first lines: the optimum against the plan under one objective, money, beds."""
    run = comparison.run
    basis = objective_basis(run.objective, run.instance.config)
    optimal, planned = comparison.mixes["optimal"].objective, comparison.mixes["planned"].objective
    saved = planned - optimal if run.model.sense == "min" else optimal - planned
    word = "better" if saved >= 0 else "worse"
    unit = money(abs(saved)) if run.model.objective_unit == "£m" else f"{abs(saved):,.1f} beds"
    # A plan that breaks a limit can look better than the optimum only by breaking it.
    caveat = "" if comparison.plan_is_feasible else " (the plan breaks a limit)"
    lines = [
        f"{run.solution.headline} {run.objective} ({basis}): optimum {_value(comparison, 'optimal')} "
        f"against the plan '{comparison.plan}' at {_value(comparison, 'planned')}, {unit} {word}{caveat}."
    ]
    if comparison.plan_is_feasible:
        lines.append("The plan breaks no limit, so it is its own repaired plan.")
    else:
        broken = len(comparison.mixes["planned"].violations)
        lines.append(
            f"The plan breaks {broken} limit(s); the repaired plan (least cost-weighted change, "
            f"{comparison.repair.changed:,} decisions moved) is {_value(comparison, 'repaired')}."
        )
    target = run.instance.target_year
    gap = comparison.mixes["optimal"].summary.finance.loc[target, "gap"]
    savings = ", ".join(
        f"{name} {money(mix.summary.finance.loc[target, 'net_saving'])}"
        for name, mix in comparison.mixes.items()
    )
    lines.append(f"Net saving {target}: {savings}, {against_gap(run, gap)}.")
    targets = [
        entry.beds
        for entry in run.instance.config.bed_targets
        if entry.year == target and entry.setting == TOTAL_SETTING
    ]
    beds = ", ".join(
        f"{name} {mix.summary.beds.loc[TOTAL_SETTING, 'result']:,.1f}"
        for name, mix in comparison.mixes.items()
    )
    against = f", against a total target of {targets[0]:,.0f}" if targets else ""
    lines.append(f"Beds {target}: {beds}{against}.")
    return lines


def render_compare(
    comparison: Comparison,
    tables: dict[str, pd.DataFrame],
    console: Console,
    out: Path,
    written: list[Path],
) -> None:
    """Headline, where the files went, the value of optimising over the period, what binds."""
    first, *rest = headline(comparison)
    console.print(first, highlight=False, markup=False)
    if comparison.run.families_switched_off:
        # A limit not enforced must be visible before any figure measured against it.
        console.print(
            "[bold yellow]Switched off[/bold yellow] (not enforced): "
            + ", ".join(comparison.run.families_switched_off),
            highlight=False,
        )
    for line in rest:
        console.print(line, highlight=False, markup=False)
    console.print(f"Wrote {len(written)} files to {out}.", highlight=False)
    value = tables["value_of_optimising"]
    over_period = value[value["year"] == ALL_YEARS]
    console.print("[bold]Over all years[/bold] (undiscounted £m):")
    for row in over_period.itertuples(index=False):
        console.print(
            f"  {row.mix} against {row.against}: net saving {row.net_saving_gbpm:+,.2f}, revenue cost "
            f"{row.revenue_cost_gbpm:+,.2f}, capital {row.capital_gbpm:+,.2f}",
            highlight=False,
            markup=False,
        )
    console.print("[bold]The plan's limits[/bold]:")
    render_violations(comparison.mixes["planned"].violations, console)
    render_binding(tables["constraints"], console)
