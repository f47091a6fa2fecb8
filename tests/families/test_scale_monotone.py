"""scale_monotone: no intervention shrinks from one year to the next."""

from .conftest import family_rows, row


def test_index_starts_in_the_second_year(model2) -> None:  # type: ignore[no-untyped-def]
    assert all(name.endswith(",2021/22]") for name in family_rows(model2, "scale_monotone"))
    assert len(family_rows(model2, "scale_monotone")) == 4  # deployments


def test_algebra(model2) -> None:  # type: ignore[no-untyped-def]
    coefficients, _, upper = row(model2, "scale_monotone[step_up,north,2021/22]")
    assert coefficients == {"scale[step_up,north,2020/21]": 1.0, "scale[step_up,north,2021/22]": -1.0}
    assert upper == 0.0
