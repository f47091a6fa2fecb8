"""CBC, the binary PuLP ships, fed an MPS file written straight from the matrix.

CBC runs in a process of its own (see `optimiser.solvers.process`: its own process group, killed
with the tool and past its time limit). It writes its status in a text solution file, whose first
line is read, and every value at full double precision with `-saveSolution`, a binary file of two
int32 counts (rows, columns) and then float64s: the objective, row activities, row duals, column
values and reduced costs. The text file's values carry only eight significant digits, too few for
the answer to satisfy its own model to 1e-7.

`OPTIMISER_CBC`, if set, names the CBC binary to run instead of PuLP's (another CBC build, or in
the tests a fake one that hangs, crashes or writes junk).
"""

from __future__ import annotations

import functools
import importlib.util
import os
import platform
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from optimiser.io.mps import write_mps
from optimiser.linear import LinearModel
from optimiser.solvers.process import GRACE_SECONDS, Finished, SolverError, run_solver
from optimiser.solvers.result import (
    BARRIER_NONZEROS,
    UNPROVEN_MESSAGE,
    Solution,
    SolveOptions,
    Status,
    finish,
    solver_objective,
    unproven,
    without_values,
)

#: The environment variable naming a CBC binary to run instead of the one PuLP ships.
CBC_ENVIRONMENT = "OPTIMISER_CBC"

#: The first words of CBC's status line, most specific first. A run stopped by a limit is a
#: candidate incumbent, kept only if it passes verification; a MILP stopped before any integer
#: solution returns its LP relaxation ("continuous used"), which is no solution at all.
_STATUS = (
    ("Optimal", Status.OPTIMAL),
    ("Integer infeasible", Status.INFEASIBLE),
    ("Infeasible", Status.INFEASIBLE),
    ("Unbounded", Status.UNBOUNDED),
    ("Stopped", Status.FEASIBLE),
)
#: CBC's bound on a MILP it stopped early, in its own minimisation.
#: The version line of CBC's banner, printed at the start of every run.
_VERSION = re.compile(r"Version:\s*(\S+)")
_BOUND = (re.compile(r"best possible (\S+?)\)"), re.compile(r"^Lower bound:\s+(\S+)", re.MULTILINE))


def cbc_path() -> str:
    """Path of the CBC executable: `OPTIMISER_CBC` if set, otherwise the one bundled with PuLP."""
    override = os.environ.get(CBC_ENVIRONMENT)
    if override:
        path = Path(override)
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise SolverError(
                f"{CBC_ENVIRONMENT} names {path}, which is not an executable file; point it at a CBC "
                f"binary or unset it to use PuLP's"
            )
        return str(path.resolve())
    return _bundled_cbc()


@functools.cache
def _bundled_cbc() -> str:
    path = _pulp_package_cbc() or Path(_pulp_cbc_path()).resolve()
    if not (path.is_file() and os.access(path, os.X_OK)):
        raise SolverError(
            f"PuLP's bundled CBC binary is missing or not executable ({path}); reinstall PuLP "
            f"(pip install --force-reinstall 'pulp<4') or set {CBC_ENVIRONMENT} to a CBC binary"
        )
    return str(path)


def _pulp_package_cbc() -> Path | None:
    """The CBC binary in PuLP's package data, found without importing PuLP (a twentieth of a second
    that a solve would otherwise pay), at the path PuLP itself uses: `solverdir/cbc/<system>/<arch>/`.
    None when it is not there, and PuLP is then asked."""
    spec = importlib.util.find_spec("pulp")
    if spec is None or spec.origin is None:
        return None
    if sys.platform in ("win32", "cli"):
        system, name = "win", "cbc.exe"
    else:
        system, name = ("osx" if sys.platform == "darwin" else "linux"), "cbc"
    if sys.maxsize <= 2**32:
        arch = "i32"
    elif system != "osx" and platform.machine().lower() in ("aarch64", "arm64"):
        arch = "arm64"
    else:
        arch = "i64"
    path = (Path(spec.origin).parent / "solverdir" / "cbc" / system / arch / name).resolve()
    return path if path.is_file() and os.access(path, os.X_OK) else None


def _pulp_cbc_path() -> str:
    from pulp.apis import coin_api

    return str(coin_api.pulp_cbc_path)


def cbc_version(output: str = "") -> str:
    """CBC's version: from its own banner in `output` when a run printed one, otherwise by asking it."""
    match = _VERSION.search(output)
    if match:
        return match.group(1)
    try:
        return _version_of(cbc_path())
    except SolverError:
        return "unknown"


@functools.cache
def _version_of(path: str) -> str:
    try:
        output = subprocess.run(
            [path, "-quit"], capture_output=True, text=True, errors="replace", timeout=GRACE_SECONDS
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    match = _VERSION.search(output)
    return match.group(1) if match else "unknown"


def cbc_command(
    mps: Path, solution: Path, options: SolveOptions, *, mip: bool, nonzeros: int = 0
) -> list[str]:
    """The CBC command line that solves `mps` and writes its status and values next to `solution`.

    Options come first; then the command that solves (`-solve` for a MILP; for an LP the chosen
    method, see `SolveOptions.lp_method`); then the binary values (`solution` with suffix `.bin`)
    and the text solution, whose first line is the status.
    """
    tolerance = f"{options.tolerance:g}"
    command = [cbc_path(), str(mps), "-primalT", tolerance, "-dualT", tolerance]
    if options.time_limit is not None:
        # Wall-clock time, as the user means it; CBC's default counts CPU seconds.
        command += ["-timeMode", "elapsed", "-sec", f"{options.time_limit:g}"]
    if options.threads is not None:
        command += ["-threads", str(options.threads)]
    if mip:
        command += ["-ratioGap", f"{options.mip_gap:g}", "-solve"]
    else:
        method = options.lp_method
        if method == "auto":
            method = "barrier" if nonzeros >= BARRIER_NONZEROS else "dual"
        command += [{"dual": "-dualSimplex", "primal": "-primalSimplex", "barrier": "-barrier"}[method]]
    values = solution.with_suffix(".bin")
    return [*command, "-saveSolution", str(values), "-printingOptions", "all", "-solution", str(solution)]


def write_cbc_input(model: LinearModel, folder: Path) -> Path:
    """The MPS file CBC solves: the model minimising its solver objective, with generic names.

    A minimising LP without tie-break costs (the first stage of every LP solve) is written exactly
    as `optimiser export --mps` writes it, but for the names; CBC ignores OBJSENSE, so any other
    model is written as the minimisation the backends solve.
    """
    if model.sense == "min" and not model.is_mip and not model.tie_break.any():
        return write_mps(model, folder / "model.mps", generic=True)
    costs, _ = solver_objective(model)
    return write_mps(model, folder / "model.mps", costs=costs, generic=True)


def run_cbc(
    mps: Path,
    options: SolveOptions,
    *,
    mip: bool,
    nonzeros: int = 0,
    while_solving: Callable[[], object] | None = None,
) -> tuple[Path, str, float]:
    """Run the CBC binary on `mps`; return the text solution file, CBC's output and its wall time.

    `while_solving`, if given, runs in this process while CBC runs in its own: work that does not
    need the solution (names, report structures) is then off the critical path. CBC is killed on
    any exception or interrupt, and past its time limit plus a grace period (`SolverError`).
    """
    solution_file = mps.with_name("solution.txt")
    command = cbc_command(mps, solution_file, options, mip=mip, nonzeros=nonzeros)
    finished = run_solver(command, "CBC", time_limit=options.time_limit, while_solving=while_solving)
    if options.verbose:
        print(finished.output)
    if finished.returncode != 0:
        raise SolverError(f"CBC exited with status {finished.returncode}: {_last_line(finished)}")
    return solution_file, finished.output, finished.seconds


def _last_line(finished: Finished | str) -> str:
    output = finished.output if isinstance(finished, Finished) else finished
    lines = output.strip().splitlines()
    return lines[-1].strip() if lines else "no output"


def solve_cbc(
    model: LinearModel, options: SolveOptions, while_solving: Callable[[], object] | None = None
) -> Solution:
    """Write the model as MPS (as a minimisation), run CBC on it, read every value back.

    Any fault of CBC's (missing, killed, hung, unreadable output) is a `Status.ERROR` whose message
    is one line; the scratch folder goes on every path.
    """
    seconds = 0.0
    try:
        with tempfile.TemporaryDirectory(dir=options.work_dir) as folder:
            mps = write_cbc_input(model, Path(folder))
            solution_file, output, seconds = run_cbc(
                mps, options, mip=model.is_mip, nonzeros=int(model.matrix.nnz), while_solving=while_solving
            )
            return read_cbc_solution(model, solution_file, output, seconds, options.time_limit)
    except SolverError as fault:
        return without_values(
            Status.ERROR, solver="cbc", version=cbc_version(), seconds=seconds, message=str(fault)
        )


def cbc_status(header: str) -> Status:
    """The status a line like "Stopped on time - objective value 3.5" stands for."""
    status = next((status for prefix, status in _STATUS if header.startswith(prefix)), Status.ERROR)
    if status is Status.FEASIBLE and ("objective value" not in header or "no integer solution" in header):
        status = Status.NO_SOLUTION
    if "infeasible" in header.lower() and status is Status.FEASIBLE:
        status = Status.INFEASIBLE
    return status


def cbc_bound(output: str) -> float | None:
    """The bound CBC printed for a MILP it stopped early (its own minimisation), if it printed one."""
    for pattern in _BOUND:
        match = pattern.search(output)
        if match:
            try:
                return float(match.group(1))
            except ValueError:
                return None
    return None


def read_values(path: Path, shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Row activities, row duals, column values and reduced costs from CBC's `-saveSolution` file.

    Raises `SolverError` when the file is missing, cut short, padded or for another model.
    """
    rows, columns = shape
    expected = 8 + 8 * (1 + 2 * rows + 2 * columns)
    try:
        data = path.read_bytes()
    except OSError:
        raise SolverError("CBC wrote no values (its -saveSolution file is missing)") from None
    counts = tuple(int(count) for count in np.frombuffer(data[:8], dtype="<i4")) if len(data) >= 8 else ()
    if counts != (rows, columns) or len(data) != expected:
        raise SolverError(
            f"CBC's solution file is truncated or corrupt: {len(data):,} bytes for counts {counts}, "
            f"expected {expected:,} bytes for {rows:,} rows and {columns:,} columns"
        )
    values = np.frombuffer(data, dtype="<f8", offset=8)
    activities, duals = values[1 : 1 + rows], values[1 + rows : 1 + 2 * rows]
    x = values[1 + 2 * rows : 1 + 2 * rows + columns]
    reduced = values[1 + 2 * rows + columns :]
    return activities.copy(), duals.copy(), x.copy(), reduced.copy()


def read_cbc_solution(
    model: LinearModel, solution_file: Path, output: str, seconds: float, time_limit: float | None = None
) -> Solution:
    """Read CBC's status and values back into a verified `Solution` (`SolverError` if unreadable)."""
    try:
        first = solution_file.read_bytes().partition(b"\n")[0]
    except OSError:
        raise SolverError(f"CBC wrote no solution file ({_last_line(output)})") from None
    header = first.decode(errors="replace").strip()[:200]
    status = cbc_status(header)
    if status is Status.ERROR:
        raise SolverError(f"CBC's solution file does not start with a status: {header!r}")
    if status not in (Status.OPTIMAL, Status.FEASIBLE):
        final = unproven(status, mip=model.is_mip, seconds=seconds, time_limit=time_limit)
        message = header if final is status else f"{UNPROVEN_MESSAGE} (CBC: {header})"
        return without_values(
            final, solver="cbc", version=cbc_version(output), seconds=seconds, message=message
        )
    _, row_duals, x, reduced = read_values(solution_file.with_suffix(".bin"), model.shape)
    if model.is_mip:
        # CBC gives the last LP's duals for a MILP; the fixed-LP duals replace them (see `solve`).
        row_duals, reduced = np.zeros(model.shape[0]), np.zeros(model.shape[1])
    bound = cbc_bound(output) if model.is_mip and status is Status.FEASIBLE else None
    return finish(
        model,
        status,
        x,
        row_duals,
        reduced,
        solver="cbc",
        version=cbc_version(output),
        seconds=seconds,
        message=header,
        bound=bound,
    )
