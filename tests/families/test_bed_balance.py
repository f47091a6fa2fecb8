"""bed_balance: beds closed plus beds still needed stay within the baseline (tiny2, 2021/22)."""

import pytest

from .conftest import family_rows, row

EXACT = 1e-12


def test_index_is_closable_site_settings_by_year(model2) -> None:  # type: ignore[no-untyped-def]
    assert family_rows(model2, "bed_balance") == [
        "bed_balance[hospital,acute,2020/21]",
        "bed_balance[hospital,acute,2021/22]",
    ]


def test_algebra(model2) -> None:  # type: ignore[no-untyped-def]
    coefficients, lower, upper = row(model2, "bed_balance[hospital,acute,2021/22]")
    # 36.5 bed-days a unit over 365 is 0.1 bed; south sends half its patients here; UCC 3.65 / 365.
    assert coefficients == pytest.approx(
        {
            "scale[step_up,north,2021/22]": -0.1,
            "scale[step_up,south,2021/22]": -0.05,
            "scale[ucc_streaming,hospital,2021/22]": -0.01,
            "closed[hospital,acute,2021/22]": 1.0,
        },
        abs=EXACT,
    )
    # 100 baseline beds less 110 needed by the do-nothing (10% growth).
    assert (lower, upper) == (float("-inf"), pytest.approx(-10.0, abs=EXACT))
    assert model2.row_offset[model2.row("bed_balance[hospital,acute,2021/22]")] == pytest.approx(110.0)
