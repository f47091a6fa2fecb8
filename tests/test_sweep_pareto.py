"""Pareto: the epsilon-constraint frontier of cost against beds, each point checked by an independent
solve of the instance with its total bed target set to that point's ε."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from optimiser.analysis.solve import run_solve
from optimiser.analysis.sweep.overrides import apply_overrides
from optimiser.analysis.sweep.run import run_sweep
from optimiser.analysis.sweep.spec import load_spec
from optimiser.instance.container import Instance


def test_the_frontier_runs_from_the_optimum_to_the_fewest_beds(derbyshire: Instance, tmp_path: Path) -> None:
    spec = tmp_path / "pareto.toml"
    spec.write_text('method = "pareto"\n[pareto]\npoints = 4\n')
    run_sweep(derbyshire, load_spec(spec), str(spec), tmp_path / "out")
    table = pd.read_csv(tmp_path / "out" / "frontier.csv")
    mix = pd.read_csv(tmp_path / "out" / "frontier_mix.csv")
    assert (table["status"] == "optimal").all()
    optimum = run_solve(derbyshire, backend="highs")
    assert table["objective"].iloc[0] == pytest.approx(optimum.solution.objective, rel=1e-7)
    fewest = run_solve(derbyshire, objective="min-beds", backend="highs")
    assert table["epsilon_beds"].iloc[-1] == pytest.approx(fewest.solution.objective, rel=1e-7)
    # Fewer beds cost more: the frontier's objective rises as ε falls.
    assert table["objective"].is_monotonic_increasing
    assert table["epsilon_beds"].is_monotonic_decreasing
    # An interior point is the optimum of the instance whose total bed target is that point's ε.
    point = table.iloc[1]
    epsilon = float(point["epsilon_beds"])
    capped = apply_overrides(derbyshire, [f"bed_targets[total,2020/21].beds={epsilon!r}"])
    assert run_solve(capped, backend="highs").solution.objective == pytest.approx(
        point["objective"], rel=1e-7
    )
    assert set(mix["point"]) == set(table["point"])
