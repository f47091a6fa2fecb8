"""site_capacity: activity only where the service is hosted, within the site's capacity."""

from .conftest import row


def test_algebra(configured_model) -> None:  # type: ignore[no-untyped-def]
    coefficients, _, upper = row(configured_model, "site_capacity[ae,clinic,2021/22]")
    assert coefficients == {
        "activity[north,ae,clinic,2021/22]": 1.0,
        "activity[south,ae,clinic,2021/22]": 1.0,
        "hosted[ae,clinic,2021/22]": -500.0,
    }
    assert upper == 0.0


def test_an_out_of_area_provider_is_no_decision(configured_model) -> None:  # type: ignore[no-untyped-def]
    names = [str(name) for name in configured_model.column_names]
    assert not any("bought" in name for name in names if name.startswith(("hosted", "activity")))
