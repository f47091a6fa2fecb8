"""Derbyshire's workforce limits come from the seed, not from the plan, and they matter: halving the
staff available without recruitment makes the least-cost plan dearer (issue 9, item 6)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from optimiser.instance.container import Instance
from optimiser.instance.load import load_instance
from optimiser.linear import LinearModel
from optimiser.models import build_model
from optimiser.solvers import Solution, Status, solve

from .conftest import DERBYSHIRE

#: The seed: "2,500 more staff delivering place-based care" (004_9ddaced4f87d5ec2.txt:3988).
NEW_STAFF = 2500
#: Each acute site's co-located UCC adds one urgent-care team at the seed's c.40 WTE (2910-2912),
#: 60% nurses; there are two acute sites.
UCC_WTE, UCC_NURSES, ACUTE_SITES = 40, 0.6, 2
#: Rounding each of the 105 place × group rows to 0.1 WTE moves a total by at most 105 × 0.05.
ROUNDING = 105 * 0.05
#: The reported objective leaves out the tie-break costs (at most 1e-7 £m a WTE of a few thousand).
TIE_BREAKS = 1e-3


def test_available_staff_are_a_quarter_of_the_seeds_new_staff(derbyshire: Instance) -> None:
    # A quarter of the 2,500 and of the two UCC teams: 0.25 × (2,500 + 2 × 40) = 645 WTE.
    total = derbyshire.workforce["available_wte"].sum()
    assert total == pytest.approx(0.25 * (NEW_STAFF + ACUTE_SITES * UCC_WTE), abs=ROUNDING)


def test_yearly_hiring_is_a_quarter_of_the_new_staff_nurses_half(derbyshire: Instance) -> None:
    # Nurses: 40% of the 2,500 plus 60% of the UCC teams, over four years, at half pace:
    # (1,000 + 48) / 4 / 2 = 131. The rest: (1,500 + 32) / 4 = 383.
    limits = derbyshire.workforce.groupby("staff_group")["hire_limit_wte_per_year"].sum()
    nurses = (0.4 * NEW_STAFF + UCC_NURSES * ACUTE_SITES * UCC_WTE) / 4 / 2
    others = (0.6 * NEW_STAFF + (1 - UCC_NURSES) * ACUTE_SITES * UCC_WTE) / 4
    assert limits["nursing"] == pytest.approx(nurses, abs=ROUNDING)
    assert limits.drop("nursing").sum() == pytest.approx(others, abs=ROUNDING)


def test_limits_cite_the_seed_and_never_the_plan(derbyshire: Instance) -> None:
    workforce = derbyshire.workforce
    assert workforce["source"].str.startswith("004_9ddaced4f87d5ec2.txt:3988").all()
    sources = pd.concat([workforce[column] for column in workforce if column.startswith("source")])
    assert not sources.str.contains("plan's|planned", regex=True).any()
    groups = derbyshire.staff_groups
    assert (groups["recruitment_cost_gbp_per_wte"] > groups["redeployment_cost_gbp_per_wte"]).all()
    assert groups["source_recruitment_cost_gbp_per_wte"].str.startswith("assumption: ").all()


def _with_available_halved(tmp_path: Path) -> Instance:
    folder = Path(shutil.copytree(DERBYSHIRE, tmp_path / "halved"))
    workforce = pd.read_csv(folder / "workforce.csv", keep_default_na=False)
    workforce["available_wte"] = workforce["available_wte"] / 2
    workforce.to_csv(folder / "workforce.csv", index=False)
    return load_instance(folder)


def _solved(instance: Instance) -> tuple[LinearModel, Solution]:
    model = build_model(instance, "min-cost")
    solution = solve(model)
    assert solution.status is Status.OPTIMAL
    return model, solution


def test_halving_available_staff_raises_the_least_cost(derbyshire: Instance, tmp_path: Path) -> None:
    model, base = _solved(derbyshire)
    halved_model, halved = _solved(_with_available_halved(tmp_path))
    assert base.row_duals is not None and base.x is not None and halved.x is not None
    rows = model.constraints["workforce"]
    duals = base.row_duals[rows.start : rows.stop]
    assert (halved_model.constraints["workforce"].start, halved_model.constraints["workforce"].stop) == (
        rows.start,
        rows.stop,
    )
    cut = model.row_upper[rows.start : rows.stop] - halved_model.row_upper[rows.start : rows.stop]
    # Every row loses half its place's available staff, in each of the years.
    half = derbyshire.workforce["available_wte"].sum() / 2 * len(derbyshire.years)
    assert cut.sum() == pytest.approx(half, rel=1e-9)
    # A min-cost LP's optimum is convex in its right-hand sides, and any optimal dual is a
    # subgradient, so lowering the bounds by `cut` raises the cost by at least −Σ dual × cut.
    floor = float(-(duals @ cut))
    rise = halved.objective - base.objective
    assert floor > 0.5  # the base optimum uses the free staff: each WTE lost costs a recruit
    assert rise >= floor - TIE_BREAKS
    # The rise is the dearer staff: more recruitment and redeployment over the years.
    spent = [
        m.evaluate("workforce_cost", s.x)["value"].sum() for m, s in ((model, base), (halved_model, halved))
    ]
    assert spent[1] > spent[0]
