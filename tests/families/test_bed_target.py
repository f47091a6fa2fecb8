"""bed_target: beds open, owned and bought, within the year's target (tiny2: 120 acute beds in 2021/22)."""

import pytest

from .conftest import family_rows, row

EXACT = 1e-12


def test_index_is_the_targets_of_instance_toml(model2) -> None:  # type: ignore[no-untyped-def]
    assert family_rows(model2, "bed_target") == ["bed_target[acute,2021/22]"]


def test_algebra(model2) -> None:  # type: ignore[no-untyped-def]
    coefficients, lower, upper = row(model2, "bed_target[acute,2021/22]")
    # Owned beds open are 100 − closed; bought beds are 22 do-nothing less south's half of 0.1.
    assert coefficients == pytest.approx(
        {"scale[step_up,south,2021/22]": -0.05, "closed[hospital,acute,2021/22]": -1.0}, abs=EXACT
    )
    assert upper == pytest.approx(120.0 - (100.0 + 22.0), abs=EXACT)
    assert lower == float("-inf")
