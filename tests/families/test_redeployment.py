"""redeployment: staff redeployed into places come from the beds closed (1 nursing WTE a bed in tiny)."""

import pytest

from .conftest import family_rows, row


def test_index_is_staff_group_by_year(model2) -> None:  # type: ignore[no-untyped-def]
    assert family_rows(model2, "redeployment") == [
        "redeployment[nursing,2020/21]",
        "redeployment[nursing,2021/22]",
    ]


def test_algebra(model2) -> None:  # type: ignore[no-untyped-def]
    coefficients, _, upper = row(model2, "redeployment[nursing,2021/22]")
    assert coefficients == pytest.approx(
        {
            "redeployed[north,nursing,2021/22]": 1.0,
            "redeployed[south,nursing,2021/22]": 1.0,
            "closed[hospital,acute,2021/22]": -1.0,
        }
    )
    assert upper == 0.0
