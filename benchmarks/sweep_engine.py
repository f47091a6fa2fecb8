"""Sweep engine throughput on Derbyshire: a Monte Carlo over ten effect and cost parameters, each
scenario taken from the linear map and solved as the engine starts it (`start_for`: these
parameters move coefficients, so from scratch with presolve; checks included, no cold share)
against a cold rebuild from the loaded instance and a fresh solve; then `--jobs 2` against
`--jobs 1`, whole sweeps run alternately, comparing both the scenario phase (what workers speed up)
and the whole run (which includes the serial preparation); then `--backend cbc`, each scenario
timed beside the bare CBC binary on that scenario's own MPS file, alternately.

    python -m benchmarks.sweep_engine [--samples 60] [--rounds 3]

Every figure is a ratio of two timings taken in the same run, because these machines are shared.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.registry import ROOT
from optimiser.analysis.sweep.execute import Workers
from optimiser.analysis.sweep.prepare import prepare
from optimiser.analysis.sweep.run import run_sweep
from optimiser.analysis.sweep.scenario import Engine, run_scenario, solve_once
from optimiser.analysis.sweep.spec import spec_from_document
from optimiser.instance.load import load_instance
from optimiser.solvers.cbc import cbc_command, write_cbc_input
from optimiser.solvers.result import SolveOptions

#: Five schemes' bed-days avoided and five schemes' revenue costs, each ±20% (triangular).
SCHEMES = (
    "discharge_to_assess",
    "case_management",
    "condition_management",
    "care_home_support",
    "falls_service",
)


def _document(samples: int) -> dict[str, object]:
    parameters = [
        {
            "name": f"{scheme}_{effect}",
            "table": "effects",
            "where": {"intervention": scheme, "effect": effect},
            "field": "value",
            "multiply": {"distribution": "triangular", "low": 0.8, "mode": 1.0, "high": 1.2},
        }
        for scheme in SCHEMES
        for effect in ("bed_days_avoided", "revenue_cost")
    ]
    return {
        "method": "monte-carlo",
        "samples": samples,
        "seed": 1,
        "cold_check": 0.0,
        "parameter": parameters,
    }


def cbc_against_bare(engine: Engine, values: np.ndarray) -> tuple[float, float]:
    """Median seconds per scenario of the engine's `--backend cbc` path (map, MPS, CBC, read back,
    checks) and of the bare CBC binary on the same scenario's MPS file, timed alternately."""
    engine = dataclasses.replace(engine, backend="cbc")
    ours, bare = [], []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for number, row in enumerate(values, start=1):
            started = time.perf_counter()
            run_scenario(engine, number, row)
            ours.append(time.perf_counter() - started)
            model = engine.base.with_flat(engine.linear.at(row)).model if engine.linear else None
            assert model is not None, "the benchmark's parameters move the model linearly"
            mps = write_cbc_input(model, folder)
            command = cbc_command(
                mps, folder / "solution.bin", SolveOptions(), mip=False, nonzeros=int(model.matrix.nnz)
            )
            started = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True)
            bare.append(time.perf_counter() - started)
    return statistics.median(ours), statistics.median(bare)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.sweep_engine", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--samples", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of --jobs 1 and 2")
    parser.add_argument("--cbc-scenarios", type=int, default=20, help="scenarios timed with --backend cbc")
    arguments = parser.parse_args(argv)
    instance = load_instance(ROOT / "instances" / "derbyshire-stp-2016")
    spec = spec_from_document(_document(arguments.samples), "benchmark")
    started = time.perf_counter()
    prepared = prepare(instance, spec, "benchmark")
    prepare_seconds = time.perf_counter() - started
    engine = prepared.engine
    values = prepared.scenarios[list(engine.names)].to_numpy(dtype=float)
    started = time.perf_counter()
    for number, row in enumerate(values, start=1):
        run_scenario(engine, number, row)
    warm = (time.perf_counter() - started) / len(values)
    started = time.perf_counter()
    for row in values:
        solve_once(engine.rebuilt(row), None)
    cold = (time.perf_counter() - started) / len(values)
    whole: dict[int, list[float]] = {1: [], 2: []}
    phase: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(arguments.rounds):
        for jobs in (1, 2):
            with tempfile.TemporaryDirectory() as folder:
                started = time.perf_counter()
                run_sweep(instance, spec, "benchmark", Path(folder) / "out", workers=Workers(jobs=jobs))
                whole[jobs].append(time.perf_counter() - started)
                document = json.loads((Path(folder) / "out" / "sweep.json").read_text())
                phase[jobs].append(document["wall_seconds"]["scenarios"])
    seconds = {jobs: statistics.median(times) for jobs, times in whole.items()}
    scenario_seconds = {jobs: statistics.median(times) for jobs, times in phase.items()}
    ours, bare = cbc_against_bare(engine, values[: arguments.cbc_scenarios])
    print(f"| Derbyshire, {len(values)} scenarios, ten parameters | |")
    print("| --- | --- |")
    print(f"| engine | {prepared.engine_note} |")
    print(f"| prepare (probe, validate, base solve) | {prepare_seconds:.2f} s |")
    print(f"| per scenario from the map (checked) | {warm * 1000:.1f} ms ({1 / warm:.1f} a second) |")
    print(f"| cold rebuild and solve per scenario | {cold * 1000:.1f} ms |")
    print(f"| cold ÷ map | {cold / warm:.2f}× (target 25×) |")
    phase_ratio = scenario_seconds[1] / scenario_seconds[2]
    print(
        f"| --jobs 2 throughput ÷ --jobs 1, scenario phase | {phase_ratio:.2f}× "
        f"(target 1.7×; medians of {arguments.rounds}) |"
    )
    print(f"| --jobs 2 throughput ÷ --jobs 1, whole sweep | {seconds[1] / seconds[2]:.2f}× |")
    print(
        f"| --backend cbc per scenario ÷ bare CBC on its MPS | {ours * 1000:.1f} ms ÷ {bare * 1000:.1f} ms "
        f"= {ours / bare:.2f}× (target 1.3×; medians) |"
    )
    print(f"| mean ms per scenario of the whole sweep, jobs 1 | {1000 * seconds[1] / len(values):.1f} |")
    return 0 if np.isfinite(warm) else 1


if __name__ == "__main__":
    sys.exit(main())
