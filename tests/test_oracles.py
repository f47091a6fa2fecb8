"""Second opinions from independent code: our CSV writer against pandas' own, and our MPS file read
by HiGHS's own parser and solved there to the objective our solve reports."""

from __future__ import annotations

from pathlib import Path

import highspy
import numpy as np
import pandas as pd
import pytest

from optimiser.instance.container import Instance
from optimiser.io.mps import write_mps
from optimiser.io.textblocks import write_csv
from optimiser.models import build_model
from optimiser.solvers import Status, solve

#: Two solvers' optima of the same model agree to this share of the objective.
AGREEMENT = 1e-7


def test_the_csv_writer_matches_pandas_byte_for_byte(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "name": ["plain", "with, comma", 'with "quotes"', "line\nbreak", "ünïcödé £", "", "-"],
            "value": [1.0, -2.5, 1e-12, 123456789.123, np.nan, -0.0, 3.0],
            "count": [1, -2, 3, 0, 5, 6, 7],
            "flag": [True, False, True, True, False, False, True],
        }
    )
    ours = tmp_path / "ours.csv"
    write_csv(frame, ours, float_format="%.10g")
    theirs = frame.to_csv(index=False, float_format="%.10g", lineterminator="\n")
    assert ours.read_bytes() == theirs.encode("utf-8")


@pytest.mark.parametrize("objective", ["min-cost", "max-saving", "min-beds"])
def test_highs_reads_our_mps_and_finds_our_optimum(
    objective: str, derbyshire: Instance, tmp_path: Path
) -> None:
    model = build_model(derbyshire, objective)
    ours = solve(model, "cbc")
    assert ours.status is Status.OPTIMAL and ours.objective is not None
    path = write_mps(model, tmp_path / "model.mps")
    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    assert solver.readModel(str(path)) == highspy.HighsStatus.kOk
    solver.run()
    assert solver.getModelStatus() == highspy.HighsModelStatus.kOptimal
    theirs = solver.getInfo().objective_function_value
    assert abs(theirs - ours.objective) <= AGREEMENT * max(1.0, abs(ours.objective))
