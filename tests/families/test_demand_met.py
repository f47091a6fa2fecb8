"""demand_met: each place's activity of each service is treated somewhere in the system."""

from .conftest import row


def test_algebra(configured_model) -> None:  # type: ignore[no-untyped-def]
    coefficients, lower, upper = row(configured_model, "demand_met[north,ae,2020/21]")
    assert coefficients == {
        "activity[north,ae,clinic,2020/21]": 1.0,
        "activity[north,ae,hospital,2020/21]": 1.0,
    }
    assert lower == upper == 400.0


def test_an_instance_without_a_configuration_has_no_rows(model2) -> None:  # type: ignore[no-untyped-def]
    assert "demand_met" not in model2.constraints and "hosted" not in model2.variables
