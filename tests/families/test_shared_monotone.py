"""shared_monotone: a back-office function once shared stays shared."""

from .conftest import row


def test_algebra(configured_model) -> None:  # type: ignore[no-untyped-def]
    coefficients, _, upper = row(configured_model, "shared_monotone[finance,2021/22]")
    assert coefficients == {"shared[finance,2020/21]": 1.0, "shared[finance,2021/22]": -1.0}
    assert upper == 0.0
