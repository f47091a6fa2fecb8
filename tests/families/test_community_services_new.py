"""community_services_new: a pledged community hospital gains new services by the target year."""

from .conftest import family_rows, row


def test_algebra(configured_model) -> None:  # type: ignore[no-untyped-def]
    assert family_rows(configured_model, "community_services_new") == ["community_services_new[clinic]"]
    coefficients, lower, _ = row(configured_model, "community_services_new[clinic]")
    # A&E is the one service the clinic does not host today; the target year is 2021/22.
    assert coefficients == {"hosted[ae,clinic,2021/22]": 1.0} and lower == 1.0
