"""coverage_mean: the mean coverage of a place-level intervention across places, for the equity floor."""

import pytest

from .conftest import row

EXACT = 1e-12


def test_mean_coverage_definition(model2) -> None:  # type: ignore[no-untyped-def]
    coefficients, lower, upper = row(model2, "coverage_mean[step_up,2021/22]")
    # Mean coverage is total scale over total eligible scale, 400 + 300.
    assert coefficients == pytest.approx(
        {
            "coverage_mean[step_up,2021/22]": 1.0,
            "scale[step_up,north,2021/22]": -1 / 700,
            "scale[step_up,south,2021/22]": -1 / 700,
        },
        abs=EXACT,
    )
    assert lower == upper == 0.0
