"""CBC, the binary PuLP ships, fed an MPS file written straight from the matrix."""

from __future__ import annotations

import functools
import io
import re
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from optimiser.linear import LinearModel
from optimiser.mps import write_mps
from optimiser.solvers.result import (
    BARRIER_NONZEROS,
    Solution,
    SolveOptions,
    Status,
    finish,
    solver_objective,
    without_values,
)

_STATUS = (
    ("Optimal", Status.OPTIMAL),
    ("Infeasible", Status.INFEASIBLE),
    ("Integer infeasible", Status.INFEASIBLE),
    ("Unbounded", Status.UNBOUNDED),
    ("Stopped", Status.FEASIBLE),
)


@functools.cache
def cbc_path() -> str:
    """Path of the CBC executable bundled with PuLP."""
    from pulp.apis import coin_api

    path = Path(coin_api.pulp_cbc_path).resolve()
    if not path.is_file():
        raise RuntimeError(f"PuLP's bundled CBC binary is missing ({path}); reinstall pulp < 4")
    return str(path)


@functools.cache
def cbc_version() -> str:
    output = subprocess.run([cbc_path(), "-quit"], capture_output=True, text=True, check=False).stdout
    match = re.search(r"Version:\s*(\S+)", output)
    return match.group(1) if match else "unknown"


def cbc_command(
    mps: Path, solution: Path, options: SolveOptions, *, mip: bool, nonzeros: int = 0
) -> list[str]:
    """The CBC command line that solves `mps` and writes every row and column to `solution`.

    Options come first; then the command that solves (`-solve` for a MILP; for an LP the chosen
    method, see `SolveOptions.lp_method`); then the solution file.
    """
    tolerance = f"{options.tolerance:g}"
    command = [cbc_path(), str(mps), "-primalT", tolerance, "-dualT", tolerance]
    if options.time_limit is not None:
        command += ["-sec", f"{options.time_limit:g}"]
    if options.threads is not None:
        command += ["-threads", str(options.threads)]
    if mip:
        command += ["-ratioGap", f"{options.mip_gap:g}", "-solve"]
    else:
        method = options.lp_method
        if method == "auto":
            method = "barrier" if nonzeros >= BARRIER_NONZEROS else "dual"
        command += [{"dual": "-dualSimplex", "primal": "-primalSimplex", "barrier": "-barrier"}[method]]
    return [*command, "-printingOptions", "all", "-solution", str(solution)]


def write_cbc_input(model: LinearModel, folder: Path) -> Path:
    """The MPS file CBC solves: the model minimising its solver objective."""
    costs, _ = solver_objective(model)
    return write_mps(model, folder / "model.mps", costs=costs)


def run_cbc(
    mps: Path,
    options: SolveOptions,
    *,
    mip: bool,
    nonzeros: int = 0,
    while_solving: Callable[[], object] | None = None,
) -> tuple[Path, str, float]:
    """Run the CBC binary on `mps`; return the solution file, CBC's output and CBC's wall time.

    `while_solving`, if given, runs in this process while CBC runs in its own: work that does not
    need the solution (names, report structures) is then off the critical path.
    """
    solution_file = mps.with_name("solution.txt")
    command = cbc_command(mps, solution_file, options, mip=mip, nonzeros=nonzeros)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    finished: dict[str, object] = {}

    def wait() -> None:
        finished["output"], _ = process.communicate()
        finished["seconds"] = time.perf_counter() - started

    waiter = threading.Thread(target=wait, daemon=True)
    waiter.start()
    try:
        if while_solving is not None:
            while_solving()
        waiter.join()
    except BaseException:
        # A failure or an interrupt here must not leave CBC running on its own.
        process.kill()
        raise
    output = str(finished["output"] or "")
    if options.verbose:
        print(output)
    return solution_file, output, float(finished["seconds"])  # type: ignore[arg-type]


def read_cbc_solution(model: LinearModel, solution_file: Path, output: str, seconds: float) -> Solution:
    """Read CBC's solution file back into a `Solution` (an error if CBC wrote none)."""
    if not solution_file.exists():
        message = output.strip().splitlines()[-1:] or ["no output"]
        return without_values(
            Status.ERROR,
            solver="cbc",
            version=cbc_version(),
            seconds=seconds,
            message=message[0],
        )
    return _read_solution(model, solution_file, seconds)


def solve_cbc(
    model: LinearModel, options: SolveOptions, while_solving: Callable[[], object] | None = None
) -> Solution:
    """Write the model as MPS (as a minimisation), run CBC on it, read every value back."""
    with tempfile.TemporaryDirectory(dir=options.work_dir) as folder:
        mps = write_cbc_input(model, Path(folder))
        solution_file, output, seconds = run_cbc(
            mps, options, mip=model.is_mip, nonzeros=int(model.matrix.nnz), while_solving=while_solving
        )
        return read_cbc_solution(model, solution_file, output, seconds)


def _read_solution(model: LinearModel, path: Path, seconds: float) -> Solution:
    """Parse CBC's solution file: a status line, rows (activity, dual), columns (value, reduced cost)."""
    text = path.read_bytes()
    first, _, body = text.partition(b"\n")
    header = first.decode(errors="replace").strip()
    status = next((status for prefix, status in _STATUS if header.startswith(prefix)), Status.ERROR)
    if status is Status.FEASIBLE and "objective value" not in header:
        status = Status.NO_SOLUTION
    if "infeasible" in header.lower() and status is not Status.INFEASIBLE:
        status = Status.INFEASIBLE
    n_rows, n_columns = model.shape
    # CBC marks rows and columns outside their bounds with "**"; it is not a field.
    body = body.replace(b"**", b"  ")
    if body.count(b"\n") + (0 if body.endswith(b"\n") or not body else 1) != n_rows + n_columns or status in (
        Status.INFEASIBLE,
        Status.UNBOUNDED,
        Status.ERROR,
    ):
        return without_values(
            status,
            solver="cbc",
            version=cbc_version(),
            seconds=seconds,
            message=header,
        )
    table = pd.read_csv(io.BytesIO(body), sep=r"\s+", header=None, usecols=[2, 3], engine="c")
    values = table[2].to_numpy(dtype=float)
    duals = table[3].to_numpy(dtype=float)
    x = values[n_rows:].copy()
    row_duals = duals[:n_rows].copy()
    reduced = duals[n_rows:].copy()
    if model.is_mip:
        # CBC prints the last LP's duals for a MILP; the fixed-LP duals replace them (see `solve`).
        row_duals = np.zeros(n_rows)
        reduced = np.zeros(n_columns)
    return finish(
        model,
        status,
        x,
        row_duals,
        reduced,
        solver="cbc",
        version=cbc_version(),
        seconds=seconds,
        message=header,
    )
