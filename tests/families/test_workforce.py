"""workforce: WTE needed within available, hired and redeployed (site services use the host place)."""

import pytest

from .conftest import family_rows, row

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
