"""Readable console output for a summary: bed bridge, admissions, gap bridge, staff, capital, limits."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table

from optimiser.instance.schema import PRIORITIES, TOTAL_SETTING
from optimiser.models.objectives import objective_basis
from optimiser.results.summary import Summary

if TYPE_CHECKING:
    from optimiser.analysis.solve import SolveRun

PRIORITY_NAMES = {
    "place": "Place-based care",
    "prevention": "Prevention",
    "urgent_care": "Urgent care",
    "efficiency": "System efficiency",
    "other": "Other schemes",
    "beds_kept_open": "Beds kept open beyond need",
}


def _beds(value: float) -> str:
    return "–" if not np.isfinite(value) else f"{value:,.1f}"


def money(value: float) -> str:
    return "–" if not np.isfinite(value) else f"£{value:,.2f}m"


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold")
    for position, column in enumerate(columns):
        table.add_column(column, justify="left" if position == 0 else "right")
    return table


def warm_up() -> None:
    """Render a small table and a line of markup to memory. What rich loads and builds on its first
    render (its table of character widths, its emoji names, its caches of cell widths) then costs
    nothing when the real account is printed: `optimiser solve` calls this while CBC runs
    (`prepare_results`), where the process would otherwise wait. Nothing is shown."""
    console = Console(file=io.StringIO(), width=140)
    table = _table("Beds in 2020/21", "Setting", "Beds")
    table.add_row("Acute — general & acute", "1,234.5")
    console.print(table)
    console.print("[bold]Optimal[/bold] — min-cost = £207.87m (cbc 2.10.3, 0.15 s; model 5,220 × 2,640)")


def render_summary(summary: Summary, console: Console) -> None:
    """Print the whole summary, section by section."""
    instance = summary.instance
    console.print(
        f"[bold]{instance.config.title}[/bold] — {summary.label}, target year {summary.target_year}"
    )
    _render_beds(summary, console)
    _render_sites(summary, console)
    _render_trajectory(summary, console)
    _render_admissions(summary, console)
    _render_finance(summary, console)
    _render_workforce(summary, console)
    _render_capital(summary, console)
    render_violations(summary.violations, console)


def _render_beds(summary: Summary, console: Console) -> None:
    steps = [step for step, row in summary.bridge.iterrows() if abs(row["total"]) > 1e-9]
    table = _table(
        "Bed bridge, target year (beds)",
        "setting",
        "baseline",
        "do nothing",
        *[f"− {step.replace('_', ' ')}" for step in steps],
        "result",
    )
    for setting, row in summary.beds.iterrows():
        avoided = [
            summary.bridge.loc[step, setting] if setting in summary.bridge.columns else 0.0 for step in steps
        ]
        table.add_row(
            str(setting),
            _beds(row["baseline"]),
            _beds(row["do_nothing"]),
            *[_beds(value) for value in avoided],
            _beds(row["result"]),
        )
    console.print(table)


def _render_sites(summary: Summary, console: Console) -> None:
    by_site = summary.beds_by_site[summary.beds_by_site["year"] == summary.target_year]
    table = _table(
        "Beds by site, target year",
        "site",
        "setting",
        "baseline",
        "do nothing",
        "result",
        "change vs baseline",
    )
    for row in by_site.itertuples(index=False):
        table.add_row(
            row.site,
            row.setting,
            _beds(row.baseline),
            _beds(row.do_nothing),
            _beds(row.beds),
            f"{row.beds - row.baseline:+,.1f}",
        )
    console.print(table)


def _render_trajectory(summary: Summary, console: Console) -> None:
    trajectory = summary.trajectory
    table = _table(
        "Beds open by year",
        "year",
        *[str(column) for column in trajectory.columns],
        "fewer than baseline",
    )
    baseline_total = trajectory.loc["baseline", TOTAL_SETTING]
    for year, row in trajectory.iterrows():
        fewer = "" if year == "baseline" else f"{baseline_total - row[TOTAL_SETTING]:,.1f}"
        table.add_row(str(year), *[_beds(value) for value in row], fewer)
    console.print(table)


def _render_admissions(summary: Summary, console: Console) -> None:
    table = _table("Non-elective admissions, target year", "cohort", "baseline", "do nothing", "result")
    for cohort, row in summary.admissions.iterrows():
        table.add_row(
            str(cohort),
            f"{row['baseline']:,.0f}",
            f"{row['do_nothing']:,.0f}",
            f"{row['result']:,.0f}",
        )
    console.print(table)


def _render_finance(summary: Summary, console: Console) -> None:
    finance = summary.finance
    table = _table("Gap bridge (£m, against the do-nothing)", "", *[str(year) for year in finance.index])
    for key in (*PRIORITIES, "beds_kept_open"):
        table.add_row(PRIORITY_NAMES[key], *[money(value) for value in finance[key]])
    if finance["workforce_cost"].any():
        staff = -finance["workforce_cost"]
        table.add_row("Recruitment and redeployment", *[money(value) for value in staff])
    if finance["fixed_contributions"].any():
        table.add_row("Fixed contributions", *[money(value) for value in finance["fixed_contributions"]])
    table.add_row("[bold]Net saving[/bold]", *[money(value) for value in finance["net_saving"]])
    table.add_row("Gap to close", *[money(value) for value in finance["gap"]])
    if finance["fixed_contributions"].any():
        table.add_row("Gap the decisions close", *[money(value) for value in finance["gap_for_decisions"]])
    table.add_row("Revenue invested", *[money(value) for value in finance["revenue_cost"]])
    console.print(table)


def _render_workforce(summary: Summary, console: Console) -> None:
    workforce = summary.workforce
    if workforce.empty:
        return
    grouped = workforce.groupby(["year", "staff_group"], sort=False)[
        ["needed", "available", "hired", "redeployed"]
    ].sum()
    table = _table(
        "New-service staff (WTE, all places)",
        "year",
        "staff group",
        "needed",
        "available",
        "redeployed",
        "hired",
    )
    for (year, group), row in grouped.iterrows():
        table.add_row(
            str(year),
            str(group),
            f"{row['needed']:,.0f}",
            f"{row['available']:,.0f}",
            f"{row['redeployed']:,.0f}",
            f"{row['hired']:,.0f}",
        )
    console.print(table)


def _render_capital(summary: Summary, console: Console) -> None:
    capital = summary.capital
    if capital["spend"].abs().sum() == 0 and capital["budget"].isna().all():
        return
    table = _table("Capital (£m)", "year", "spend", "budget")
    for row in capital.itertuples(index=False):
        table.add_row(row.year, money(row.spend), money(row.budget))
    console.print(table)


def render_violations(violations: pd.DataFrame, console: Console, limit: int = 40) -> None:
    if violations.empty:
        console.print("[green]No limit is broken.[/green]")
        return
    console.print(f"[bold red]{len(violations)} limit(s) broken:[/bold red]")
    for row in violations.head(limit).itertuples(index=False):
        word = "over" if row.direction == "over" else "short"
        console.print(
            f"  {row.constraint}: {row.amount:,.4g} {row.unit} {word}", markup=False, highlight=False
        )
    if len(violations) > limit:
        console.print(f"  … and {len(violations) - limit} more (see --json)")


def render_solve(
    run: SolveRun,
    summary: Summary,
    tables: dict[str, pd.DataFrame],
    console: Console,
    out: Path,
    written: list[Path],
    plan: tuple[str, float, int] | None = None,
) -> None:
    """A short account of a solve. The headline first: status and objective, the plan's value under
    the same objective, net saving against the gap, beds against the target, where the files went;
    then the bed bridge, the mix against the plan, what binds."""
    solution = run.solution
    value = solution.objective if solution.objective is not None else float("nan")
    basis = objective_basis(run.objective, run.instance.config)
    console.print(
        f"[bold]{solution.headline}[/bold] — {run.objective} = {_objective(run, value)}, {basis} "
        f"({solution.solver} {solution.version}, {solution.wall_seconds:.2f} s; model "
        f"{run.model.shape[0]:,} × {run.model.shape[1]:,}, {run.model.matrix.nnz:,} nonzeros"
        f"{', integer' if run.integer else ''})"
    )
    if run.families_switched_off:
        # A limit not enforced must be visible before any figure measured against it.
        console.print(
            "[bold yellow]Switched off[/bold yellow] (not enforced): " + ", ".join(run.families_switched_off),
            highlight=False,
        )
    if plan is not None:
        name, planned, broken = plan
        better = planned - value if run.model.sense == "min" else value - planned
        word = "better" if better >= 0 else "worse"
        # A plan that breaks a limit can look better than the optimum only by breaking it.
        caveat = f"; the plan breaks {broken} limit(s)" if broken else ""
        console.print(
            f"The plan '{name}' is {_objective(run, planned)} under the same objective: the optimum is "
            f"{_objective(run, abs(better))} {word}{caveat} (optimiser compare says why).",
            highlight=False,
        )
    finance = summary.finance.loc[summary.target_year]
    console.print(
        f"Net saving {summary.target_year}: {money(finance['net_saving'])} "
        f"{against_gap(run, finance['gap'])}; revenue invested {money(finance['revenue_cost'])}.",
        highlight=False,
    )
    console.print(_beds_line(run, summary), highlight=False)
    console.print(f"Wrote {len(written)} files to {out}: " + ", ".join(path.name for path in written))
    _render_beds(summary, console)
    if "comparison" in tables:
        _render_mix(tables["comparison"], console)
    render_binding(tables["constraints"], console)
    render_violations(summary.violations, console)


def against_gap(run: SolveRun, gap: float) -> str:
    """ "against a gap of £219.00m", or that there is no gap to meet when its family is off."""
    if "gap" in run.families_switched_off:
        return "(no gap to close: the gap family is switched off)"
    return f"against a gap of {money(gap)}"


def _objective(run: SolveRun, value: float) -> str:
    return money(value) if run.model.objective_unit == "£m" else f"{value:,.1f} beds"


def _beds_line(run: SolveRun, summary: Summary) -> str:
    target_year = summary.target_year
    targets = [
        entry.beds
        for entry in run.instance.config.bed_targets
        if entry.year == target_year and entry.setting == TOTAL_SETTING
    ]
    against = f" against a total target of {targets[0]:,.0f}" if targets else ""
    return f"Beds {target_year}: {_beds(summary.beds.loc[TOTAL_SETTING, 'result'])}{against}."


def _render_mix(comparison: pd.DataFrame, console: Console, limit: int = 12) -> None:
    final = comparison[comparison["year"] == comparison["year"].max()]
    final = final.reindex(final["difference"].abs().sort_values(ascending=False).index).head(limit)
    table = _table(
        f"Largest differences from the plan, {comparison['year'].max()}",
        "intervention",
        "unit",
        "planned",
        "optimal",
        "difference",
    )
    for row in final.itertuples(index=False):
        table.add_row(
            row.intervention,
            row.scale_unit,
            f"{row.planned_scale:,.1f}",
            f"{row.optimal_scale:,.1f}",
            f"{row.difference:+,.1f}",
        )
    console.print(table)


def render_binding(constraints: pd.DataFrame, console: Console, per_unit: int = 2, units: int = 5) -> None:
    """The binding limits with the largest shadow prices, ranked within each unit of limit (a price
    per bed and a price per £m are not comparable), units in order of their largest price."""
    words = constraints["dual_in_plain_units"].to_numpy()
    # The table has a row per constraint (thousands); only the binding rows with a price in words are
    # ranked, with plain arrays rather than a sorted and grouped frame.
    rows = np.flatnonzero((constraints["binding"].to_numpy() == "yes") & (words != ""))
    if rows.size == 0:
        return
    names = constraints["name"].to_numpy()
    size = np.abs(constraints["dual"].to_numpy(dtype=float)[rows])
    # Largest price first, then by name: a stable sort by size after one by name.
    by_name = np.argsort(names[rows], kind="stable")
    rows = rows[by_name[np.argsort(-size[by_name], kind="stable")]]
    console.print(
        f"[bold]Binding limits with the largest shadow prices[/bold], per unit of limit "
        f"(of {len(constraints):,} rows):"
    )
    groups: dict[object, list[int]] = {}
    for row, unit in zip(rows.tolist(), constraints["unit"].to_numpy()[rows].tolist(), strict=True):
        if not pd.isna(unit):
            groups.setdefault(unit, []).append(row)
    lines = []
    for unit, members in list(groups.items())[:units]:
        shown = members[:per_unit]
        more = f" (and {len(members) - len(shown)} more)" if len(members) > len(shown) else ""
        # Units are the instance's own plural nouns ("episodes", "place teams"), so the group is
        # named by what its limits are counted in rather than as "per episodes".
        lines.append(f"  limits counted in {unit}{more}:")
        lines.extend(f"    {names[row]}: {words[row]}" for row in shown)
    if len(groups) > units:
        lines.append(f"  … and limits in {len(groups) - units} more units (constraints.csv has them all)")
    if lines:
        # One print of the lines, each wrapped as it would be alone, rather than a print per line.
        console.print("\n".join(lines), highlight=False, markup=False)
