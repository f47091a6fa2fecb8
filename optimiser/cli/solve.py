"""`optimiser solve`: build, solve, check and write one whole results folder."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.console import Console
from rich.markup import escape

from optimiser.analysis.solve import SolveRun, comparison_plan, plan_standing, run_solve
from optimiser.cli import EXIT_SYSTEM
from optimiser.cli.common import (
    EXIT_INFEASIBLE,
    EXIT_NO_ROOM,
    EXIT_SOLVER_FAILED,
    EXIT_UNBOUNDED,
    load,
    print_error,
    print_warnings,
    progress,
    refuse_standard_output,
    solve_options,
    workbook_target,
    writing,
)
from optimiser.io.atomic import NoRoomError
from optimiser.results.documents.manifest import InstanceFingerprint, Manifest, RunOptions, SolverVersion
from optimiser.results.folder import ResultsFolder, results_folder
from optimiser.results.manifest import instance_fingerprint, manifest_document, package_versions, utc_now
from optimiser.solvers import SolveOptions, Status

if TYPE_CHECKING:
    from optimiser.results.documents.summary import FailedSummary

#: The modules that report a solution (its tables, files and console account), needed only once
#: there is one: imported while CBC runs (`prepare_results`) rather than before the run starts.
REPORTING = ("optimiser.analysis.solve_results", "optimiser.report.console")


def prepare_results() -> None:
    """What reporting a solution needs that no solution does, done while CBC runs in a process of
    its own and this one would wait: its modules imported, the manifest's package versions read,
    the console's first render made (`optimiser.report.console.warm_up`)."""
    for module in REPORTING:
        importlib.import_module(module)
    package_versions()
    from optimiser.report.console import warm_up

    warm_up()


@writing
def run(arguments: argparse.Namespace, console: Console) -> int:
    started = utc_now()
    options = solve_options(arguments)
    refuse_standard_output(arguments.out, "the result tables")
    workbook = workbook_target(arguments.xlsx, arguments.out)
    # The folder is checked and locked first, so that a run that could not write its results, or
    # that would collide with another run, is turned away before it solves.
    with (
        results_folder(arguments.out) as folder,
        progress(console, f"Loading {arguments.instance}") as spinner,
    ):
        # A spinner on a terminal says what a long national solve is doing; piped output stays clean.
        instance = load(arguments)
        plan = comparison_plan(instance, arguments.plan)
        fingerprint = instance_fingerprint(instance.path)
        run = run_solve(
            instance,
            objective=arguments.objective,
            backend=arguments.backend,
            integer=arguments.integer,
            options=options,
            progress=spinner.update,
            without=tuple(arguments.without),
            # The plan's standing and `prepare_results` need no solution: done while CBC runs.
            plan=plan,
            meanwhile=prepare_results,
        )
        print_warnings(run.findings)
        manifest = solve_manifest(arguments, run, fingerprint, started, plan)
        if run.solution.status not in (Status.OPTIMAL, Status.FEASIBLE):
            return report_failure(run, options, folder, console, spinner.update, manifest, workbook)
        spinner.update("Checking the solution and writing the result files")
        # Imported while the solver ran (`prepare_results`): nothing to load here.
        from optimiser.analysis.solve_results import checked_summary, result_tables, write_solve_results
        from optimiser.report.console import render_solve

        summary = checked_summary(run)
        tables = result_tables(run, summary, plan, all_rows=arguments.all_rows)
        standing = plan_standing(run, plan)
        written = write_solve_results(run, folder, summary, tables, manifest, standing)
        status = write_workbook(arguments.out, workbook, spinner.update)
    render_solve(run, summary, tables, console, Path(arguments.out), written, standing)
    say_workbook(workbook, console, status)
    return status


def write_workbook(out: str, workbook: Path | None, progress: Callable[[str], object]) -> int:
    """Write the results folder `out`, committed, as the workbook asked for (if one was), while the
    folder's lock is still held so that no other run can change the folder being read. Returns the
    exit status: a workbook that cannot be written is one line, the results folder staying whole."""
    if workbook is None:
        return 0
    progress(f"Writing the workbook {workbook}")
    # xlsxwriter is imported only when a workbook is asked for.
    from optimiser.report.workbook import write_results_workbook

    try:
        write_results_workbook(out, workbook)
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        print_error(
            f"cannot write {workbook}: {reason}; the results in {out} are whole, the workbook is not written"
        )
        return EXIT_NO_ROOM if isinstance(error, NoRoomError) else EXIT_SYSTEM
    return 0


def say_workbook(workbook: Path | None, console: Console, status: int) -> None:
    if workbook is not None and status == 0:
        console.print(f"Workbook: {escape(str(workbook))}", highlight=False)


Manifests = Callable[[list[Path]], Manifest]


def solve_manifest(
    arguments: argparse.Namespace,
    run: SolveRun,
    fingerprint: InstanceFingerprint,
    started: str,
    plan: str | None,
    command: str = "solve",
) -> Manifests:
    """The manifest of this run of `command` (solve, or compare, which solves too), to be made from
    the files it stages."""
    options = RunOptions(
        objective=run.objective,
        backend=run.backend,
        integer=run.integer,
        time_limit=arguments.time_limit,
        mip_gap=arguments.mip_gap,
        lp_method=arguments.lp_method,
        plan=plan,
        safe_occupancy=run.instance.config.options.safe_occupancy,
        families_switched_off=run.families_switched_off,
        overrides=list(getattr(arguments, "overrides", None) or []),
    )
    solver = SolverVersion(name=run.solution.solver, version=run.solution.version)

    def document(files: list[Path]) -> Manifest:
        return manifest_document(
            command=command,
            status=run.solution.status.value,
            instance=fingerprint,
            options=options,
            solver=solver,
            started=started,
            files=files,
        )

    return document


def report_failure(
    run: SolveRun,
    options: SolveOptions,
    folder: ResultsFolder,
    console: Console,
    progress: Callable[[str], object],
    manifest: Manifests,
    workbook: Path | None = None,
) -> int:
    """Explain a run without a solution and return its exit status.

    Infeasible and unbounded are answers about the model: they replace the folder's run with their
    own (summary.json, and for an infeasible model its diagnosis). A solver that failed or stopped
    without a solution says nothing about the model, so the folder keeps its previous run.
    """
    status = run.solution.status
    if workbook is not None:
        # The workbook holds result tables; a run without a solution has none to give it.
        console.print(f"No workbook written ({escape(str(workbook))}): the run has no solution to tabulate.")
    if status is Status.INFEASIBLE:
        folder.write_json("summary.json", _failure_document(run))
        progress("Infeasible: finding the least relaxation that would make it feasible")
        return _explain_infeasible(run, options, folder, console, manifest)
    if status is Status.UNBOUNDED:
        folder.write_json("summary.json", _failure_document(run))
        folder.commit(manifest)
        console.print(
            "[bold red]Unbounded[/bold red]: the objective can improve without limit; some scale or "
            "bound is missing. Check max_scale in eligibility and the bed targets."
        )
        return EXIT_UNBOUNDED
    kept = f"{folder.label} keeps its previous results" if folder.previous else "no results were written"
    console.print(
        f"[bold red]The solver stopped without a usable solution[/bold red] ({run.solution.solver}: "
        f"{escape(run.solution.message or status.value)}). Try a longer --time-limit or another "
        f"--backend; {kept}."
    )
    return EXIT_SOLVER_FAILED


def _failure_document(run: SolveRun) -> FailedSummary:
    # Only a run without a solution writes this summary.
    from optimiser.results.documents.summary import (
        FailedObjective,
        FailedStatus,
        FailedSummary,
        Solver,
        SolveSeconds,
    )

    return FailedSummary(
        instance=run.instance.name,
        # Written for an infeasible or unbounded run only; the model checks.
        status=cast(FailedStatus, run.solution.status.value),
        objective=FailedObjective(name=run.objective, value=None),
        solver=Solver(
            backend=run.backend,
            name=run.solution.solver,
            version=run.solution.version,
            message=run.solution.message,
        ),
        wall_seconds=SolveSeconds(
            build=round(run.build_seconds, 3), solve=round(run.solution.wall_seconds, 3)
        ),
    )


def _explain_infeasible(
    run: SolveRun, options: SolveOptions, folder: ResultsFolder, console: Console, manifest: Manifests
) -> int:
    # Imported only for an infeasible model: a solve that finds a solution never diagnoses one.
    from optimiser.analysis.diagnose import diagnose, diagnosis_document

    backend = "highs" if run.backend == "highs" else "cbc"
    relaxations = diagnose(run.model, backend, options)
    document = diagnosis_document(relaxations)
    folder.write_json("diagnosis.json", document)
    folder.write_text("diagnosis.txt", "\n".join(document.explanation) + "\n")
    folder.commit(manifest)
    console.print("[bold red]Infeasible.[/bold red]")
    for line in document.explanation:
        console.print(line, highlight=False, markup=False)
    where = folder.label
    console.print(f"Diagnosis written to {where / 'diagnosis.txt'} and {where / 'diagnosis.json'}")
    return EXIT_INFEASIBLE
