"""Timing and memory of one phase, measured apart.

Each phase runs twice: once plainly for its wall time, once under `tracemalloc` for its peak memory
(tracing slows Python down, so the two are never taken from the same run). numpy, scipy and pandas
report their buffers to tracemalloc, so the peak covers the arrays, not just Python objects.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

Result = TypeVar("Result")


@dataclass(frozen=True)
class Measured(Generic[Result]):
    """What a phase returned, how long it took, and the most memory it held at once."""

    value: Result
    seconds: float
    peak_bytes: int | None


def timed(phase: Callable[[], Result], repeats: int = 1) -> tuple[Result, float]:
    """The phase's result and its best wall time over `repeats` runs (the least disturbed by others)."""
    best = float("inf")
    value: Result
    for _ in range(repeats):
        gc.collect()
        started = time.perf_counter()
        value = phase()
        best = min(best, time.perf_counter() - started)
    return value, best


def peak_memory(phase: Callable[[], object]) -> int:
    """The phase's peak traced allocation, in bytes, above what was held before it started."""
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        phase()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return max(0, peak - before)


def measure(phase: Callable[[], Result], *, repeats: int = 1, memory: bool = True) -> Measured[Result]:
    value, seconds = timed(phase, repeats)
    return Measured(value, seconds, peak_memory(phase) if memory else None)
