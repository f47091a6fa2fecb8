"""capital: capital of scale added and services opened within each year's budget (£3m in tiny2)."""

import pytest

from .conftest import family_rows, row

EXACT = 1e-12


def test_index_is_years(model2) -> None:  # type: ignore[no-untyped-def]
    assert family_rows(model2, "capital") == ["capital[2020/21]", "capital[2021/22]"]


def test_first_year_pays_for_all_scale(model2) -> None:  # type: ignore[no-untyped-def]
    coefficients, _, upper = row(model2, "capital[2020/21]")
    assert coefficients == pytest.approx(
        {
            "scale[step_up,north,2020/21]": 0.001,
            "scale[step_up,south,2020/21]": 0.001,
            "opened[ucc_hospital,2020/21]": 2.0,
        },
        abs=EXACT,
    )
    assert upper == 3.0


def test_later_years_pay_for_what_is_added(model2) -> None:  # type: ignore[no-untyped-def]
    coefficients, _, _ = row(model2, "capital[2021/22]")
    assert coefficients == pytest.approx(
        {
            "scale[step_up,north,2021/22]": 0.001,
            "scale[step_up,north,2020/21]": -0.001,
            "scale[step_up,south,2021/22]": 0.001,
            "scale[step_up,south,2020/21]": -0.001,
            "opened[ucc_hospital,2021/22]": 2.0,
            "opened[ucc_hospital,2020/21]": -2.0,
        },
        abs=EXACT,
    )
