"""district_general_hospital: the pledged district general hospital keeps its pledged services."""

from optimiser.models.registry import FAMILY

from .conftest import family_rows, row


def test_algebra(configured_model) -> None:  # type: ignore[no-untyped-def]
    assert family_rows(configured_model, "district_general_hospital") == [
        "district_general_hospital[ae,hospital,2020/21]",
        "district_general_hospital[ae,hospital,2021/22]",
    ]
    coefficients, lower, _ = row(configured_model, "district_general_hospital[ae,hospital,2020/21]")
    assert coefficients == {"hosted[ae,hospital,2020/21]": 1.0} and lower == 1.0


def test_a_pledge_is_priced() -> None:
    assert FAMILY["district_general_hospital"].priced and not FAMILY["bed_balance"].priced
