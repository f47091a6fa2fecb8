"""What each `optimiser` command does; `cli.py` parses the arguments and maps errors to exit codes."""

from __future__ import annotations

import argparse
import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from optimiser.analysis.diagnose import diagnose, diagnosis_document
from optimiser.analysis.evaluate import evaluate_plan
from optimiser.analysis.solve import (
    SolveRun,
    checked_summary,
    comparison_plan,
    result_tables,
    run_solve,
    write_solve_results,
)
from optimiser.analysis.verify import EXIT_VERIFY_FAILED, VerifyError, verify_folder
from optimiser.cli import UsageError
from optimiser.generate import resolve_size, write_instance
from optimiser.instance.container import Instance
from optimiser.instance.load import WORKBOOK_SUFFIXES, load_instance
from optimiser.instance.write import write_folder, write_workbook
from optimiser.io.atomic import NoRoomError
from optimiser.io.lp import lp_text, write_lp
from optimiser.io.mps import write_mps, write_mps_stream
from optimiser.models import build_model
from optimiser.models.occupancy import with_safe_occupancy
from optimiser.report.console import render_solve, render_summary
from optimiser.results.folder import FolderError, ResultsFolder, results_folder
from optimiser.results.manifest import instance_fingerprint, manifest_document, utc_now
from optimiser.results.summary import summarise, to_json
from optimiser.results.tables import json_text, write_json
from optimiser.solvers import SolveOptions, Status

EXIT_INFEASIBLE = 3
EXIT_UNBOUNDED = 4
EXIT_SOLVER_FAILED = 5
#: A file that could not be written for want of room (a full disk, a quota, a file-size limit).
EXIT_NO_ROOM = 6

Command = Callable[[argparse.Namespace, Console], int]


def _writing(command: Command) -> Command:
    """`command`, with a refused or busy results folder and a full disk ending it in one line."""

    @functools.wraps(command)
    def run(arguments: argparse.Namespace, console: Console) -> int:
        try:
            return command(arguments, console)
        except FolderError as error:
            _error(str(error))
            return error.exit_status
        except NoRoomError as error:
            reason = (error.strerror or "no room").lower()
            _error(f"cannot write {error.filename}: {reason}; nothing was replaced")
            return EXIT_NO_ROOM

    return run


def _error(message: str) -> None:
    Console(stderr=True).print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)


#: Written where a file name is asked for, `-` means standard output.
STANDARD_OUTPUT = "-"


def _load(arguments: argparse.Namespace) -> Instance:
    """The instance named on the command line, with `--safe-occupancy` applied if given."""
    instance = load_instance(arguments.instance, bundled=arguments.bundled)
    setting = getattr(arguments, "safe_occupancy", None)
    return instance if setting is None else with_safe_occupancy(instance, setting)


@_writing
def evaluate(arguments: argparse.Namespace, console: Console) -> int:
    instance = _load(arguments)
    evaluation = evaluate_plan(instance, arguments.plan, tuple(arguments.without))
    summary = summarise(
        instance,
        evaluation.data,
        evaluation.model,
        evaluation.x,
        evaluation.violations,
        label=f"plan {arguments.plan!r}",
    )
    to_stdout = arguments.json == STANDARD_OUTPUT
    # JSON on standard output must be all that is there, so the readable summary goes to stderr.
    render_summary(summary, Console(stderr=True, width=console.width) if to_stdout else console)
    if arguments.json:
        document = to_json(summary)
        document["plan"] = arguments.plan
        if to_stdout:
            sys.stdout.write(json_text(document))
            sys.stdout.flush()
        else:
            write_json(document, Path(arguments.json))
            console.print(f"Wrote {arguments.json}")
    return 0


@_writing
def convert(arguments: argparse.Namespace, console: Console) -> int:
    _refuse_standard_output(arguments.target, "a folder or a workbook")
    instance = load_instance(arguments.source, bundled=arguments.bundled)
    target = Path(arguments.target)
    if target.suffix.lower() in WORKBOOK_SUFFIXES:
        write_workbook(instance, target)
    else:
        write_folder(instance, target)
    console.print(f"Wrote {target}")
    return 0


def validate(arguments: argparse.Namespace, console: Console) -> int:
    instance = _load(arguments)
    counts = ", ".join(
        f"{len(instance.table(name))} {name.replace('_', ' ')}"
        for name in ("places", "sites", "interventions", "eligibility", "planned_mix")
    )
    console.print(f"{instance.path}: valid — {counts}; years {', '.join(instance.years)}")
    return 0


def _refuse_standard_output(target: str, what: str) -> None:
    if target == STANDARD_OUTPUT:
        raise UsageError(f"- (standard output) cannot hold {what}; give a path")


def generate(arguments: argparse.Namespace, console: Console) -> int:
    _refuse_standard_output(arguments.out, "an instance folder")
    size = resolve_size(
        arguments.size,
        places=arguments.places,
        sites=arguments.sites,
        interventions=arguments.interventions,
        years=arguments.years,
    )
    started = time.perf_counter()
    instance = write_instance(arguments.out, size, arguments.seed)
    seconds = time.perf_counter() - started
    model = build_model(instance)
    rows, columns = model.shape
    what = (
        "the bundled Derbyshire instance"
        if size is None
        else f"{size.places:,} places, {size.sites:,} sites, {size.interventions} interventions, "
        f"{size.years} years (seed {arguments.seed})"
    )
    console.print(
        f"Wrote {arguments.out}: {what} in {seconds:.1f} s; min-cost model {rows:,} rows, "
        f"{columns:,} columns, {model.matrix.nnz:,} nonzeros",
        highlight=False,
        soft_wrap=True,
    )
    return 0


@_writing
def export(arguments: argparse.Namespace, console: Console) -> int:
    instance = _load(arguments)
    integer = instance.config.options.integer if arguments.integer is None else arguments.integer
    model = build_model(instance, arguments.objective, integer=integer, without=arguments.without)
    target = arguments.mps or arguments.lp
    rows, columns = model.shape
    what = (
        f"{rows:,} rows, {columns:,} columns, {model.matrix.nnz:,} nonzeros "
        f"({arguments.objective}{', integer' if model.is_mip else ''})"
    )
    if target == STANDARD_OUTPUT:
        if arguments.mps:
            write_mps_stream(model, sys.stdout.buffer)
        else:
            sys.stdout.buffer.write(lp_text(model).encode())
        sys.stdout.flush()
        Console(stderr=True).print(f"Wrote standard output: {what}", highlight=False)
        return 0
    path = write_mps(model, target) if arguments.mps else write_lp(model, target)
    console.print(f"Wrote {path}: {what}")
    return 0


@_writing
def solve(arguments: argparse.Namespace, console: Console) -> int:
    started = utc_now()
    options = SolveOptions(
        time_limit=arguments.time_limit, mip_gap=arguments.mip_gap, lp_method=arguments.lp_method
    )
    _refuse_standard_output(arguments.out, "the result tables")
    # The folder is checked and locked first, so that a run that could not write its results, or
    # that would collide with another run, is turned away before it solves.
    with results_folder(arguments.out) as folder, console.status(f"Loading {arguments.instance}") as progress:
        # A spinner on a terminal says what a long national solve is doing; piped output stays clean.
        instance = _load(arguments)
        plan = comparison_plan(instance, arguments.plan)
        fingerprint = instance_fingerprint(instance.path)
        run = run_solve(
            instance,
            objective=arguments.objective,
            backend=arguments.backend,
            integer=arguments.integer,
            options=options,
            progress=progress.update,
            without=tuple(arguments.without),
        )
        manifest = _manifest(arguments, run, fingerprint, started, plan)
        if run.solution.status not in (Status.OPTIMAL, Status.FEASIBLE):
            return _report_failure(run, options, folder, console, progress.update, manifest)
        progress.update("Checking the solution and writing the result files")
        summary = checked_summary(run)
        tables = result_tables(run, summary, plan)
        written = write_solve_results(run, folder, summary, tables, manifest)
    render_solve(run, summary, tables, console, Path(arguments.out), written)
    return 0


Manifest = Callable[[list[Path]], dict[str, Any]]


def _manifest(
    arguments: argparse.Namespace,
    run: SolveRun,
    fingerprint: dict[str, Any],
    started: str,
    plan: str | None,
) -> Manifest:
    """The manifest of this run, to be made from the files it stages."""
    options = {
        "objective": run.objective,
        "backend": run.backend,
        "integer": run.integer,
        "time_limit": arguments.time_limit,
        "mip_gap": arguments.mip_gap,
        "lp_method": arguments.lp_method,
        "plan": plan,
        "safe_occupancy": run.instance.config.options.safe_occupancy,
        "families_switched_off": run.families_switched_off,
    }
    solver = {"name": run.solution.solver, "version": run.solution.version}

    def document(files: list[Path]) -> dict[str, Any]:
        return manifest_document(
            command="solve",
            status=run.solution.status.value,
            instance=fingerprint,
            options=options,
            solver=solver,
            started=started,
            files=files,
        )

    return document


def _report_failure(
    run: SolveRun,
    options: SolveOptions,
    folder: ResultsFolder,
    console: Console,
    progress: Callable[[str], object],
    manifest: Manifest,
) -> int:
    """Explain a run without a solution and return its exit status.

    Infeasible and unbounded are answers about the model: they replace the folder's run with their
    own (summary.json, and for an infeasible model its diagnosis). A solver that failed or stopped
    without a solution says nothing about the model, so the folder keeps its previous run.
    """
    status = run.solution.status
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


def _failure_document(run: SolveRun) -> dict[str, object]:
    return {
        "instance": run.instance.name,
        "status": run.solution.status.value,
        "objective": {"name": run.objective, "value": None},
        "solver": {
            "backend": run.backend,
            "name": run.solution.solver,
            "version": run.solution.version,
            "message": run.solution.message,
        },
        "wall_seconds": {"build": round(run.build_seconds, 3), "solve": round(run.solution.wall_seconds, 3)},
    }


def _explain_infeasible(
    run: SolveRun, options: SolveOptions, folder: ResultsFolder, console: Console, manifest: Manifest
) -> int:
    backend = "highs" if run.backend == "highs" else "cbc"
    relaxations = diagnose(run.model, backend, options)
    document = diagnosis_document(relaxations)
    folder.write_json("diagnosis.json", document)
    folder.write_text("diagnosis.txt", "\n".join(document["explanation"]) + "\n")
    folder.commit(manifest)
    console.print("[bold red]Infeasible.[/bold red]")
    for line in document["explanation"]:
        console.print(line, highlight=False, markup=False)
    where = folder.label
    console.print(f"Diagnosis written to {where / 'diagnosis.txt'} and {where / 'diagnosis.json'}")
    return EXIT_INFEASIBLE


def verify(arguments: argparse.Namespace, console: Console) -> int:
    folder = Path(arguments.folder)
    try:
        report = verify_folder(folder)
    except VerifyError as error:
        _error(f"verify failed: {error}")
        return EXIT_VERIFY_FAILED
    console.print(f"{folder}: verified", markup=False, highlight=False)
    for line in report:
        console.print(f"  {line}", markup=False, highlight=False, soft_wrap=True)
    return 0
