"""scale_ramp: each year's increase within the ramp limit times max scale (UCC: 0.5 × 1,000)."""

from .conftest import row


def test_first_year_from_zero(model2) -> None:  # type: ignore[no-untyped-def]
    coefficients, _, upper = row(model2, "scale_ramp[ucc_streaming,hospital,2020/21]")
    assert coefficients == {"scale[ucc_streaming,hospital,2020/21]": 1.0}
    assert upper == 500.0


def test_later_year_increase(model2) -> None:  # type: ignore[no-untyped-def]
    coefficients, _, upper = row(model2, "scale_ramp[step_up,south,2021/22]")
    assert coefficients == {"scale[step_up,south,2021/22]": 1.0, "scale[step_up,south,2020/21]": -1.0}
    assert upper == 300.0  # ramp limit 1 × max 300
