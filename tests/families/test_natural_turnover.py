"""natural_turnover: sharing releases staff no faster than they leave of their own accord."""

from .conftest import row


def test_algebra(configured_model) -> None:  # type: ignore[no-untyped-def]
    # Finance releases 4 WTE when wholly shared; 5% of its 20 WTE leave a year: 1 WTE.
    coefficients, _, upper = row(configured_model, "natural_turnover[finance,2020/21]")
    assert coefficients == {"shared[finance,2020/21]": 4.0} and upper == 1.0
    coefficients, _, upper = row(configured_model, "natural_turnover[finance,2021/22]")
    assert coefficients == {"shared[finance,2020/21]": -4.0, "shared[finance,2021/22]": 4.0}
    assert upper == 1.0
