"""Every constraint family is named once, in its own module's record, and used everywhere under that
name: it has a test module here, a phrase for its shadow price in plain units, rows prefixed by its
name in the unit its record gives, and a switch that removes its rows and leaves the rest as they are."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from optimiser.instance.container import Instance
from optimiser.instance.load import load_instance
from optimiser.linear import LinearModel
from optimiser.models import build_model
from optimiser.models.registry import FAMILY, REGISTRY, FamilyError
from optimiser.results.plain import restate_duals

from .conftest import SOURCE, _append, make_configured

HERE = Path(__file__).resolve().parent
NAMES = [family.name for family in REGISTRY]


@pytest.mark.parametrize("family", NAMES)
def test_family_has_a_test_module(family: str) -> None:
    assert (HERE / f"test_{family}.py").is_file()


def test_every_family_of_rows_is_registered_with_its_unit(model2: LinearModel, milp2: LinearModel) -> None:
    for model in (model2, milp2):
        for name, family in model.constraints.items():
            assert FAMILY[name].unit == family.unit, name


@pytest.fixture(scope="module")
def every_family(tmp_path_factory: pytest.TempPathFactory) -> Instance:
    """tiny2 with a service configuration and a commitment, so that every family has rows in its LP
    or its MILP."""
    commitment = {
        "intervention": "back_office",
        "location": "system",
        "year": "2021/22",
        "min_scale": 1.0,
        "source": SOURCE,
    }
    folder = make_configured(Path(tmp_path_factory.mktemp("registry")))
    _append(folder, "commitments", [commitment])
    return load_instance(folder)


def test_every_family_s_shadow_price_reads_in_words(every_family: Instance) -> None:
    """Each family's phrase is words, and fills in from the labels of every one of its own rows: a
    dual of +1 on every row reads "+£1m of cost per extra …" with something after "extra"."""
    lead = "+£1m of cost per extra "
    for integer in (False, True):
        model = build_model(every_family, integer=integer)
        texts = restate_duals(every_family, model, np.ones(model.shape[0]), "cost")
        for name, family in model.constraints.items():
            worded = texts[family.start : family.stop]
            assert all(text.startswith(lead) and len(text) > len(lead) for text in worded), name


def test_every_registered_family_has_rows(every_family: Instance) -> None:
    """So that switching each off below removes something."""
    lp, milp = build_model(every_family), build_model(every_family, integer=True)
    assert set(NAMES) <= set(lp.constraints) | set(milp.constraints)


def test_rows_carry_their_family_name(model2: LinearModel) -> None:
    for position, name in enumerate(model2.row_names):
        assert str(name).startswith(f"{model2.row_family[position]}["), name


def _rows(model: LinearModel, keep: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    dense = model.matrix[keep].toarray()
    return list(model.row_names[keep]), dense, model.row_lower[keep], model.row_upper[keep]


def _switched(instance: Instance, switches: dict[str, bool]) -> Instance:
    """The instance as if its instance.toml had `[families]` with these switches."""
    return dataclasses.replace(instance, config=instance.config.model_copy(update={"families": switches}))


@pytest.mark.parametrize("family", NAMES)
def test_switching_a_family_off_removes_its_rows_only(family: str, every_family: Instance) -> None:
    integer = family == "whole_wards"
    full = build_model(every_family, integer=integer)
    without = build_model(every_family, integer=integer, without=[family])
    assert family in full.constraints and family not in without.constraints
    kept = full.row_family != family
    names, matrix, lower, upper = _rows(full, kept)
    assert list(without.row_names) == names
    assert np.array_equal(without.matrix.toarray(), matrix)
    assert np.array_equal(without.row_lower, lower) and np.array_equal(without.row_upper, upper)
    assert list(without.column_names) == list(full.column_names)
    assert np.array_equal(without.objective, full.objective)


def test_instance_toml_switches_a_family_off(tiny2: Instance) -> None:
    switched = _switched(tiny2, {"capital": False, "gap": True})
    model = build_model(switched)
    assert "capital" not in model.constraints and "gap" in model.constraints


@pytest.mark.parametrize(
    ("switches", "without", "message"),
    [
        ({"captal": False}, (), "[families]: no constraint family 'captal' (valid: bed_balance, "),
        ({}, ("gapp",), "--without: no constraint family 'gapp' (valid: "),
    ],
)
def test_an_unknown_family_is_refused_with_a_suggestion(
    switches: dict[str, bool], without: tuple[str, ...], message: str, tiny2: Instance
) -> None:
    with pytest.raises(FamilyError) as error:
        build_model(_switched(tiny2, switches), without=without)
    assert message in str(error.value)
    assert str(error.value).endswith("did you mean 'capital'?" if switches else "did you mean 'gap'?")
