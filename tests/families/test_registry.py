"""Every constraint family is named once and used everywhere under that name: it has a test module
here, a phrase for its shadow price in plain units, and it is the prefix of its rows."""

from pathlib import Path

import pytest

from optimiser.models.build import FAMILIES
from optimiser.plain import PHRASES

HERE = Path(__file__).resolve().parent


@pytest.mark.parametrize("family", [name for name, _ in FAMILIES])
def test_family_has_a_test_module(family: str) -> None:
    assert (HERE / f"test_{family}.py").is_file()


def test_every_row_family_has_a_plain_phrase(model2, milp2) -> None:  # type: ignore[no-untyped-def]
    families = set(model2.constraints) | set(milp2.constraints)
    assert families - set(PHRASES) == set()


def test_rows_carry_their_family_name(model2) -> None:  # type: ignore[no-untyped-def]
    for position, name in enumerate(model2.row_names):
        assert str(name).startswith(f"{model2.row_family[position]}["), name
