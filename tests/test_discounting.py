"""Discounting: min-cost is a present value, a rate of 0 is the undiscounted sum, and the rate can
change which mix is cheapest exactly where hand arithmetic says it should.

`two_year_choice` is tiny over two years with the gap (£1m) in the second year only, no bed target,
back office limited to 5 units added a year (ramp 0.5 of 10), and a second system scheme,
`quick_contract`, that can start at full scale at once but costs more per £ of gap:

- back office: saves £0.1m, costs £0.02m a unit: £0.25 of cost per £1 of gap, in year 2 alone for
  its first 5 units; beyond 5 units in year 2, each needs a unit in year 1 too (the ramp), so it costs
  £0.02m + f × £0.02m for £0.08m of gap: 0.25 × (1 + f) per £1;
- quick contract: saves £0.1m, costs £0.036m (nets £0.064m): 0.5625 × f per £1, at most 10 units;
- step-up care nets at best £0.004125m for £0.005m (south), 1.21 × f per £1: never chosen here;

where f = 1 / (1 + r) is year 2's discount factor. Back office's first 5 units close £0.4m of the
gap. The other £0.6m comes from back office beyond 5 units while 0.25 × (1 + f) < 0.5625 × f, that
is while f > 0.8 (r < 25%), and from the quick contract once r > 25%.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import tomli_w

from optimiser.analysis.diagnose import _describe_family
from optimiser.instance.container import Instance
from optimiser.instance.load import load_instance
from optimiser.linear import LinearModel
from optimiser.models import build_model
from optimiser.models.data import build_data
from optimiser.models.objectives import TIE_BREAK
from optimiser.models.quantities import per_deployment_cost, service_charge
from optimiser.solvers import Status, solve

from .conftest import TINY
from .families.conftest import make_tiny2

#: Solvers stop at 1e-9 feasibility; the hand optimum is exact.
SOLVER_TOLERANCE = 1e-6
SOURCE = "assumption: test instance"
YEARS = ("2020/21", "2021/22")


def _set_rate(folder: Path, rate: float) -> None:
    path = folder / "instance.toml"
    document = tomllib.loads(path.read_text())
    document["parameters"]["discount_rate"]["value"] = rate
    path.write_text(tomli_w.dumps(document))


def _append(folder: Path, table: str, rows: list[dict[str, object]]) -> None:
    frame = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
    extra = pd.DataFrame(rows).astype(str)
    pd.concat([frame, extra], ignore_index=True).to_csv(folder / f"{table}.csv", index=False)


def make_two_year_choice(folder: Path, rate: float) -> Path:
    """The instance the module docstring works by hand, at discount rate `rate`."""
    target = Path(shutil.copytree(TINY, folder / f"choice-{rate}"))
    document = tomllib.loads((target / "instance.toml").read_text())
    document["years"] = list(YEARS)
    document["target_year"] = YEARS[1]
    document["gap"] = [{"year": YEARS[1], "amount_gbpm": 1.0, "source": SOURCE}]
    del document["bed_targets"]
    document["parameters"]["discount_rate"]["value"] = rate
    (target / "instance.toml").write_text(tomli_w.dumps(document))
    growth = [
        {"measure": measure, "year": YEARS[1], "index": 1, "source": SOURCE}
        for measure in ("acute", "admissions")
    ]
    _append(target, "growth", growth)
    interventions = pd.read_csv(target / "interventions.csv", dtype=str, keep_default_na=False)
    interventions.loc[interventions["intervention"] == "back_office", "ramp_limit"] = "0.5"
    interventions.to_csv(target / "interventions.csv", index=False)
    quick = {
        "intervention": "quick_contract",
        "name": "Quick-start contract",
        "priority": "efficiency",
        "level": "system",
        "scale_unit": "£m of spend in scope",
        "ramp_limit": 1,
        "bridge": "",
        "source": SOURCE,
    }
    _append(target, "interventions", [quick])
    effects = [
        {
            "intervention": "quick_contract",
            "effect": effect,
            "key": "",
            "value": value,
            "unit": "GBPm",
            "source": SOURCE,
        }
        for effect, value in (("direct_saving", 0.1), ("revenue_cost", 0.036))
    ]
    _append(target, "effects", effects)
    eligibility = {"intervention": "quick_contract", "location": "system", "min_scale": 0, "max_scale": 10}
    _append(target, "eligibility", [{**eligibility, "source": SOURCE}])
    return target


def _value(model: LinearModel, x: np.ndarray, column: str) -> float:
    return float(x[model.column(column)])


@pytest.mark.parametrize("backend", ["cbc", "highs"])
@pytest.mark.parametrize(
    ("rate", "back_office", "quick_contract", "cost"),
    [
        # r = 0: back office 5 in year 1 and 10 in year 2 (£0.8m of gap), the quick contract the
        # last £0.2m (3.125 units): £0.1m + £0.2m + 3.125 × £0.036m.
        (0.0, (5.0, 10.0), 3.125, 0.1 + 0.2 + 3.125 * 0.036),
        # Green Book 3.5%: the same mix, year 2 worth 1/1.035: £0.1m + £0.3125m / 1.035.
        (0.035, (5.0, 10.0), 3.125, 0.1 + (0.2 + 3.125 * 0.036) / 1.035),
        # r = 50%: back office 5 in year 2 only (£0.4m), the quick contract the other £0.6m
        # (9.375 units), all in year 2: (£0.1m + 9.375 × £0.036m) / 1.5.
        (0.5, (0.0, 5.0), 9.375, (0.1 + 9.375 * 0.036) / 1.5),
    ],
)
def test_discounting_moves_the_optimum_where_hand_arithmetic_says(
    tmp_path: Path,
    backend: str,
    rate: float,
    back_office: tuple[float, float],
    quick_contract: float,
    cost: float,
) -> None:
    model = build_model(load_instance(make_two_year_choice(tmp_path, rate)), "min-cost")
    solution = solve(model, backend)
    assert solution.status is Status.OPTIMAL and solution.x is not None
    assert solution.objective == pytest.approx(cost, abs=SOLVER_TOLERANCE)
    for year, expected in zip(YEARS, back_office, strict=True):
        assert _value(model, solution.x, f"scale[back_office,system,{year}]") == pytest.approx(
            expected, abs=SOLVER_TOLERANCE
        )
    assert _value(model, solution.x, "scale[quick_contract,system,2020/21]") == pytest.approx(
        0.0, abs=SOLVER_TOLERANCE
    )
    assert _value(model, solution.x, "scale[quick_contract,system,2021/22]") == pytest.approx(
        quick_contract, abs=SOLVER_TOLERANCE
    )


@pytest.fixture(scope="module")
def tiny2_at(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """tiny2 (capital, a capital charge of 10% and a site service) at a chosen discount rate."""

    def load(rate: float) -> Instance:
        folder = make_tiny2(tmp_path_factory.mktemp(f"tiny2-{rate}"))
        _set_rate(folder, rate)
        return load_instance(folder)

    return load


def test_a_rate_of_zero_gives_the_undiscounted_objective_exactly(tiny2_at) -> None:  # type: ignore[no-untyped-def]
    instance = tiny2_at(0.0)
    data = build_data(instance)
    model = build_model(instance, "min-cost", data=data)
    # The undiscounted objective: each year's revenue plus capital charge per unit, the same in
    # every year, and the services' charges; the tie-break costs are kept apart and untouched.
    expected = np.zeros(model.shape[1])
    expected[model.variables["scale"].start : model.variables["scale"].stop] = np.repeat(
        per_deployment_cost(data), data.n_years
    )
    expected[model.variables["opened"].start : model.variables["opened"].stop] = np.repeat(
        service_charge(data), data.n_years
    )
    assert np.array_equal(model.objective, expected)
    tie_break = np.zeros(model.shape[1])
    for name, cost in TIE_BREAK.items():
        tie_break[model.variables[name].start : model.variables[name].stop] += cost
    assert np.array_equal(model.tie_break, tie_break)


def _yearly_cost(instance: Instance, model: LinearModel, x: np.ndarray) -> np.ndarray:
    """Each year's revenue cost plus capital charge of a solution, from the tables themselves."""
    data = build_data(instance)
    charge = instance.config.parameters.capital_charge_rate.value
    deployments = data.deployments
    per_unit = deployments["revenue_gbpm"].to_numpy() + charge * deployments["capital_gbpm"].to_numpy()
    scale = model.variable("scale", x)["value"].to_numpy().reshape(-1, data.n_years)
    opened = model.variable("opened", x)["value"].to_numpy().reshape(-1, data.n_years)
    services = charge * data.services["fixed_capital_gbpm"].to_numpy()
    return per_unit @ scale + services @ opened


@pytest.mark.parametrize("rate", [0.0, 0.035, 0.2])
def test_the_objective_is_the_present_value_of_the_yearly_costs(tiny2_at, rate: float) -> None:  # type: ignore[no-untyped-def]
    instance = tiny2_at(rate)
    model = build_model(instance, "min-cost")
    solution = solve(model, "cbc")
    assert solution.status is Status.OPTIMAL and solution.x is not None
    yearly = _yearly_cost(instance, model, solution.x)
    assert yearly[1] > 0  # year 2 has a cost for the factor to act on
    present_value = yearly[0] + yearly[1] / (1 + rate)
    # The tie-break costs are below 1e-6 of a £m per unit and never part of the reported objective.
    assert solution.objective == pytest.approx(present_value, abs=SOLVER_TOLERANCE)


def _cli_solve(instance: Path, out: Path) -> tuple[dict[str, object], str]:
    result = subprocess.run(
        [sys.executable, "-m", "optimiser.cli", "solve", str(instance), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=out.parent,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads((out / "summary.json").read_text()), result.stdout


@pytest.mark.parametrize(
    ("rate", "basis", "cost"),
    [
        (0.0, "undiscounted", 0.1 + 0.2 + 3.125 * 0.036),
        (0.5, "present value at 50% a year, discounted to 2020/21", (0.1 + 9.375 * 0.036) / 1.5),
    ],
)
def test_reports_state_the_basis_of_every_multi_year_total(
    tmp_path: Path, rate: float, basis: str, cost: float
) -> None:
    summary, printed = _cli_solve(make_two_year_choice(tmp_path, rate), tmp_path / "out")
    objective = summary["objective"]
    assert isinstance(objective, dict) and objective["basis"] == basis
    assert objective["value"] == pytest.approx(cost, abs=SOLVER_TOLERANCE)
    investment = summary["investment"]
    assert isinstance(investment, dict) and investment["capital_basis"] == basis
    assert f"min-cost = £{cost:,.2f}m, {basis} (" in " ".join(printed.split())
    constraints = pd.read_csv(tmp_path / "out" / "constraints.csv", keep_default_na=False)
    gap = constraints.loc[constraints["family"] == "gap", "dual_in_plain_units"].iloc[0]
    word = "cost" if rate == 0 else "present-value cost"
    assert gap.startswith("+£") and f"m of {word} per extra £1m of gap in 2021/22" in gap


def test_a_diagnosis_says_its_capital_total_is_a_plain_sum() -> None:
    rows = pd.DataFrame(
        {
            "name": ["capital[2020/21]", "capital[2019/20]"],
            "family": "capital",
            "unit": "£m",
            "change": [11.0, 2.5],
        }
    )
    # Capital budgets are each year's own money: £11m + £2.5m = £13.5m, not a present value.
    assert _describe_family(rows, "capital").startswith("£13.5m more in all (undiscounted; largest:")
