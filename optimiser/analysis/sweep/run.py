"""`run_sweep`: prepare, run the scenarios not yet recorded, and write the result tables."""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy

from optimiser import __version__
from optimiser.analysis.sweep.design import SCENARIO, morris_problem
from optimiser.analysis.sweep.execute import WorkerLostError, Workers, chunks, run_all, start_workers_early
from optimiser.analysis.sweep.pareto import frontier
from optimiser.analysis.sweep.prepare import Prepared, prepare
from optimiser.analysis.sweep.scenario import FEASIBILITY_TOLERANCE, OBJECTIVE_TOLERANCE, run_scenario
from optimiser.analysis.sweep.spec import SweepSpec
from optimiser.analysis.sweep.store import RecordLog, read_records
from optimiser.analysis.sweep.tables import (
    mix_quantiles,
    morris_table,
    scenario_table,
    summary_statistics,
    tornado,
)
from optimiser.instance.container import Instance
from optimiser.instance.errors import InstanceError
from optimiser.results.documents import document_text
from optimiser.results.documents.sweep import (
    STATISTICS,
    Base,
    Counts,
    ParetoSeconds,
    ParetoSweep,
    Sweep,
    SweepSeconds,
    Tolerances,
)
from optimiser.solvers.highs import highs_version

RESULT_FILES = (
    "scenarios.csv",
    "scenarios.parquet",
    "sweep.json",
    "tornado.csv",
    "mix_quantiles.csv",
    "morris.csv",
)
#: Scenarios sent to a worker at a time: large enough to amortise the round trip, small enough to
#: keep every worker busy to the end.
CHUNK = 8
#: Told how many scenarios are done of how many, and how many failed.
Progress = Callable[[int, int, int], None]


def write_text(path: Path, text: str) -> None:
    """Write a file whole or not at all."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def run_sweep(
    instance: Instance,
    spec: SweepSpec,
    spec_label: str,
    out: Path,
    *,
    workers: Workers | None = None,
    resume: bool = False,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Run the sweep into `out` and return sweep.json's document."""
    workers = workers or Workers()
    started = time.perf_counter()
    if not resume and ((out / "scenarios.jsonl").exists() or (out / "sweep.json").exists()):
        raise InstanceError(str(out), "already holds a sweep; give --resume to continue it, or another --out")
    if spec.method == "pareto":
        return _pareto(instance, spec, out, started)
    start_workers_early(workers)
    prepared = prepare(instance, spec, spec_label)
    records = read_records(out, prepared.sweep_hash) if resume else {}
    prepared_seconds = time.perf_counter() - started
    scenarios = prepared.scenarios
    todo = scenarios[~scenarios[SCENARIO].isin(list(records))]
    names = list(prepared.engine.names)
    work = chunks(todo[SCENARIO].tolist(), todo[names].to_numpy(dtype=float), CHUNK)
    total, failures = len(scenarios), sum(record.get("status") == "failed" for record in records.values())
    running = time.perf_counter()
    with RecordLog(out, prepared.sweep_hash) as log:

        def take(record: dict[str, Any]) -> None:
            nonlocal failures
            log.append(record)
            records[int(record[SCENARIO])] = record
            failures += record.get("status") == "failed"
            if progress is not None:
                progress(len(records), total, failures)

        if progress is not None:
            # The scenarios start now: the bar shows how many a resume already has, and its rate
            # counts from here rather than from the first chunk's records, which arrive together.
            progress(len(records), total, failures)
        try:
            run_all(prepared.engine, work, workers, take)
        except WorkerLostError as lost:
            raise WorkerLostError(
                f"{lost}; the {len(records)} of {total} scenarios finished are kept in {out}: "
                "run the same command with --resume to finish the sweep"
            ) from None
    seconds = time.perf_counter() - running
    return _write_results(
        prepared,
        spec,
        out,
        records,
        workers,
        {"prepare": prepared_seconds, "scenarios": seconds, "solved_now": len(todo)},
    )


def _pareto(instance: Instance, spec: SweepSpec, out: Path, started: float) -> dict[str, Any]:
    """The frontier's few points are solved in order here; a rerun simply solves them again."""
    table, mix = frontier(instance, spec.objective, spec.pareto.points)
    out.mkdir(parents=True, exist_ok=True)
    write_text(out / "frontier.csv", table.to_csv(index=False, lineterminator="\n"))
    write_text(out / "frontier_mix.csv", mix.to_csv(index=False, lineterminator="\n"))
    statuses = table["status"].value_counts().sort_index()
    document = ParetoSweep(
        instance=instance.name,
        spec=spec.model_dump(mode="json"),
        versions=_versions(),
        engine="epsilon constraint on the target year's beds, each point warm from the optimum's basis",
        workers="this process",
        counts=Counts(
            scenarios=len(table),
            by_status={str(status): int(count) for status, count in statuses.items()},
            cold_checked=0,
            cold_re_solves=0,
            failed=0,
        ),
        wall_seconds=ParetoSeconds(total=round(time.perf_counter() - started, 3)),
    )
    write_text(out / "sweep.json", document_text(document))
    return document.model_dump(mode="json")


def _versions() -> dict[str, str]:
    return {
        "optimiser": __version__,
        "highs": highs_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "scipy": scipy.__version__,
        "python": platform.python_version(),
    }


def _write_results(
    prepared: Prepared,
    spec: SweepSpec,
    out: Path,
    records: dict[int, dict[str, Any]],
    workers: Workers,
    timing: dict[str, float],
) -> dict[str, Any]:
    engine = prepared.engine
    table = scenario_table(prepared.scenarios, records, engine)
    write_text(out / "scenarios.csv", table.to_csv(index=False, lineterminator="\n"))
    parquet = out / "scenarios.parquet.partial"
    table.to_parquet(parquet, index=False)
    os.replace(parquet, out / "scenarios.parquet")
    base = run_scenario(engine, 0, np.full(len(engine.names), np.nan))
    if spec.method == "one-at-a-time":
        write_text(
            out / "tornado.csv", tornado(table, engine.names, base).to_csv(index=False, lineterminator="\n")
        )
    if spec.method == "monte-carlo" and spec.mode == "optimise":
        write_text(
            out / "mix_quantiles.csv", mix_quantiles(records, engine).to_csv(index=False, lineterminator="\n")
        )
    if spec.method == "morris":
        morris = morris_table(table, morris_problem(spec), spec.levels, spec.seed)
        write_text(out / "morris.csv", morris.to_csv(index=False, lineterminator="\n"))
    statuses = table["status"].value_counts().sort_index()
    checks = table["check"].fillna("")
    document = Sweep(
        instance=engine.instance.name,
        spec=spec.model_dump(mode="json"),
        versions=_versions(),
        engine=prepared.engine_note,
        backend=spec.backend,
        workers=workers.label,
        tolerances=Tolerances(feasibility=FEASIBILITY_TOLERANCE, objective=OBJECTIVE_TOLERANCE),
        counts=Counts(
            scenarios=len(table),
            by_status={str(status): int(count) for status, count in statuses.items()},
            cold_checked=int((checks.str.startswith("cold") | checks.str.endswith("confirmed cold")).sum()),
            cold_re_solves=int(checks.str.startswith("cold re-solve").sum()),
            failed=int((table["status"] == "failed").sum()),
        ),
        base=Base(**{key: base.get(key) for key in ("status", "objective", "net_saving", "beds")}),
        summary=STATISTICS.validate_python(summary_statistics(table, spec.mode)),
        wall_seconds=SweepSeconds(
            prepare=round(timing["prepare"], 3),
            scenarios=round(timing["scenarios"], 3),
            solved_now=int(timing["solved_now"]),
        ),
    )
    write_text(out / "sweep.json", document_text(document))
    return document.model_dump(mode="json")
