"""staff_monotone: WTE hired or redeployed into new services stay in them (tiny2: one staff group,
two places, two years, so one row per stock and place, in the second year)."""

import pytest

from .conftest import family_rows, row


def test_index_is_stock_place_group_from_the_second_year(model2) -> None:  # type: ignore[no-untyped-def]
    assert family_rows(model2, "staff_monotone") == [
        "staff_monotone[hired,north,nursing,2021/22]",
        "staff_monotone[hired,south,nursing,2021/22]",
        "staff_monotone[redeployed,north,nursing,2021/22]",
        "staff_monotone[redeployed,south,nursing,2021/22]",
    ]


@pytest.mark.parametrize("stock", ["hired", "redeployed"])
def test_algebra(model2, stock: str) -> None:  # type: ignore[no-untyped-def]
    coefficients, lower, upper = row(model2, f"staff_monotone[{stock},south,nursing,2021/22]")
    assert coefficients == {
        f"{stock}[south,nursing,2020/21]": 1.0,
        f"{stock}[south,nursing,2021/22]": -1.0,
    }
    assert lower == float("-inf") and upper == 0.0
