"""The model writers: the LP writer against the MPS writer, and the MPS writer's extra memory.

Both files are written whole through the atomic writer into a scratch folder, alternately (LP, MPS,
LP, MPS, …) so that both see the same load on a shared machine; each time is the median of the
rounds. The MPS writer's extra peak memory is the peak traced allocation (tracemalloc sees numpy's
buffers) above what was held before the write, divided by the size of the file written; the model is
built, and its row and column names spelled (they are the model's, cached on it), before the trace
starts. It is taken for the named export (`optimiser export --format mps`) and for the generic-named
file CBC solves.

python -m benchmarks.writers                  # county, 3 rounds
python -m benchmarks.writers --size region --rounds 5
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.measure import peak_memory
from benchmarks.registry import SIZES, Size, instance_path
from benchmarks.suite import SizeResult
from optimiser.instance.load import load_instance
from optimiser.io.lp import write_lp
from optimiser.io.mps import write_mps
from optimiser.models import build_model
from optimiser.solvers.cbc import write_cbc_input

MEGABYTE = 1024 * 1024
#: Targets: the LP writer takes no longer than the MPS writer; the MPS writer's extra peak memory is
#: under a third of its file.
LP_OVER_MPS = 1.0
MEMORY_SHARE = 1 / 3


def _seconds(write: Callable[[], Path]) -> float:
    gc.collect()
    started = time.perf_counter()
    write()
    return time.perf_counter() - started


def measure_writers(size: Size, result: SizeResult, rounds: int = 3) -> None:
    """Time the LP and MPS writers alternately and trace the MPS writer's memory, into `result`."""
    model = build_model(load_instance(instance_path(size)), "min-cost")
    model.row_names, model.column_names  # noqa: B018 (spelled once, as every command that names rows does)
    result.rows, result.columns = model.shape
    result.nonzeros = int(model.matrix.nnz)
    with tempfile.TemporaryDirectory(prefix=f"bench-writers-{size.name}-") as scratch:
        folder = Path(scratch)
        writers = {
            "write_lp": lambda: write_lp(model, folder / "model.lp"),
            "write_mps_named": lambda: write_mps(model, folder / "model.mps"),
        }
        times: dict[str, list[float]] = {phase: [] for phase in writers}
        for _ in range(rounds):
            for phase, write in writers.items():
                times[phase].append(_seconds(write))
        for phase, seconds in times.items():
            result.record(phase, statistics.median(seconds))
        result.file_bytes["write_lp"] = (folder / "model.lp").stat().st_size
        result.file_bytes["write_mps_named"] = (folder / "model.mps").stat().st_size
        result.peak_bytes["write_mps_named"] = peak_memory(writers["write_mps_named"])
        result.peak_bytes["write_mps_cbc"] = peak_memory(lambda: write_cbc_input(model, folder))
        result.file_bytes["write_mps_cbc"] = (folder / "model.mps").stat().st_size
    result.notes.append(
        f"writers: LP and MPS written alternately, median of {rounds}; "
        "memory traced after the names were spelled"
    )


def writer_ratios(result: SizeResult) -> dict[str, float]:
    """LP time over MPS time, and each MPS file's extra peak memory over its size."""
    found = {"lp_over_mps": result.seconds["write_lp"] / result.seconds["write_mps_named"]}
    for phase in ("write_mps_named", "write_mps_cbc"):
        found[f"{phase}_memory_share"] = result.peak_bytes[phase] / result.file_bytes[phase]
    return found


def target_lines(results: dict[str, SizeResult]) -> list[str]:
    """Rows of the targets table for every size whose writers were measured."""
    lines = []
    for name, result in results.items():
        if "write_lp" not in result.seconds:
            continue
        found = writer_ratios(result)
        title = f"LP writer ≤ {LP_OVER_MPS:g}× the MPS writer ({name})"
        lines.append(_target(title, found["lp_over_mps"], 1))
        lines.append(
            _target(
                f"MPS writer's extra peak memory < 1/3 of its file ({name}, named export)",
                found["write_mps_named_memory_share"],
                0,
            )
        )
    return lines


def _target(title: str, value: float, kind: int) -> str:
    met = value <= LP_OVER_MPS if kind else value < MEMORY_SHARE
    return f"| {title} | {value:,.2f} | {'met' if met else '**not met**'} |"


def render_writers(results: dict[str, SizeResult]) -> list[str]:
    measured = {name: result for name, result in results.items() if "write_lp" in result.seconds}
    if not measured:
        return []
    lines = [
        "",
        "## Writers: LP against MPS, written alternately (median seconds; MB)",
        "",
        "| size | nonzeros | LP (s) | MPS (s) | LP / MPS | LP file | MPS file | MPS extra peak | share "
        "| CBC's MPS file | its extra peak | share |",
        "| --- |" + " ---: |" * 11,
    ]
    for name, result in measured.items():
        found, seconds = writer_ratios(result), result.seconds
        files, peaks = result.file_bytes, result.peak_bytes
        lines.append(
            f"| {name} | {result.nonzeros:,} | {seconds['write_lp']:.3f} | "
            f"{seconds['write_mps_named']:.3f} | "
            f"{found['lp_over_mps']:.2f} | {files['write_lp'] / MEGABYTE:,.1f} | "
            f"{files['write_mps_named'] / MEGABYTE:,.1f} | {peaks['write_mps_named'] / MEGABYTE:,.1f} | "
            f"{found['write_mps_named_memory_share']:.2f} | {files['write_mps_cbc'] / MEGABYTE:,.1f} | "
            f"{peaks['write_mps_cbc'] / MEGABYTE:,.1f} | {found['write_mps_cbc_memory_share']:.2f} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.writers", description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="county", choices=list(SIZES))
    parser.add_argument("--rounds", type=int, default=3, help="alternate rounds (median taken; at least 3)")
    arguments = parser.parse_args(argv)
    if arguments.rounds < 3:
        parser.error("--rounds must be at least 3")
    result = SizeResult(arguments.size)
    measure_writers(SIZES[arguments.size], result, arguments.rounds)
    print("\n".join(["| target | measured | |", "| --- | --- | --- |", *target_lines({result.name: result})]))
    print("\n".join(render_writers({result.name: result})))
    return 0


if __name__ == "__main__":
    sys.exit(main())
