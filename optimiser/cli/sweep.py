"""`optimiser sweep` and `optimiser ranges`: thin command functions over the sweep package."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from optimiser.analysis.sweep.design import SCENARIO, design
from optimiser.analysis.sweep.execute import WorkerLostError, Workers
from optimiser.analysis.sweep.overrides import Change, changed, select, validated
from optimiser.analysis.sweep.run import run_sweep
from optimiser.analysis.sweep.spec import SweepSpec, load_spec
from optimiser.cli.common import EXIT_SOLVER_FAILED
from optimiser.instance.container import Instance
from optimiser.instance.errors import InstanceError
from optimiser.instance.load import load_instance
from optimiser.instance.write import write_folder

#: The least time the progress bar's rate is measured over.
RATE_SECONDS = 1.0


def sweep(arguments: argparse.Namespace, console: Console) -> int:
    instance = load_instance(arguments.instance, bundled=arguments.bundled)
    spec = load_spec(arguments.spec)
    out = Path(arguments.out)
    if arguments.export_scenario is not None:
        folder = export_scenario(instance, spec, arguments.spec, arguments.export_scenario, out)
        console.print(f"Wrote scenario {arguments.export_scenario} as an instance folder: {folder}")
        return 0
    workers = Workers(
        jobs=arguments.jobs, dask_local=arguments.dask_local or 0, scheduler=arguments.scheduler
    )
    started = time.perf_counter()
    with _progress(console) as bar:
        task = bar.add_task("Preparing (probing the model, solving the base)", total=None, failed=0, rate="")
        first: list[tuple[float, int]] = []

        def tell(done: int, total: int, failed: int) -> None:
            now = time.perf_counter()
            first[:] = first or [(now, done)]
            seconds, before = now - first[0][0], first[0][1]
            # A rate over less than a second is a burst of one chunk's records, not a rate.
            rate = f"{(done - before) / seconds:.1f} a second" if seconds >= max(RATE_SECONDS, 1e-9) else ""
            bar.update(task, description="Scenarios", completed=done, total=total, failed=failed, rate=rate)

        try:
            document = run_sweep(
                instance, spec, arguments.spec, out, workers=workers, resume=arguments.resume, progress=tell
            )
        except WorkerLostError as lost:
            bar.stop()
            Console(stderr=True).print(f"error: {lost}", markup=False, highlight=False, soft_wrap=True)
            return EXIT_SOLVER_FAILED
    counts = document["counts"]
    statuses = ", ".join(f"{count} {status}" for status, count in counts["by_status"].items())
    console.print(
        f"Swept {counts['scenarios']} scenarios of {instance.name} ({spec.method}, {spec.mode}) in "
        f"{time.perf_counter() - started:.1f} s on {workers.label}: {statuses}; "
        f"{counts['cold_checked']} re-solved cold to check, "
        f"{counts['cold_re_solves']} replaced by a cold re-solve",
        highlight=False,
        soft_wrap=True,
    )
    console.print(f"Engine: {document['engine']}", highlight=False, soft_wrap=True)
    console.print(f"Wrote {out}", highlight=False)
    return 0


def _progress(console: Console) -> Progress:
    """A progress bar on a terminal (done of total, failures, rate); nothing when output is piped."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[failed]} failed"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


def scenario_values(spec: SweepSpec, number: int, label: str) -> np.ndarray:
    scenarios = design(spec)
    chosen = scenarios[scenarios[SCENARIO] == number]
    if chosen.empty:
        raise InstanceError(label, f"no scenario {number}: the sweep has scenarios 1 to {len(scenarios)}")
    return chosen[[parameter.name for parameter in spec.parameters]].to_numpy(dtype=float)[0]


def scenario_instance(instance: Instance, spec: SweepSpec, label: str, number: int) -> Instance:
    """Scenario `number` of the sweep as a validated instance."""
    values = scenario_values(spec, number, label)
    changes = []
    for position, (parameter, value) in enumerate(zip(spec.parameters, values, strict=True)):
        if np.isnan(value):
            continue
        where = {
            column: (item,) if isinstance(item, str) else item for column, item in parameter.where.items()
        }
        named = f"{label}, parameter[{position + 1}] {parameter.name!r}"
        selection = select(instance, parameter.table, where, parameter.field, named)
        changes.append(Change(selection, parameter.operation, float(value)))
    return validated(changed(instance, changes), f"{label}, scenario {number}")


def export_scenario(instance: Instance, spec: SweepSpec, label: str, number: int, out: Path) -> Path:
    """Write scenario `number` as an ordinary instance folder, for `optimiser solve` on its own."""
    return write_folder(scenario_instance(instance, spec, label, number), out)


def ranges(arguments: argparse.Namespace, console: Console) -> int:
    """`optimiser ranges`: where each cost and binding limit keeps the optimal basis, in plain units."""
    from rich.markup import escape
    from rich.table import Table

    from optimiser.analysis.sweep.overrides import apply_overrides
    from optimiser.analysis.sweep.ranging import ranging_table

    instance = apply_overrides(
        load_instance(arguments.instance, bundled=arguments.bundled), arguments.overrides
    )
    table = ranging_table(instance, arguments.objective)
    shown = Table(title=f"Ranging of the {arguments.objective} optimum of {instance.name}")
    for column in ("kind", "name", "value", "low", "high", "unit"):
        shown.add_column(column, justify="right" if column in ("value", "low", "high") else "left")
    for row in table.itertuples(index=False):
        shown.add_row(
            row.kind,
            escape(row.name),
            f"{row.value:.6g}",
            f"{row.low:.6g}",
            f"{row.high:.6g}",
            escape(row.unit),
        )
    console.print(shown)
    if arguments.out:
        table.to_csv(arguments.out, index=False, lineterminator="\n")
        console.print(f"Wrote {arguments.out}")
    return 0


#: The command `optimiser sweep` runs (see `optimiser.cli._run`).
run = sweep
