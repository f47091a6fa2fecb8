"""Sweep methods: a tornado and a Morris screening that agree on a case whose order is known by hand,
a grid, and an evaluate-mode Monte Carlo whose P(gap closed) is counted again here."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from optimiser.analysis.sweep.design import design
from optimiser.analysis.sweep.run import run_sweep
from optimiser.analysis.sweep.spec import load_spec
from optimiser.instance.container import Instance
from optimiser.instance.errors import InstanceError

#: On tiny (README: the min-cost optimum spends £0.5m on step_up and £0.146875m on back_office), the
#: same ±50% on each intervention's revenue cost must swing the objective more for step_up, and the
#: nursing staff available (the optimum's 100 step_up units in south need 1 WTE of 2 available, so
#: even 90% of it leaves the row slack) cannot move it at all.
TINY_PARAMETERS = """
[[parameter]]
name = "back_office_cost"
table = "effects"
where = { intervention = "back_office", effect = "revenue_cost" }
field = "value"
multiply = { low = 0.5, high = 1.5, values = [0.5, 1.5] }

[[parameter]]
name = "step_up_cost"
table = "effects"
where = { intervention = "step_up", effect = "revenue_cost" }
field = "value"
multiply = { low = 0.5, high = 1.5, values = [0.5, 1.0, 1.5] }

[[parameter]]
name = "nursing_available"
table = "workforce"
field = "available_wte"
multiply = { low = 0.9, high = 1.1, values = [1.0] }
"""


def _sweep(instance: Instance, tmp_path: Path, header: str, body: str = TINY_PARAMETERS) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    spec = tmp_path / "sweep.toml"
    spec.write_text(header + body)
    out = tmp_path / "out"
    run_sweep(instance, load_spec(spec), str(spec), out)
    return out


def test_tornado_and_morris_rank_the_parameters_in_the_order_known_by_hand(
    tiny: Instance, tmp_path: Path
) -> None:
    tornado = pd.read_csv(_sweep(tiny, tmp_path / "tornado", 'method = "one-at-a-time"\n') / "tornado.csv")
    assert tornado["parameter"].tolist() == ["step_up_cost", "back_office_cost", "nursing_available"]
    assert tornado["objective_base"].iloc[0] == pytest.approx(0.646875)
    # At half its cost the base mix still costs 0.5 × 0.5 + 0.146875 = 0.396875; the optimum is no dearer.
    step_up = tornado.set_index("parameter").loc["step_up_cost"]
    assert step_up["objective_low"] <= 0.396875 + 1e-9
    assert tornado.set_index("parameter").loc["nursing_available", "objective_swing"] == 0.0
    morris = pd.read_csv(
        _sweep(tiny, tmp_path / "morris", 'method = "morris"\ntrajectories = 6\nseed = 3\n') / "morris.csv"
    )
    assert morris["parameter"].tolist() == tornado["parameter"].tolist()
    assert morris["mu_star"].iloc[-1] == 0.0


def test_a_grid_is_the_product_of_the_values(tiny: Instance, tmp_path: Path) -> None:
    table = pd.read_csv(_sweep(tiny, tmp_path, 'method = "grid"\n') / "scenarios.csv")
    assert len(table) == 2 * 3 * 1
    assert table[["back_office_cost", "step_up_cost"]].drop_duplicates().shape[0] == 6
    # Each scenario's objective is the optimum of its own costs: the dearest pair costs the most.
    dearest = table[(table["back_office_cost"] == 1.5) & (table["step_up_cost"] == 1.5)]["objective"].iloc[0]
    assert dearest == table["objective"].max()


EVALUATE = """
method = "monte-carlo"
mode = "evaluate"
plan = "planned"
samples = 12
seed = 5

[delivery]
multiply = { distribution = "uniform", low = 0.8, high = 1.05 }
"""


def test_evaluate_mode_gives_the_probability_the_plan_closes_the_gap(
    derbyshire: Instance, tmp_path: Path
) -> None:
    out = _sweep(derbyshire, tmp_path, EVALUATE, "")
    table = pd.read_csv(out / "scenarios.csv")
    document = json.loads((out / "sweep.json").read_text())
    # Counted again by hand: a scenario closes the gap when no year's net saving falls short.
    closed = sum(1 for shortfall in table["gap_shortfall"] if shortfall == 0.0)
    assert document["summary"]["p_gap_closed_every_year"] == closed / 12
    assert (table["gap_closed"] == (table["gap_shortfall"] == 0.0)).all()
    # Benefits fall with the delivery factor and costs do not: less delivered never saves more.
    ordered = table.sort_values("delivery")
    assert ordered["net_saving"].is_monotonic_increasing
    # Some scenarios fall short and some do not, so the probability is not trivially 0 or 1.
    assert 0 < closed < 12


def test_cbc_sweeps_reach_the_optima_highs_sweeps_reach(tiny: Instance, tmp_path: Path) -> None:
    highs = pd.read_csv(_sweep(tiny, tmp_path / "highs", 'method = "one-at-a-time"\n') / "scenarios.csv")
    cbc_out = _sweep(tiny, tmp_path / "cbc", 'method = "one-at-a-time"\nbackend = "cbc"\n')
    cbc = pd.read_csv(cbc_out / "scenarios.csv")
    assert (cbc["status"] == "optimal").all()
    np.testing.assert_allclose(cbc["objective"], highs["objective"], rtol=1e-6)
    assert json.loads((cbc_out / "sweep.json").read_text())["backend"] == "cbc"


CORRELATED = """
method = "monte-carlo"
samples = 400
seed = 2

[[parameter]]
name = "first"
table = "gap"
field = "amount_gbpm"
multiply = { distribution = "uniform", low = 0.9, high = 1.1 }

[[parameter]]
name = "second"
table = "capital"
field = "budget_gbpm"
multiply = { distribution = "triangular", low = 0.5, mode = 1.0, high = 1.2 }

[[correlation]]
parameters = ["first", "second"]
rho = {rho}
"""


@pytest.mark.parametrize("rho", [0.8, -0.5])
def test_correlated_draws_keep_their_distributions_and_move_together(rho: float, tmp_path: Path) -> None:
    path = tmp_path / "sweep.toml"
    path.write_text(CORRELATED.replace("{rho}", str(rho)))
    scenarios = design(load_spec(path))
    # Each keeps its own range, and the pair's rank correlation is near rho (for a Gaussian copula,
    # Spearman's rho is (6/π)·asin(rho/2): 0.786 for 0.8, −0.483 for −0.5).
    assert scenarios["first"].between(0.9, 1.1).all() and scenarios["second"].between(0.5, 1.2).all()
    expected = 6 / np.pi * np.arcsin(rho / 2)
    assert stats.spearmanr(scenarios["first"], scenarios["second"]).statistic == pytest.approx(
        expected, abs=0.05
    )


def test_correlations_that_cannot_hold_together_are_one_line(tmp_path: Path) -> None:
    path = tmp_path / "sweep.toml"
    text = (
        CORRELATED.replace("{rho}", "0.9") + '[[correlation]]\nparameters = ["first", "nobody"]\nrho = 0.1\n'
    )
    path.write_text(text)
    with pytest.raises(InstanceError, match="correlation names no parameter 'nobody'"):
        load_spec(path)
