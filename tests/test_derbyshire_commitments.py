"""The Derbyshire optimum keeps the STP's commitments and its yearly money and bed trajectories.

Read from the solved results of every objective: each committed investment at or above its seed
phasing in every year (004:3703-3725; place support allocated, 1655), each year's net saving at or
above that year's required saving, and each bed target met.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from optimiser.analysis.evaluate import VIOLATION_TOLERANCE
from optimiser.instance.container import Instance
from optimiser.linear import LinearModel
from optimiser.models import build_model
from optimiser.models.objectives import OBJECTIVES
from optimiser.solvers import Status, solve

#: The evaluator's tolerance, relative to the larger of 1 and the bound (CBC's solution is read
#: from text at eight significant digits).
FEASIBLE = VIOLATION_TOLERANCE


def _at_least(value: float, bound: float) -> bool:
    return value >= bound - FEASIBLE * max(1.0, abs(bound))


#: The seed's national-priority money by year, £m (004:3703-3725), as committed decisions.
SEED_COMMITMENTS = {
    "gp_forward_view": (5.480, 7.285, 7.285, 7.285),  # 004:3704, 3710, 3716, 3722 (£000s)
    "mh_taskforce": (5.069, 7.509, 7.509, 7.509),  # 004:3706, 3712, 3718, 3724 (£000s)
}
YEARS = ("2017/18", "2018/19", "2019/20", "2020/21")
PLACES = 21  # 004:1641


@pytest.fixture(scope="module", params=OBJECTIVES)
def solved(request: pytest.FixtureRequest, derbyshire: Instance) -> tuple[LinearModel, np.ndarray]:
    model = build_model(derbyshire, request.param)
    solution = solve(model, "cbc")
    assert solution.status is Status.OPTIMAL and solution.x is not None
    return model, solution.x


def _scale(solved: tuple[LinearModel, np.ndarray]) -> pd.DataFrame:
    model, x = solved
    return model.variable("scale", x)


@pytest.mark.parametrize("intervention", list(SEED_COMMITMENTS))
def test_national_priorities_at_their_seed_money_every_year(
    solved: tuple[LinearModel, np.ndarray], intervention: str
) -> None:
    scale = _scale(solved)
    by_year = scale[scale["intervention"] == intervention].set_index("year")["value"]
    for year, committed in zip(YEARS, SEED_COMMITMENTS[intervention], strict=True):
        assert _at_least(by_year[year], committed), (intervention, year)


def test_every_place_keeps_its_development_support_every_year(solved: tuple[LinearModel, np.ndarray]) -> None:
    scale = _scale(solved)
    teams = scale[scale["intervention"] == "place_development"]
    assert len(teams) == PLACES * len(YEARS)
    assert all(_at_least(value, 1.0) for value in teams["value"]), teams


def test_each_years_net_saving_meets_that_years_gap(
    solved: tuple[LinearModel, np.ndarray], derbyshire: Instance
) -> None:
    model, x = solved
    net = model.evaluate("net_saving", x).set_index("year")["value"]
    gaps = {entry.year: entry.amount_gbpm for entry in derbyshire.config.gap}
    assert set(gaps) == set(YEARS), "a required net saving for every planning year"
    for year, gap in gaps.items():
        assert _at_least(net[year], gap), (year, net[year], gap)


def test_the_yearly_gap_rises_to_the_seeds_219m(derbyshire: Instance) -> None:
    gaps = [entry.amount_gbpm for entry in sorted(derbyshire.config.gap, key=lambda entry: entry.year)]
    assert gaps[-1] == 219.0  # 004:871
    assert all(later > earlier for earlier, later in itertools.pairwise(gaps))
    # Never a straight line to £219m: each year follows the financial plan's own position.
    straight = [219.0 * (step + 1) / len(gaps) for step in range(len(gaps))]
    assert not np.allclose(gaps, straight, atol=1.0)


def test_each_bed_target_is_met(solved: tuple[LinearModel, np.ndarray], derbyshire: Instance) -> None:
    model, x = solved
    beds = model.evaluate("beds_open", x)
    for target in derbyshire.config.bed_targets:
        rows = beds[beds["year"] == target.year]
        if target.setting != "total":
            rows = rows[rows["setting"] == target.setting]
        assert _at_least(-rows["value"].sum(), -target.beds), (target.setting, target.year)
