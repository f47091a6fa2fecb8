"""Sweep engine throughput on Derbyshire: a Monte Carlo over ten effect and cost parameters, each
scenario solved warm from the base basis (checks included, no cold share) against a cold rebuild
from the loaded instance and a fresh solve; then `--jobs 2` against `--jobs 1`.

    python -m benchmarks.sweep_engine [--samples 60]

Every figure is a ratio of two timings taken in the same run, because these machines are shared.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.registry import ROOT
from optimiser.analysis.sweep.execute import Workers
from optimiser.analysis.sweep.prepare import prepare
from optimiser.analysis.sweep.run import run_sweep
from optimiser.analysis.sweep.scenario import run_scenario, solve_once
from optimiser.analysis.sweep.spec import spec_from_document
from optimiser.instance.load import load_instance

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.sweep_engine", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--samples", type=int, default=60)
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
    seconds = {}
    for jobs in (1, 2):
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            run_sweep(instance, spec, "benchmark", Path(folder) / "out", workers=Workers(jobs=jobs))
            seconds[jobs] = time.perf_counter() - started
    print(f"| Derbyshire, {len(values)} scenarios, ten parameters | |")
    print("| --- | --- |")
    print(f"| engine | {prepared.engine_note} |")
    print(f"| prepare (probe, validate, base solve) | {prepare_seconds:.2f} s |")
    print(f"| warm per scenario (checked) | {warm * 1000:.1f} ms ({1 / warm:.1f} a second) |")
    print(f"| cold rebuild and solve per scenario | {cold * 1000:.1f} ms |")
    print(f"| cold ÷ warm | {cold / warm:.2f}× (target 25×) |")
    print(f"| --jobs 2 throughput ÷ --jobs 1 | {seconds[1] / seconds[2]:.2f}× (target 1.7×; whole sweeps) |")
    print(f"| mean ms per scenario of the whole sweep, jobs 1 | {1000 * seconds[1] / len(values):.1f} |")
    return 0 if np.isfinite(warm) else 1


if __name__ == "__main__":
    sys.exit(main())
