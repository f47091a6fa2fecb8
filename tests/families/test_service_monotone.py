"""service_monotone: an opened service stays open."""

from .conftest import family_rows, row


def test_algebra(model2) -> None:  # type: ignore[no-untyped-def]
    assert family_rows(model2, "service_monotone") == ["service_monotone[ucc_hospital,2021/22]"]
    coefficients, _, upper = row(model2, "service_monotone[ucc_hospital,2021/22]")
    assert coefficients == {"opened[ucc_hospital,2020/21]": 1.0, "opened[ucc_hospital,2021/22]": -1.0}
    assert upper == 0.0
