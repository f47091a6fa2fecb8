"""cohort_cap: admissions avoided within a cohort's admissions; site services share them by patient mix."""

import pytest

from .conftest import row

EXACT = 1e-12


def test_place_and_site_interventions_share_the_cohort(model2) -> None:  # type: ignore[no-untyped-def]
    coefficients, _, upper = row(model2, "cohort_cap[north,frail,2021/22]")
    # North sends 29,200 of the hospital's 36,500 baseline bed-days: 80% of the UCC's admissions.
    assert coefficients == pytest.approx(
        {"scale[step_up,north,2021/22]": 1.0, "scale[ucc_streaming,hospital,2021/22]": 0.8}, abs=EXACT
    )
    assert upper == 400.0
    coefficients, _, upper = row(model2, "cohort_cap[south,frail,2021/22]")
    assert coefficients["scale[ucc_streaming,hospital,2021/22]"] == pytest.approx(0.2, abs=EXACT)
    assert upper == 300.0
