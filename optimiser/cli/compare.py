"""`optimiser compare`: the optimum beside the plan and its repair, written as one results folder.

The folder holds everything `solve` writes for the optimum, and beside it the comparison
(`optimiser.results.comparison`): mix_comparison.csv, mixes.csv, value_of_optimising.csv,
plan_violations.csv, repaired_mix.csv and compare.json; with `--price-constraints`, also what each
priced constraint family costs (`optimiser.analysis.prices`): constraint_prices.csv and
constraint_price_changes.csv, in the same folder and manifest.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from optimiser.analysis.compare import Comparison, NoPlanError, run_compare
from optimiser.analysis.prices import price_constraints
from optimiser.analysis.repair import RepairError
from optimiser.analysis.solve_results import result_tables, summary_document
from optimiser.cli import UsageError
from optimiser.cli.common import (
    EXIT_SOLVER_FAILED,
    load,
    print_warnings,
    progress,
    refuse_standard_output,
    solve_options,
    workbook_target,
    writing,
)
from optimiser.cli.solve import Manifests, report_failure, say_workbook, solve_manifest, write_workbook
from optimiser.models.family import ConstraintFamily
from optimiser.models.objectives import objective_basis
from optimiser.models.registry import families_to_price
from optimiser.report.compare_console import render_compare
from optimiser.report.prices_console import render_prices
from optimiser.results.comparison import comparison_document, comparison_tables
from optimiser.results.documents.manifest import Manifest
from optimiser.results.folder import ResultsFolder, results_folder
from optimiser.results.manifest import instance_fingerprint, utc_now
from optimiser.results.prices import constraint_price_changes_table, constraint_prices_table
from optimiser.solvers import SolveOptions, Status


@writing
def run(arguments: argparse.Namespace, console: Console) -> int:
    started = utc_now()
    options = solve_options(arguments)
    refuse_standard_output(arguments.out, "the comparison tables")
    # Family names are checked before anything is solved: a wrong one is one line listing the valid.
    pricing = _families(arguments.price_constraints)
    workbook = workbook_target(arguments.xlsx, arguments.out)
    with (
        results_folder(arguments.out) as folder,
        progress(console, f"Loading {arguments.instance}") as spinner,
    ):
        instance = load(arguments)
        fingerprint = instance_fingerprint(instance.path)
        try:
            solved, rest = run_compare(
                instance,
                plan=arguments.plan,
                objective=arguments.objective,
                backend=arguments.backend,
                integer=arguments.integer,
                options=options,
                progress=spinner.update,
                without=tuple(arguments.without),
            )
        except NoPlanError as error:
            raise UsageError(str(error)) from error
        print_warnings(solved.findings)
        if solved.solution.status not in (Status.OPTIMAL, Status.FEASIBLE):
            manifest = solve_manifest(arguments, solved, fingerprint, started, arguments.plan, "compare")
            return report_failure(solved, options, folder, console, spinner.update, manifest, workbook)
        try:
            comparison = rest()
        except RepairError as error:
            kept = f"{folder.label} keeps its previous results" if folder.previous else "nothing was written"
            console.print(
                f"[bold red]The plan could not be repaired[/bold red]: {escape(str(error))}; {kept}."
            )
            return EXIT_SOLVER_FAILED
        manifest = solve_manifest(arguments, solved, fingerprint, started, comparison.plan, "compare")
        summary = comparison.mixes["optimal"].summary
        tables = {
            **result_tables(solved, summary, comparison.plan, all_rows=arguments.all_rows),
            **comparison_tables(comparison),
        }
        if pricing is not None:
            tables |= _price_tables(comparison, pricing, options, spinner.update)
            manifest = _with_prices(manifest, pricing)
        spinner.update("Writing the comparison")
        written = _write(folder, comparison, tables, manifest)
        status = write_workbook(arguments.out, workbook, spinner.update)
    render_compare(comparison, tables, console, Path(arguments.out), written)
    if pricing is not None:
        render_prices(tables["constraint_prices"], tables["constraint_price_changes"], console)
    say_workbook(workbook, console, status)
    return status


def _write(
    folder: ResultsFolder, comparison: Comparison, tables: dict[str, Any], manifest: Manifests
) -> list[Path]:
    """Stage every table, summary.json and compare.json, and commit them with the manifest as one set."""
    solved = comparison.run
    for name, frame in tables.items():
        folder.write_table(name, frame, solved.spelled.get(name))
    planned = comparison.mixes["planned"]
    standing = (comparison.plan, planned.objective, len(planned.violations))
    folder.write_json("summary.json", summary_document(solved, comparison.mixes["optimal"].summary, standing))
    basis = objective_basis(solved.objective, solved.instance.config)
    folder.write_json("compare.json", comparison_document(comparison, basis))
    return folder.commit(manifest)


def _families(option: str | None) -> tuple[ConstraintFamily, ...] | None:
    """The families `--price-constraints` asks for: None without the option, every priced family
    when it names none, else those it names (comma-separated, each checked)."""
    if option is None:
        return None
    names = [name.strip() for name in option.split(",") if name.strip()]
    return families_to_price(names)


def _price_tables(
    comparison: Comparison,
    families: tuple[ConstraintFamily, ...],
    options: SolveOptions,
    progress: Any,
) -> dict[str, Any]:
    """Solve again without each family and tabulate what each costs and changes."""
    prices = price_constraints(
        comparison.run,
        comparison.mixes["optimal"].summary,
        families,
        planned=comparison.mixes["planned"].x,
        options=options,
        progress=progress,
    )
    return {
        "constraint_prices": constraint_prices_table(prices),
        "constraint_price_changes": constraint_price_changes_table(prices),
    }


def _with_prices(manifest: Manifests, families: tuple[ConstraintFamily, ...]) -> Manifests:
    """The manifest, with the families priced recorded among the options."""

    def document(files: list[Path]) -> Manifest:
        made = manifest(files)
        priced = [family.name for family in families]
        return made.model_copy(
            update={"options": made.options.model_copy(update={"price_constraints": priced})}
        )

    return document
