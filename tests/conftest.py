"""Shared fixtures: the bundled instances, loaded once, and the plans they evaluate to."""

from __future__ import annotations

from pathlib import Path

import highspy
import numpy as np
import pytest

from optimiser.analysis.evaluate import Evaluation, evaluate_plan
from optimiser.instance.container import Instance
from optimiser.instance.load import load_instance
from optimiser.linear import LinearModel
from optimiser.results.summary import Summary, summarise
from optimiser.solvers.highs import highs_lp, new_highs

ROOT = Path(__file__).resolve().parent.parent
INSTANCES = ROOT / "instances"
TINY = INSTANCES / "tiny"
DERBYSHIRE = INSTANCES / "derbyshire-stp-2016"


def bound_up_ranges(model: LinearModel) -> np.ndarray:
    """Each row's bound may rise to this value before the optimal basis, and so its dual, changes
    (HiGHS's ranging of the model's LP)."""
    solver = new_highs()
    solver.passModel(highs_lp(model))
    solver.run()
    assert solver.getModelStatus() == highspy.HighsModelStatus.kOptimal
    _, ranging = solver.getRanging()
    return np.asarray(ranging.row_bound_up.value_)


def summary_of(evaluation: Evaluation) -> Summary:
    return summarise(
        evaluation.instance, evaluation.data, evaluation.model, evaluation.x, evaluation.violations, "planned"
    )


@pytest.fixture(scope="session")
def tiny() -> Instance:
    return load_instance(TINY)


@pytest.fixture(scope="session")
def derbyshire() -> Instance:
    return load_instance(DERBYSHIRE)


@pytest.fixture(scope="session")
def tiny_plan(tiny: Instance) -> Evaluation:
    return evaluate_plan(tiny, "planned")


@pytest.fixture(scope="session")
def derbyshire_plan(derbyshire: Instance) -> Evaluation:
    return evaluate_plan(derbyshire, "planned")


@pytest.fixture(scope="session")
def derbyshire_summary(derbyshire_plan: Evaluation) -> Summary:
    return summary_of(derbyshire_plan)
