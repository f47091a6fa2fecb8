"""Running the scenarios: in this process, on local worker processes (`--jobs N`) or on a Dask
cluster (`--dask-local N`, `--scheduler ADDRESS`). Every scenario starts from the base basis or
from scratch, by what it moves, and depends on nothing but its own values, so the records do not
depend on the engine or on N.

Records arrive in any order and are appended to the durable log as they come; the result tables
are rebuilt from the log in scenario order at the end.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import multiprocessing.forkserver
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

import numpy as np

from optimiser.analysis.sweep.scenario import Engine, run_scenario, use_one_thread

#: A chunk of work: scenario numbers and their parameter values.
Chunk = tuple[list[int], np.ndarray]
Record = dict[str, Any]

_ENGINE: list[Engine] = []


class WorkerLostError(RuntimeError):
    """A worker process died mid-sweep (killed, out of memory, a crash in native code). The
    records already taken are in the durable log, so `--resume` finishes the sweep."""


@dataclass(frozen=True)
class Workers:
    """Where scenarios run: `jobs` local processes (1: this process), or a Dask cluster."""

    jobs: int = 1
    dask_local: int = 0
    scheduler: str | None = None

    @property
    def label(self) -> str:
        if self.scheduler:
            return f"dask scheduler {self.scheduler}"
        if self.dask_local:
            return f"dask local cluster of {self.dask_local} processes"
        return f"{self.jobs} local process{'es' if self.jobs > 1 else ''}"


#: What the fork server imports once, so that each worker forked from it starts with the engine's
#: modules loaded instead of importing them again (about 1.5 s a worker when spawned).
PRELOAD = ["optimiser.analysis.sweep.scenario"]


def pool_context() -> multiprocessing.context.BaseContext:
    """Worker processes come from a fork server where the platform has one, otherwise are spawned.

    Either way a worker never copies this process's HiGHS mid-state (as a plain fork would): the
    fork server is a fresh interpreter that has only imported `PRELOAD`.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def start_workers_early(workers: Workers) -> None:
    """Start the fork server now, for local workers, so that its imports overlap the sweep's
    preparation rather than delay its first scenarios."""
    local = workers.jobs > 1 and not (workers.scheduler or workers.dask_local)
    if local and pool_context().get_start_method() == "forkserver":
        multiprocessing.forkserver.ensure_running()


def chunks(numbers: list[int], values: np.ndarray, size: int) -> list[Chunk]:
    return [
        (numbers[start : start + size], values[start : start + size])
        for start in range(0, len(numbers), size)
    ]


def _set_engine(engine: Engine) -> None:
    use_one_thread()
    _ENGINE[:] = [engine]


def _chunk_here(chunk: Chunk) -> list[Record]:
    numbers, values = chunk
    return [run_scenario(_ENGINE[0], number, row) for number, row in zip(numbers, values, strict=True)]


def _chunk_with(engine: Engine, chunk: Chunk) -> list[Record]:
    numbers, values = chunk
    return [run_scenario(engine, number, row) for number, row in zip(numbers, values, strict=True)]


def _chunk_on_worker(engine: Engine, chunk: Chunk) -> list[Record]:
    use_one_thread()
    return _chunk_with(engine, chunk)


def run_all(engine: Engine, work: list[Chunk], workers: Workers, take: Callable[[Record], None]) -> None:
    """Run every chunk and hand each record to `take` as it finishes."""
    if workers.scheduler or workers.dask_local:
        _run_dask(engine, work, workers, take)
    elif workers.jobs > 1:
        _run_processes(engine, work, workers.jobs, take)
    else:
        for chunk in work:
            for record in _chunk_with(engine, chunk):
                take(record)


def _run_processes(engine: Engine, work: list[Chunk], jobs: int, take: Callable[[Record], None]) -> None:
    # The engine is sent once per worker, which builds its own solver (see `pool_context`).
    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=pool_context(), initializer=_set_engine, initargs=(engine,)
    )
    try:
        pending: set[Future[list[Record]]] = set()
        queue: Iterator[Chunk] = iter(work)
        for chunk in queue:
            pending.add(pool.submit(_chunk_here, chunk))
            if len(pending) >= 2 * jobs:
                break
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    records = future.result()
                except BrokenProcessPool:
                    raise WorkerLostError("a worker process died before its scenarios finished") from None
                for record in records:
                    take(record)
                following = next(queue, None)
                if following is not None:
                    pending.add(pool.submit(_chunk_here, following))
    except BaseException:
        # Interrupted: stop at once; scenarios still running are not recorded and a resume redoes them.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _run_dask(engine: Engine, work: list[Chunk], workers: Workers, take: Callable[[Record], None]) -> None:
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if workers.scheduler:
        client = Client(workers.scheduler)
    else:
        cluster = LocalCluster(
            n_workers=workers.dask_local, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        shared = client.scatter(engine, broadcast=True)
        futures = client.map(_chunk_on_worker, [shared] * len(work), work, pure=False)
        for future in as_completed(futures):
            for record in future.result():
                take(record)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
