"""The benchmarks themselves: each phase of each path, timed apart, on one instance size."""

from __future__ import annotations

import functools
import statistics
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.floor import BARE, SOLVE, measure_floor
from benchmarks.linopy_build import (
    LINOPY_MISSING,
    check_linopy_objective,
    linopy_available,
    solve_linopy,
    to_linopy,
)
from benchmarks.measure import measure, timed
from benchmarks.registry import Size, instance_path
from optimiser.analysis.evaluate import find_violations
from optimiser.instance.load import load_instance
from optimiser.models import build_model
from optimiser.models.data import build_data
from optimiser.results.summary import summarise
from optimiser.solvers import SolveOptions
from optimiser.solvers.cbc import read_cbc_solution, run_cbc, write_cbc_input
from optimiser.solvers.preference import plain_model

OPTIONS = SolveOptions()


@dataclass
class SizeResult:
    """Everything measured on one size: seconds and peak bytes per phase, and the model's shape."""

    name: str
    rows: int = 0
    columns: int = 0
    nonzeros: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    peak_bytes: dict[str, int] = field(default_factory=dict)
    file_bytes: dict[str, int] = field(default_factory=dict)
    objective: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def record(self, phase: str, seconds: float, peak: int | None = None) -> None:
        self.seconds[phase] = seconds
        if peak is not None:
            self.peak_bytes[phase] = peak


def native_path(size: Size, result: SizeResult, folder: Path) -> None:
    """Load, build, write MPS, solve with CBC, read back, evaluate — each timed apart."""
    path = instance_path(size)
    loaded = measure(lambda: load_instance(path), repeats=size.repeats)
    instance = loaded.value
    result.record("load", loaded.seconds, loaded.peak_bytes)
    built = measure(
        lambda: build_model(instance, "min-cost", data=build_data(instance)), repeats=size.repeats
    )
    model = built.value
    result.rows, result.columns = model.shape
    result.nonzeros = int(model.matrix.nnz)
    result.record("build", built.seconds, built.peak_bytes)
    # The first stage of `solve`: the plain model, without the tie-break that a second stage applies.
    written = measure(lambda: write_cbc_input(plain_model(model), folder), repeats=size.repeats)
    mps = written.value
    result.record("write_mps", written.seconds, written.peak_bytes)
    solution_file, output, seconds = run_cbc(mps, OPTIONS, mip=False, nonzeros=result.nonzeros)
    result.record("cbc_solve", seconds)
    read = measure(lambda: read_cbc_solution(model, solution_file, output, seconds), repeats=size.repeats)
    solution = read.value
    result.record("read_back", read.seconds, read.peak_bytes)
    result.objective["cbc"] = float(solution.objective or np.nan)
    data = build_data(instance)

    def evaluate() -> object:
        assert solution.x is not None
        violations = find_violations(model, data, solution.x)
        return summarise(instance, data, model, solution.x, violations, "min-cost")

    evaluated = measure(evaluate, repeats=size.repeats)
    result.record("evaluate", evaluated.seconds, evaluated.peak_bytes)
    end_to_end(path, result, size.floor_rounds)


def end_to_end(path: Path, result: SizeResult, rounds: int) -> None:
    """`optimiser solve` as a user runs it against bare CBC on the plain exported model, timed
    alternately (`benchmarks.floor`), medians of `rounds`."""
    try:
        floor = measure_floor(path, rounds)
    except RuntimeError as failure:
        result.notes.append(str(failure))
        return
    result.record("end_to_end", floor.median(SOLVE))
    result.record("bare_cbc", floor.median(BARE))
    # The run's own CBC time, as it reported it: the rest of its time is everything but the solver.
    result.record("end_to_end_solver", statistics.median(floor.solver_seconds))
    result.notes.append(f"end to end and bare CBC: medians of {rounds} alternating rounds")


def library_paths(size: Size, result: SizeResult) -> None:
    """The same model built as a PuLP, a Pyomo and (when installed) a linopy model, and at small
    sizes solved through them."""
    from optimiser.solvers.pulp_backend import solve_pulp, to_pulp
    from optimiser.solvers.pyomo_backend import solve_pyomo, to_pyomo

    instance = load_instance(instance_path(size))
    model = build_model(instance, "min-cost")
    # Each library's build and its solve take the model (and the solve options) in their own ways.
    anchors: list[tuple[str, Callable[..., Any], Callable[..., Any]]] = [
        ("pulp", to_pulp, solve_pulp),
        ("pyomo", to_pyomo, solve_pyomo),
    ]
    if linopy_available():
        anchors.append(("linopy", to_linopy, solve_linopy))
    else:
        result.notes.append(LINOPY_MISSING)
    for name, build, solve in anchors:
        # The native build is timed again right beside each library build, so that their ratio
        # compares two builds made under the same load on a shared machine.
        _, native_seconds = timed(
            lambda: build_model(instance, "min-cost", data=build_data(instance)), repeats=size.repeats
        )
        result.record(f"{name}_native_build", native_seconds)
        built = measure(functools.partial(build, model), memory=size.library_solves)
        result.record(f"{name}_build", built.seconds, built.peak_bytes)
        del built
        if size.library_solves:
            solution, seconds = timed(functools.partial(solve, model, OPTIONS))
            result.record(f"{name}_build_and_solve", seconds)
            result.objective[name] = float(solution.objective or np.nan)
    if "linopy" in result.objective:
        check_linopy_objective(result.objective["linopy"], result.objective["cbc"], size.name)


def highs_path(size: Size, result: SizeResult) -> None:
    """HiGHS in process: hand the matrix over, then solve."""
    from optimiser.solvers.highs import HighsSession

    model = build_model(load_instance(instance_path(size)), "min-cost")
    session, seconds = timed(lambda: HighsSession(model, OPTIONS))
    result.record("highs_pass", seconds)
    solution, seconds = timed(session.solve)
    result.record("highs_solve", seconds)
    result.objective["highs"] = float(solution.objective or np.nan)


def run_size(size: Size) -> SizeResult:
    result = SizeResult(size.name)
    with tempfile.TemporaryDirectory(prefix=f"bench-{size.name}-") as folder:
        native_path(size, result, Path(folder))
    highs_path(size, result)
    library_paths(size, result)
    if size.sweep:
        from benchmarks.sweeps import sweep

        sweep(size, result)
    if size.writers:
        from benchmarks.writers import measure_writers

        measure_writers(size, result)
    return result
