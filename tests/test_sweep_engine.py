"""The sweep engine: a warm scenario equals a from-scratch rebuild and solve of the overridden instance,
whether the scenario's model comes from the linear map or from a rebuild; bad specs are one line."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from optimiser.analysis.solve import run_solve
from optimiser.analysis.sweep.prepare import prepare
from optimiser.analysis.sweep.scenario import (
    FROM_SCRATCH,
    WARM_DUAL,
    WARM_PRIMAL,
    least_relaxation,
    run_scenario,
    start_for,
)
from optimiser.analysis.sweep.spec import SweepSpec, load_spec
from optimiser.cli.sweep import scenario_instance
from optimiser.instance.container import Instance
from optimiser.instance.errors import InstanceError
from optimiser.solvers import Status

EFFECTS_SPEC = """
method = "monte-carlo"
samples = 6
seed = 11
cold_check = 0

[[parameter]]
name = "discharge_to_assess_beds"
table = "effects"
where = { intervention = "discharge_to_assess", effect = "bed_days_avoided" }
field = "value"
multiply = { distribution = "triangular", low = 0.6, mode = 0.9, high = 1.1 }

[[parameter]]
name = "case_management_cost"
table = "effects"
where = { intervention = "case_management", effect = "revenue_cost" }
field = "value"
multiply = { distribution = "uniform", low = 0.8, high = 1.3 }

[[parameter]]
name = "target_gap"
table = "gap"
where = { year = "2020/21" }
field = "amount_gbpm"
set = { distribution = "normal", mean = 212, sd = 8 }

[delivery]
multiply = { distribution = "normal", mean = 0.95, sd = 0.05, high = 1.1 }
"""

DISCOUNT_SPEC = """
method = "one-at-a-time"
cold_check = 0

[[parameter]]
name = "discount_rate"
table = "parameters"
where = { name = "discount_rate" }
field = "value"
set = { low = 0.01, high = 0.06 }
"""


def _spec(tmp_path: Path, text: str) -> tuple[SweepSpec, str]:
    path = tmp_path / "sweep.toml"
    path.write_text(text)
    return load_spec(path), str(path)


def _from_scratch(instance: Instance) -> tuple[Status, float | None]:
    run = run_solve(instance, backend="highs")
    return run.solution.status, run.solution.objective


GAP_SPEC = """
method = "one-at-a-time"
cold_check = 0

[[parameter]]
name = "target_gap"
table = "gap"
where = { year = "2020/21" }
field = "amount_gbpm"
multiply = { low = 0.95, high = 1.05 }
"""


def _agrees_with_rebuilds(derbyshire: Instance, spec: SweepSpec, label: str, start: str) -> tuple[str, int]:
    """Every scenario against `run_solve` of its own instance, each solved with `start`; the
    engine's note and the infeasible count."""
    prepared = prepare(derbyshire, spec, label)
    values = prepared.scenarios[list(prepared.engine.names)].to_numpy(dtype=float)
    infeasible = 0
    for number, row in enumerate(values, start=1):
        record = run_scenario(prepared.engine, number, row)
        run = run_solve(scenario_instance(derbyshire, spec, label, number), backend="highs")
        assert record["status"] == run.solution.status.value
        if run.solution.objective is not None:
            assert record["check"] == start
            assert record["objective"] == pytest.approx(run.solution.objective, rel=1e-7)
        else:
            # An infeasible scenario's least relaxation is the one diagnosed from its rebuilt model.
            infeasible += 1
            assert record["least_relaxation"] == least_relaxation(run.model)
            assert record["least_relaxation"].startswith("gap -")
    return prepared.engine_note, infeasible


def test_a_scenario_from_the_linear_map_equals_a_rebuild_and_solve(
    derbyshire: Instance, tmp_path: Path
) -> None:
    spec, label = _spec(tmp_path, EFFECTS_SPEC)
    # Effects move the matrix's coefficients, so the base basis is no start: each solves from scratch.
    note, infeasible = _agrees_with_rebuilds(derbyshire, spec, label, FROM_SCRATCH)
    assert infeasible > 0
    # Four parameters, and the delivery factor shares discharge to assess's bed-days: a cross term.
    assert note.startswith("linear map of 5 terms")


def test_a_parameter_that_is_not_linear_rebuilds_and_still_agrees(
    derbyshire: Instance, tmp_path: Path
) -> None:
    spec, label = _spec(tmp_path, DISCOUNT_SPEC)
    # Discount factors are (1 + r)^−t: not linear in r, so the map must be refused.
    # The discount rate moves only the objective's costs (the rows stay in undiscounted yearly money),
    # so each rebuilt scenario starts from the base basis, which stays primal feasible.
    note, _ = _agrees_with_rebuilds(derbyshire, spec, label, WARM_PRIMAL)
    assert note.startswith("rebuild: parameter 'discount_rate' does not move the model linearly")


def test_a_gap_sweep_starts_each_scenario_from_the_base_basis(derbyshire: Instance, tmp_path: Path) -> None:
    spec, label = _spec(tmp_path, GAP_SPEC)
    # Only a right-hand side moves, so the base basis stays dual feasible: a warm dual simplex start.
    note, _ = _agrees_with_rebuilds(derbyshire, spec, label, WARM_DUAL)
    assert note.startswith("linear map of 1 terms")


@pytest.mark.parametrize(
    ("moved", "start"),
    [
        (frozenset(), WARM_DUAL),
        (frozenset({"report", "constant"}), WARM_DUAL),
        (frozenset({"bounds", "report"}), WARM_DUAL),
        (frozenset({"costs"}), WARM_PRIMAL),
        (frozenset({"costs", "bounds"}), FROM_SCRATCH),
        (frozenset({"matrix"}), FROM_SCRATCH),
        (frozenset({"matrix", "bounds"}), FROM_SCRATCH),
    ],
)
def test_a_scenario_starts_by_what_it_moves(moved: frozenset[str], start: str) -> None:
    assert start_for(moved) == start


def test_the_base_scenario_is_the_base_optimum(derbyshire: Instance, tmp_path: Path) -> None:
    spec, label = _spec(tmp_path, EFFECTS_SPEC)
    prepared = prepare(derbyshire, spec, label)
    record = run_scenario(prepared.engine, 0, np.full(len(prepared.engine.names), np.nan))
    assert record["objective"] == pytest.approx(_from_scratch(derbyshire)[1], rel=1e-9)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            'method = "monte-carlo"\n',
            "field (document): method 'monte-carlo' needs at least one [[parameter]]",
        ),
        ('method = "sideways"\n', "field method: Input should be"),
        (
            'method = "monte-carlo"\n[[parameter]]\nname = "x"\ntable = "gap"\nfield = "amount_gbpm"\n'
            'multiply = { distribution = "triangular", low = 0.5, high = 1.1 }\n',
            "field parameter[1].multiply: a triangular distribution needs mode",
        ),
        (
            'method = "grid"\n[[parameter]]\nname = "x"\ntable = "gap"\nfield = "amount_gbpm"\n'
            "multiply = { low = 0.5, high = 1.1 }\n",
            "parameter 'x': method 'grid' needs values",
        ),
    ],
)
def test_a_bad_spec_is_one_line_naming_the_file_and_key(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / "sweep.toml"
    path.write_text(text)
    with pytest.raises(InstanceError) as raised:
        load_spec(path)
    assert str(raised.value).startswith(str(path))
    assert says in str(raised.value)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("parameter", "says"),
    [
        (
            'table = "effects"\nwhere = { intervention = "no_such_thing" }\nfield = "value"\n',
            "parameter[1] 'p': no row of effects has intervention=no_such_thing",
        ),
        ('table = "efects"\nfield = "value"\n', "no table 'efects'"),
        ('table = "settings"\nfield = "occupancy"\n', "settings.csv, row 2, field occupancy"),
    ],
)
def test_a_parameter_that_selects_nothing_or_breaks_the_instance_is_refused_before_solving(
    tiny: Instance, tmp_path: Path, parameter: str, says: str
) -> None:
    text = f'method = "one-at-a-time"\n[[parameter]]\nname = "p"\n{parameter}'
    text += "multiply = { low = 0.9, high = 1.5 }\n"
    spec, label = _spec(tmp_path, text)
    with pytest.raises(InstanceError) as raised:
        prepare(tiny, spec, label)
    assert says in str(raised.value)
    assert "\n" not in str(raised.value)
