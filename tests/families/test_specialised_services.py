"""specialised_services: existing specialised services are sustained where pledged."""

from .conftest import family_rows, row


def test_algebra(configured_model) -> None:  # type: ignore[no-untyped-def]
    assert family_rows(configured_model, "specialised_services") == [
        "specialised_services[surgery,hospital,2020/21]",
        "specialised_services[surgery,hospital,2021/22]",
    ]
    coefficients, lower, _ = row(configured_model, "specialised_services[surgery,hospital,2021/22]")
    assert coefficients == {"hosted[surgery,hospital,2021/22]": 1.0} and lower == 1.0
