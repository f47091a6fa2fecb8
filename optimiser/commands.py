"""What each `optimiser` command does; `cli.py` parses the arguments and maps errors to exit codes."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from optimiser.cli import UsageError
from optimiser.console import render_solve, render_summary
from optimiser.diagnose import diagnose, diagnosis_document
from optimiser.evaluate import evaluate_plan
from optimiser.generate import resolve_size, write_instance
from optimiser.instance.container import Instance
from optimiser.instance.load import WORKBOOK_SUFFIXES, load_instance
from optimiser.instance.write import write_folder, write_workbook
from optimiser.lp import lp_text, write_lp
from optimiser.models import build_model
from optimiser.models.occupancy import with_safe_occupancy
from optimiser.mps import write_mps, write_mps_stream
from optimiser.results import json_text, write_json
from optimiser.solve import (
    SolveRun,
    checked_summary,
    comparison_plan,
    remove_stale_results,
    result_tables,
    run_solve,
    write_solve_results,
)
from optimiser.solvers import SolveOptions, Status
from optimiser.summary import summarise, to_json
from optimiser.sweep.overrides import apply_overrides

EXIT_INFEASIBLE = 3
EXIT_UNBOUNDED = 4
EXIT_SOLVER_FAILED = 5


#: Written where a file name is asked for, `-` means standard output.
STANDARD_OUTPUT = "-"


def _load(arguments: argparse.Namespace) -> Instance:
    """The instance named on the command line, with `--safe-occupancy` applied if given."""
    instance = apply_overrides(
        load_instance(arguments.instance, bundled=arguments.bundled), getattr(arguments, "overrides", [])
    )
    setting = getattr(arguments, "safe_occupancy", None)
    return instance if setting is None else with_safe_occupancy(instance, setting)


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


def solve(arguments: argparse.Namespace, console: Console) -> int:
    options = SolveOptions(
        time_limit=arguments.time_limit, mip_gap=arguments.mip_gap, lp_method=arguments.lp_method
    )
    _refuse_standard_output(arguments.out, "the result tables")
    out = Path(arguments.out)
    # A spinner on a terminal says what a long national solve is doing; piped output stays clean.
    with console.status(f"Loading {arguments.instance}") as progress:
        instance = _load(arguments)
        plan = comparison_plan(instance, arguments.plan)
        run = run_solve(
            instance,
            objective=arguments.objective,
            backend=arguments.backend,
            integer=arguments.integer,
            options=options,
            progress=progress.update,
            without=tuple(arguments.without),
        )
        if run.solution.status not in (Status.OPTIMAL, Status.FEASIBLE):
            return _report_failure(run, options, out, console, progress.update)
        progress.update("Checking the solution and writing the result files")
        summary = checked_summary(run)
        tables = result_tables(run, summary, plan)
        written = write_solve_results(run, out, summary, tables)
        remove_stale_results(out, written)
    render_solve(run, summary, tables, console, out, written)
    return 0


def _report_failure(
    run: SolveRun, options: SolveOptions, out: Path, console: Console, progress: Callable[[str], object]
) -> int:
    """Write what a run without a solution knows, explain it, and return its exit status."""
    status = run.solution.status
    out.mkdir(parents=True, exist_ok=True)
    write_json(_failure_document(run), out / "summary.json")
    if status is Status.INFEASIBLE:
        progress("Infeasible: finding the least relaxation that would make it feasible")
        return _explain_infeasible(run, options, out, console)
    remove_stale_results(out, [out / "summary.json"])
    if status is Status.UNBOUNDED:
        console.print(
            "[bold red]Unbounded[/bold red]: the objective can improve without limit; some scale or "
            "bound is missing. Check max_scale in eligibility and the bed targets."
        )
        return EXIT_UNBOUNDED
    console.print(
        f"[bold red]The solver stopped without a usable solution[/bold red] ({run.solution.solver}: "
        f"{run.solution.message or status.value}). Try a longer --time-limit or another --backend."
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


def _explain_infeasible(run: SolveRun, options: SolveOptions, out: Path, console: Console) -> int:
    backend = "highs" if run.backend == "highs" else "cbc"
    relaxations = diagnose(run.model, backend, options)
    document = diagnosis_document(relaxations)
    write_json(document, out / "diagnosis.json")
    text = "\n".join(document["explanation"]) + "\n"
    partial = out / "diagnosis.txt.partial"
    partial.write_text(text, encoding="utf-8")
    partial.replace(out / "diagnosis.txt")
    remove_stale_results(out, [out / "summary.json", out / "diagnosis.json", out / "diagnosis.txt"])
    console.print("[bold red]Infeasible.[/bold red]")
    for line in document["explanation"]:
        console.print(line, highlight=False, markup=False)
    console.print(f"Diagnosis written to {out / 'diagnosis.txt'} and {out / 'diagnosis.json'}")
    return EXIT_INFEASIBLE
