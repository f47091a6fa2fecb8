"""evidence_cap: beds avoided at a site within its evidence share of do-nothing beds (60% in tiny)."""

import pytest

from .conftest import row

EXACT = 1e-12


def test_owned_site(model2) -> None:  # type: ignore[no-untyped-def]
    coefficients, _, upper = row(model2, "evidence_cap[hospital,acute,2021/22]")
    assert coefficients == pytest.approx(
        {
            "scale[step_up,north,2021/22]": 0.1,
            "scale[step_up,south,2021/22]": 0.05,
            "scale[ucc_streaming,hospital,2021/22]": 0.01,
        },
        abs=EXACT,
    )
    assert upper == pytest.approx(0.6 * 110.0, abs=EXACT)


def test_bought_site(model2) -> None:  # type: ignore[no-untyped-def]
    coefficients, _, upper = row(model2, "evidence_cap[bought,acute,2021/22]")
    assert coefficients == pytest.approx({"scale[step_up,south,2021/22]": 0.05}, abs=EXACT)
    assert upper == pytest.approx(0.6 * 22.0, abs=EXACT)
