"""gap: net saving against the do-nothing at least the gap (tiny2: £1m in 2021/22, capital charged at 10%)."""

from pathlib import Path

import pytest

from optimiser.analysis.evaluate import evaluate_plan
from optimiser.linear import LinearModel
from optimiser.models import build_model
from optimiser.results.summary import summarise

from .conftest import SOURCE, family_rows, row, variant

EXACT = 1e-12


def test_index_is_the_gap_years(model2) -> None:  # type: ignore[no-untyped-def]
    assert family_rows(model2, "gap") == ["gap[2021/22]"]


def test_algebra(model2) -> None:  # type: ignore[no-untyped-def]
    coefficients, lower, upper = row(model2, "gap[2021/22]")
    assert coefficients == pytest.approx(
        {
            # north: 36.5 bed-days × £100 − £5,000 − 10% of £1,000 capital = −£1,450
            "scale[step_up,north,2021/22]": -0.00145,
            # south: 18.25 × £100 + 18.25 × £300 − £5,100 = £2,200
            "scale[step_up,south,2021/22]": 0.0022,
            "scale[back_office,system,2021/22]": 0.08,
            # UCC: 3.65 × £100 − £200 = £165
            "scale[ucc_streaming,hospital,2021/22]": 0.000165,
            "closed[hospital,acute,2021/22]": 0.0365,
            # 10% charge on the UCC's £2m
            "opened[ucc_hospital,2021/22]": -0.2,
        },
        abs=EXACT,
    )
    # The do-nothing would open 10 beds at £36,500: £0.365m that every plan saves.
    assert lower == pytest.approx(1.0 - 0.365, abs=EXACT) and upper == float("inf")


def test_recruitment_and_redeployment_count_in_the_year_the_stock_grows(costed2) -> None:  # type: ignore[no-untyped-def]
    # costed2: nursing costs £5,000 a WTE to recruit and £2,000 to redeploy. The stocks' increase in
    # 2021/22 is stock[2021/22] − stock[2020/21], so each costs in the gap year and is credited back
    # for the stock already there.
    coefficients, _, _ = row(costed2, "gap[2021/22]")
    staff = {name: value for name, value in coefficients.items() if name.startswith(("hired", "redeployed"))}
    assert staff == pytest.approx(
        {
            f"{stock}[{place},nursing,{year}]": sign * cost
            for stock, cost in (("hired", 0.005), ("redeployed", 0.002))
            for place in ("north", "south")
            for year, sign in (("2021/22", -1.0), ("2020/21", 1.0))
        },
        abs=EXACT,
    )


# A fixed contribution (a saving no decision changes) of £0.25m in 2021/22 that spends £0.5m of
# capital: it comes off the gap the decisions must close and off that year's capital budget.
FIXED = {"name": "other_schemes", "priority": "other", "year": "2021/22", "amount_gbpm": 0.25}


@pytest.fixture(scope="module")
def with_fixed(tmp_path_factory: pytest.TempPathFactory) -> LinearModel:
    entry = {**FIXED, "capital_gbpm": 0.5, "source": SOURCE}
    instance = variant(Path(tmp_path_factory.mktemp("fixed")), config={"fixed_contributions": [entry]})
    return build_model(instance, "min-cost")


def test_a_fixed_contribution_comes_off_the_gap(model2: LinearModel, with_fixed: LinearModel) -> None:
    coefficients, lower, _ = row(with_fixed, "gap[2021/22]")
    assert coefficients == pytest.approx(row(model2, "gap[2021/22]")[0], abs=EXACT)
    assert lower == pytest.approx(1.0 - 0.365 - 0.25, abs=EXACT)


def test_a_fixed_contributions_capital_comes_off_the_budget(with_fixed: LinearModel) -> None:
    assert row(with_fixed, "capital[2020/21]")[2] == pytest.approx(3.0, abs=EXACT)
    assert row(with_fixed, "capital[2021/22]")[2] == pytest.approx(3.0 - 0.5, abs=EXACT)


def test_the_bridge_shows_the_fixed_line(tmp_path_factory: pytest.TempPathFactory) -> None:
    entry = {**FIXED, "source": SOURCE}
    instance = variant(Path(tmp_path_factory.mktemp("bridge")), config={"fixed_contributions": [entry]})
    evaluation = evaluate_plan(instance)
    summary = summarise(
        instance, evaluation.data, evaluation.model, evaluation.x, evaluation.violations, "plan"
    )
    finance = summary.finance
    assert finance["fixed_contributions"].tolist() == [0.0, 0.25]
    assert finance["gap_for_decisions"].tolist()[1] == pytest.approx(1.0 - 0.25, abs=EXACT)
    # Decisions by priority, beds kept open and the fixed line add up to the net saving.
    parts = finance[["place", "prevention", "urgent_care", "efficiency", "other", "beds_kept_open"]].sum(
        axis=1
    )
    total = parts + finance["fixed_contributions"]
    assert total.to_numpy() == pytest.approx(finance["net_saving"].to_numpy(), abs=1e-9)
