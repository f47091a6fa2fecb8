"""`optimiser compare`: the optimum beside the plan and its repair, written as one results folder.

The folder holds everything `solve` writes for the optimum, and beside it the comparison
(`optimiser.results.comparison`): mix_comparison.csv, mixes.csv, value_of_optimising.csv,
plan_violations.csv, repaired_mix.csv and compare.json.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from optimiser.analysis.compare import NoPlanError, run_compare
from optimiser.analysis.repair import RepairError
from optimiser.analysis.solve import result_tables, summary_document
from optimiser.cli import UsageError
from optimiser.cli.common import (
    EXIT_SOLVER_FAILED,
    load,
    print_warnings,
    progress,
    refuse_standard_output,
    writing,
)
from optimiser.cli.solve import report_failure, solve_manifest
from optimiser.models.objectives import objective_basis
from optimiser.report.compare_console import render_compare
from optimiser.results.comparison import comparison_document, comparison_tables
from optimiser.results.folder import results_folder
from optimiser.results.manifest import instance_fingerprint, utc_now
from optimiser.solvers import SolveOptions, Status


@writing
def run(arguments: argparse.Namespace, console: Console) -> int:
    started = utc_now()
    options = SolveOptions(
        time_limit=arguments.time_limit, mip_gap=arguments.mip_gap, lp_method=arguments.lp_method
    )
    refuse_standard_output(arguments.out, "the comparison tables")
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
            return report_failure(solved, options, folder, console, spinner.update, manifest)
        try:
            comparison = rest()
        except RepairError as error:
            kept = f"{folder.label} keeps its previous results" if folder.previous else "nothing was written"
            console.print(
                f"[bold red]The plan could not be repaired[/bold red]: {escape(str(error))}; {kept}."
            )
            return EXIT_SOLVER_FAILED
        manifest = solve_manifest(arguments, solved, fingerprint, started, comparison.plan, "compare")
        spinner.update("Writing the comparison")
        summary = comparison.mixes["optimal"].summary
        tables = {
            **result_tables(solved, summary, comparison.plan, all_rows=arguments.all_rows),
            **comparison_tables(comparison),
        }
        for name, frame in tables.items():
            folder.write_table(name, frame, solved.spelled.get(name))
        planned = comparison.mixes["planned"]
        standing = (comparison.plan, planned.objective, len(planned.violations))
        folder.write_json("summary.json", summary_document(solved, summary, standing))
        basis = objective_basis(solved.objective, instance.config)
        folder.write_json("compare.json", comparison_document(comparison, basis))
        written = folder.commit(manifest)
    render_compare(comparison, tables, console, Path(arguments.out), written)
    return 0
