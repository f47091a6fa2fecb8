"""hiring_limit: the hired stock grows by no more than the yearly limit."""

import pytest

from .conftest import row


def test_first_year_starts_from_nobody(model2) -> None:  # type: ignore[no-untyped-def]
    coefficients, _, upper = row(model2, "hiring_limit[north,nursing,2020/21]")
    assert coefficients == {"hired[north,nursing,2020/21]": 1.0}
    assert upper == 1.0


def test_later_years_limit_the_increase(model2) -> None:  # type: ignore[no-untyped-def]
    coefficients, _, upper = row(model2, "hiring_limit[north,nursing,2021/22]")
    assert coefficients == pytest.approx(
        {"hired[north,nursing,2021/22]": 1.0, "hired[north,nursing,2020/21]": -1.0}
    )
    assert upper == 1.0
