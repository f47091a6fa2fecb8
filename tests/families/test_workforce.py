"""workforce: WTE needed within available, hired and redeployed (site services use the host place)."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from optimiser.instance.load import load_instance
from optimiser.models import build_model
from optimiser.solvers import solve

from .conftest import TINY, family_rows, row, with_staff_costs

EXACT = 1e-12


def test_index(model2) -> None:  # type: ignore[no-untyped-def]
    assert len(family_rows(model2, "workforce")) == 2 * 1 * 2  # places × staff groups × years


def test_algebra(model2) -> None:  # type: ignore[no-untyped-def]
    coefficients, _, upper = row(model2, "workforce[north,nursing,2021/22]")
    assert coefficients == pytest.approx(
        {
            "scale[step_up,north,2021/22]": 0.01,
            "scale[ucc_streaming,hospital,2021/22]": 0.001,  # the hospital stands in north
            "hired[north,nursing,2021/22]": -1.0,
            "redeployed[north,nursing,2021/22]": -1.0,
        },
        abs=EXACT,
    )
    assert upper == 2.0


def test_min_cost_charges_each_hire_once_discounted_to_its_year(costed2) -> None:  # type: ignore[no-untyped-def]
    # tiny2 discounts at 3.5%. A WTE in the stock in 2020/21 was recruited then (factor 1) and is not
    # recruited again in 2021/22 (factor 1/1.035), so its column costs 0.005 × (1 − 1/1.035); the
    # 2021/22 stock costs 0.005 / 1.035. Redeployment likewise at £2,000.
    objective = dict(zip(costed2.column_names, costed2.objective, strict=True))
    for stock, cost in (("hired", 0.005), ("redeployed", 0.002)):
        assert objective[f"{stock}[south,nursing,2020/21]"] == pytest.approx(
            cost * (1 - 1 / 1.035), abs=EXACT
        )
        assert objective[f"{stock}[south,nursing,2021/22]"] == pytest.approx(cost / 1.035, abs=EXACT)


@pytest.mark.parametrize(
    ("recruitment", "redeployment", "hired", "redeployed"),
    [(1000, 2000, 1.0, 0.0), (5000, 2000, 0.0, 1.0)],
)
def test_staff_short_in_a_place_cost_the_cheaper_way_to_find_them(  # type: ignore[no-untyped-def]
    tmp_path, recruitment: float, redeployment: float, hired: float, redeployed: float
) -> None:
    # tiny (one year) with nobody available in south: its optimum (instances/tiny/README.md) runs 100
    # step-up units there, needing 1 nursing WTE, and closes 5 hospital beds, releasing 5. That WTE
    # is hired or redeployed, whichever is cheaper, at £c = min(recruitment, redeployment). The gap
    # then needs back office b with 0.23 + 0.1825 + 0.08 b − c/1e6 = 1.0, so the cost is
    # 0.5 + 0.02 b + c/1e6 = 0.5 + 0.146875 + 1.25 c/1e6 (£m).
    folder = with_staff_costs(Path(shutil.copytree(TINY, tmp_path / "tiny")), recruitment, redeployment)
    workforce = pd.read_csv(folder / "workforce.csv")
    workforce.loc[workforce["place"] == "south", "available_wte"] = 0
    workforce.to_csv(folder / "workforce.csv", index=False)
    model = build_model(load_instance(folder))
    solution = solve(model, "cbc")
    cheaper = min(recruitment, redeployment) / 1e6
    assert solution.objective == pytest.approx(0.5 + 0.146875 + 1.25 * cheaper, abs=1e-6)
    value = dict(zip(model.column_names, solution.x, strict=True))
    assert value["scale[step_up,south,2020/21]"] == pytest.approx(100.0, abs=1e-6)
    assert value["hired[south,nursing,2020/21]"] == pytest.approx(hired, abs=1e-6)
    assert value["redeployed[south,nursing,2020/21]"] == pytest.approx(redeployed, abs=1e-6)
