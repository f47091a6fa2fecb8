"""`optimiser solve` end to end against its floor: the bare CBC binary on the plain exported model.

The floor is what a user would see solving the model without this tool: `optimiser export --mps`
writes the model (the real objective alone, no tie-break costs), and the CBC binary PuLP ships
solves it with the same tolerances and method `solve` uses. `optimiser solve` runs as a user runs
it, a fresh process from instance files to result files. The two are timed alternately, so load
from other work on the machine falls on both alike, and each figure is a median over the rounds.

python -m benchmarks.floor --size county                      # median of 3 rounds
python -m benchmarks.floor --size county --baseline /work/main/.venv/bin/optimiser
python -m benchmarks.floor --instance /path/to/instance --rounds 5

With `--baseline`, another installation's `optimiser` (for example main's, before a change) is
timed in the same rotation, so before and after are measured under the same load.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.registry import SIZES, Size, instance_path
from optimiser.solvers import SolveOptions
from optimiser.solvers.cbc import cbc_command

#: The tool under test: this checkout's `optimiser`, run as `python -m optimiser.cli`.
OWN = (sys.executable, "-m", "optimiser.cli")


@dataclass
class Floor:
    """Seconds of every round for each contender, by name ("bare CBC", "optimiser solve", …)."""

    rounds: dict[str, list[float]] = field(default_factory=dict)
    #: The solver's own seconds in each of this checkout's solves, from its summary.json.
    solver_seconds: list[float] = field(default_factory=list)

    def median(self, name: str) -> float:
        return statistics.median(self.rounds[name])

    def ratio(self, name: str) -> float:
        """The contender's median over the floor's (bare CBC's)."""
        return self.median(name) / self.median(BARE)


BARE = "bare CBC"
SOLVE = "optimiser solve"


def _run(command: list[str], folder: Path) -> float:
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, check=False, cwd=folder)
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command[:4])} … exited {completed.returncode}: {completed.stderr[-300:]}"
        )
    return seconds


def exported(instance: Path, folder: Path) -> Path:
    """The plain model, as `optimiser export --mps` writes it."""
    mps = folder / "exported.mps"
    _run([*OWN, "export", str(instance), "--mps", str(mps)], folder)
    return mps


def bare_command(mps: Path, folder: Path, nonzeros: int) -> list[str]:
    """The CBC command on the exported file: `solve`'s tolerances and LP method, nothing else."""
    return cbc_command(mps, folder / "bare.txt", SolveOptions(), mip=False, nonzeros=nonzeros)


def measure_floor(instance: Path, rounds: int = 3, baseline: str | None = None) -> Floor:
    """Time bare CBC and `optimiser solve` (and `baseline`'s solve) alternately, `rounds` times."""
    from optimiser.instance.load import load_instance
    from optimiser.models import build_model

    nonzeros = int(build_model(load_instance(instance), "min-cost").matrix.nnz)
    contenders = {BARE: None, SOLVE: list(OWN)}
    if baseline is not None:
        contenders[f"{SOLVE} (baseline)"] = [baseline]
    floor = Floor({name: [] for name in contenders})
    with tempfile.TemporaryDirectory(prefix="floor-") as scratch:
        folder = Path(scratch)
        mps = exported(instance, folder)
        for _ in range(rounds):
            for name, tool in contenders.items():
                command = (
                    bare_command(mps, folder, nonzeros)
                    if tool is None
                    else [*tool, "solve", str(instance), "--out", str(folder / "results")]
                )
                floor.rounds[name].append(_run(command, folder))
                if name == SOLVE:
                    summary = json.loads((folder / "results" / "summary.json").read_text())
                    floor.solver_seconds.append(float(summary["wall_seconds"]["solve"]))
    return floor


def size_floor(size: Size, rounds: int = 3) -> Floor:
    """The floor measured on a registry size (generated into the cache if need be)."""
    return measure_floor(instance_path(size), rounds)


def render(floor: Floor, label: str) -> str:
    lines = [f"{label}: median of {len(floor.rounds[BARE])} alternating rounds"]
    for name, seconds in floor.rounds.items():
        times = ", ".join(f"{value:.1f}" for value in seconds)
        lines.append(f"  {name:<28} {floor.median(name):8.1f} s  ×{floor.ratio(name):.2f}  ({times})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.floor", description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--size", default="county", choices=sorted(SIZES), help="a registry size")
    where.add_argument("--instance", default=None, help="an instance folder instead of a size")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (median of them)")
    parser.add_argument("--baseline", default=None, help="another `optimiser` executable to time too")
    arguments = parser.parse_args(argv)
    instance = Path(arguments.instance) if arguments.instance else instance_path(SIZES[arguments.size])
    floor = measure_floor(instance, arguments.rounds, arguments.baseline)
    print(render(floor, arguments.instance or arguments.size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
