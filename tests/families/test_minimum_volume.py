"""minimum_volume: a site hosting a specialised service treats at least its minimum volume."""

from .conftest import family_rows, row


def test_algebra(configured_model) -> None:  # type: ignore[no-untyped-def]
    coefficients, lower, _ = row(configured_model, "minimum_volume[surgery,clinic,2020/21]")
    assert coefficients == {
        "activity[north,surgery,clinic,2020/21]": 1.0,
        "activity[south,surgery,clinic,2020/21]": 1.0,
        "hosted[surgery,clinic,2020/21]": -100.0,
    }
    assert lower == 0.0


def test_only_services_with_a_minimum_have_rows(configured_model) -> None:  # type: ignore[no-untyped-def]
    assert all("[surgery," in name for name in family_rows(configured_model, "minimum_volume"))
