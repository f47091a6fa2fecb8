"""Start-up: how much of a short command is the tool's own cost, against the floor a user would see.

Four commands are timed alternately, round after round, and each is reported as its median:
- the import floor, `python -c "import numpy, pandas, scipy.sparse"` (what any tool built on them pays);
- `optimiser validate tiny`;
- the bare CBC binary on the Derbyshire model as `optimiser export --mps` writes it (the plain model,
  with `solve`'s tolerances and LP method: the floor the national target uses, `benchmarks.floor`);
- `optimiser solve derbyshire-stp-2016` end to end, in a fresh process.
Alternating keeps the four under the same load on a shared machine. Nine rounds, since these
machines' speed moves in bursts: six consecutive runs of the same solve took 1.48 to 1.98 s of CPU.
"""

from __future__ import annotations

import compileall
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

FLOOR = [sys.executable, "-c", "import numpy, pandas, scipy.sparse"]
TOOL = [sys.executable, "-m", "optimiser.cli"]


@dataclass
class StartupResult:
    """Median seconds of each command over `rounds` alternating rounds."""

    rounds: int
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def validate_ratio(self) -> float:
        return self.seconds["validate"] / self.seconds["import_floor"]

    @property
    def solve_ratio(self) -> float:
        return self.seconds["solve"] / (self.seconds["import_floor"] + self.seconds["bare_cbc"])


def _timed(command: list[str], folder: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=folder, capture_output=True, check=True)
    return time.perf_counter() - started


def _bare_cbc(folder: Path) -> list[str]:
    """Bare CBC on the plain exported Derbyshire model, written once here (`benchmarks.floor`)."""
    from benchmarks.floor import bare_command, exported
    from optimiser.instance.bundled import resolve_instance
    from optimiser.instance.load import load_instance
    from optimiser.models import build_model

    instance = resolve_instance("derbyshire-stp-2016", bundled=True)
    nonzeros = int(build_model(load_instance(instance), "min-cost").matrix.nnz)
    return bare_command(exported(instance, folder), folder, nonzeros)


def compile_bytecode() -> None:
    """Compile the tool's own modules to bytecode first, as installing a package does.

    The libraries of the floor were compiled when pip installed them; an editable checkout's modules
    are compiled on first import only if Python may write bytecode, and where
    PYTHONDONTWRITEBYTECODE is set (as on these machines) every run would compile all of them
    again, timing the compiler rather than the tool (about 0.1-0.2 s of a solve).
    """
    import optimiser
    import optimiser.models

    for package in (optimiser, optimiser.models):
        for folder in package.__path__:
            compileall.compile_dir(folder, quiet=1)


def measure_startup(rounds: int = 9) -> StartupResult:
    compile_bytecode()
    result = StartupResult(rounds)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        commands = {
            "import_floor": FLOOR,
            "validate": [*TOOL, "validate", "--bundled", "tiny"],
            "bare_cbc": _bare_cbc(folder),
            "solve": [*TOOL, "solve", "--bundled", "derbyshire-stp-2016", "--out", str(folder / "out")],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(rounds):
            for name, command in commands.items():
                times[name].append(_timed(command, folder))
    result.seconds = {name: statistics.median(values) for name, values in times.items()}
    return result


#: The start-up targets: (title, ratio, bound); each ratio must be at most its bound.
TARGETS = (
    ("`optimiser validate tiny` ≤ 1.5× the import floor", "validate_ratio", 1.5),
    ("`optimiser solve derbyshire-stp-2016` ≤ 1.6× the import floor plus bare CBC", "solve_ratio", 1.6),
)


def target_lines(result: StartupResult) -> list[str]:
    """Rows of the RESULTS.md targets table for the start-up targets."""
    lines = []
    for title, name, bound in TARGETS:
        value = getattr(result, name)
        lines.append(f"| {title} | {value:,.2f} | {'met' if value <= bound else '**not met**'} |")
    return lines


def render_startup(result: StartupResult) -> list[str]:
    seconds = result.seconds
    return [
        "",
        f"## Start-up (median of {result.rounds} alternating rounds, seconds)",
        "",
        "| import floor | `optimiser validate tiny` | bare CBC (Derbyshire) "
        "| `optimiser solve derbyshire-stp-2016` |",
        "| ---: | ---: | ---: | ---: |",
        f"| {seconds['import_floor']:.3f} | {seconds['validate']:.3f} | {seconds['bare_cbc']:.3f} | "
        f"{seconds['solve']:.3f} |",
    ]


if __name__ == "__main__":
    measured = measure_startup()
    print("\n".join(render_startup(measured)))
    print(f"validate / floor = {measured.validate_ratio:.2f}")
    print(f"solve / (floor + CBC) = {measured.solve_ratio:.2f}")
