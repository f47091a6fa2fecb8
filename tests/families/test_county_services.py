"""county_services: what a county hosts today of its elective services stays in the county."""

from .conftest import family_rows, row


def test_algebra(configured_model) -> None:  # type: ignore[no-untyped-def]
    # Only the south's county keeps its services; it hosts surgery (elective) at the clinic today.
    assert family_rows(configured_model, "county_services") == [
        "county_services[south_county,surgery,2020/21]",
        "county_services[south_county,surgery,2021/22]",
    ]
    coefficients, lower, _ = row(configured_model, "county_services[south_county,surgery,2021/22]")
    assert coefficients == {"hosted[surgery,clinic,2021/22]": 1.0} and lower == 1.0
