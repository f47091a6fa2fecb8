"""Sweep throughput: the same scenarios solved warm (one model, bounds changed in place) and cold
(a rebuild from the instance and a fresh solve per scenario).

The scenarios walk the target year's gap from 90% to 110% of its value in half-percent steps, in
order, as a sensitivity sweep does. The first scenario is solved by both paths before timing starts;
each later one is timed warm (from the previous scenario's solution) and cold (from the instance).
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np

from benchmarks.registry import Size, instance_path
from benchmarks.suite import OPTIONS, SizeResult
from optimiser.instance.container import Instance
from optimiser.instance.load import load_instance
from optimiser.models import build_model
from optimiser.solvers.highs import HighsSession

#: The gap is swept from 90% to 110% of its value.
SPREAD = 0.10


def _with_gap(instance: Instance, amount: float) -> Instance:
    gap = [
        entry.model_copy(update={"amount_gbpm": amount}) if entry.year == instance.target_year else entry
        for entry in instance.config.gap
    ]
    return dataclasses.replace(instance, config=instance.config.model_copy(update={"gap": tuple(gap)}))


def sweep(size: Size, result: SizeResult) -> None:
    instance = load_instance(instance_path(size))
    target = next(entry for entry in instance.config.gap if entry.year == instance.target_year)
    amounts = target.amount_gbpm * np.linspace(1 - SPREAD, 1 + SPREAD, size.sweep_scenarios)
    row = f"gap[{instance.target_year}]"

    model = build_model(instance, "min-cost")
    offset = float(model.row_offset[model.row(row)])
    session = HighsSession(model, OPTIONS)
    session.set_row_bounds(row, lower=float(amounts[0]) - offset)
    session.solve()
    amounts = amounts[1:]
    warm = []
    started = time.perf_counter()
    for amount in amounts:
        session.set_row_bounds(row, lower=float(amount) - offset)
        warm.append(session.solve().objective)
    warm_seconds = (time.perf_counter() - started) / len(amounts)

    cold = []
    started = time.perf_counter()
    for amount in amounts:
        cold_model = build_model(_with_gap(instance, float(amount)), "min-cost")
        cold.append(HighsSession(cold_model, OPTIONS).solve().objective)
    cold_seconds = (time.perf_counter() - started) / len(amounts)

    warm_values, cold_values = np.array(warm, dtype=float), np.array(cold, dtype=float)
    both = np.isfinite(warm_values) & np.isfinite(cold_values)
    difference = np.max(
        np.abs(warm_values[both] - cold_values[both]) / np.maximum(1.0, np.abs(cold_values[both]))
    )
    result.record("sweep_warm_per_scenario", warm_seconds)
    result.record("sweep_cold_per_scenario", cold_seconds)
    result.objective["sweep_max_relative_difference"] = float(difference) if both.any() else float("nan")
    result.notes.append(
        f"sweep: {len(amounts)} gaps from £{amounts[0]:.1f}m to £{amounts[-1]:.1f}m, "
        f"{int(both.sum())} feasible in both"
    )
