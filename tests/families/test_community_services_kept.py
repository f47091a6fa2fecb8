"""community_services_kept: a pledged community hospital loses none of today's services."""

from .conftest import family_rows, row


def test_algebra(configured_model) -> None:  # type: ignore[no-untyped-def]
    # The clinic (new_services 1) hosts surgery today; the hospital is not a pledged community site.
    assert family_rows(configured_model, "community_services_kept") == [
        "community_services_kept[surgery,clinic,2020/21]",
        "community_services_kept[surgery,clinic,2021/22]",
    ]
    coefficients, lower, _ = row(configured_model, "community_services_kept[surgery,clinic,2020/21]")
    assert coefficients == {"hosted[surgery,clinic,2020/21]": 1.0} and lower == 1.0
