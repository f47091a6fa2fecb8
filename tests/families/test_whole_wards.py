"""whole_wards (integer option): beds close ten at a time at the tiny hospital."""

from .conftest import row


def test_only_under_the_integer_option(model2, milp2) -> None:  # type: ignore[no-untyped-def]
    assert "whole_wards" not in model2.constraints
    assert milp2.is_mip and not model2.is_mip


def test_algebra(milp2) -> None:  # type: ignore[no-untyped-def]
    coefficients, lower, upper = row(milp2, "whole_wards[hospital,acute,2021/22]")
    assert coefficients == {"closed[hospital,acute,2021/22]": 1.0, "wards[hospital,acute,2021/22]": -10.0}
    assert lower == upper == 0.0
    assert milp2.integer[milp2.column("wards[hospital,acute,2021/22]")]
