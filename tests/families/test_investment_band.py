"""investment_band: revenue a place invests in the named priorities lies within the band (£0.1m-£1m)."""

import pytest

from .conftest import family_rows, row


def test_index_is_places_in_the_band_year(model2) -> None:  # type: ignore[no-untyped-def]
    assert family_rows(model2, "investment_band") == [
        "investment_band[north,2021/22]",
        "investment_band[south,2021/22]",
    ]


def test_algebra(model2) -> None:  # type: ignore[no-untyped-def]
    coefficients, lower, upper = row(model2, "investment_band[north,2021/22]")
    # Only place-level interventions of the band's priorities count: step_up at £5,000 a unit.
    assert coefficients == pytest.approx({"scale[step_up,north,2021/22]": 0.005})
    assert (lower, upper) == (0.1, 1.0)
