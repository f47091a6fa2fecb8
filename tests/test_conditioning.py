"""The built model is checked before a solver sees it: magnitudes near the solvers' infinity and
names CBC cannot read are refused, and rows or columns with coefficients of very different size are
reported with what to rescale (issue 10: coefficients of 1e12 and 1e-12 once passed without a word)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from optimiser.analysis.conditioning import SPREAD_LIMIT, check_conditioning, require_conditioned
from optimiser.cli import main
from optimiser.instance.container import Instance
from optimiser.instance.errors import InstanceError
from optimiser.linear import LinearModel, ModelBuilder, Terms
from optimiser.models import build_model
from optimiser.models.data import build_data

from .conftest import TINY


def _model(instance: Instance) -> LinearModel:
    return build_model(instance, "min-cost", integer=False, data=build_data(instance))


def _row_with_two_entries(model: LinearModel) -> tuple[str, str, str]:
    """A row name and two of its columns."""
    counts = np.diff(model.matrix.indptr)
    row = int(np.flatnonzero(counts >= 2)[0])
    columns = model.matrix.indices[model.matrix.indptr[row] : model.matrix.indptr[row] + 2]
    return str(model.row_names[row]), str(model.column_names[columns[0]]), str(model.column_names[columns[1]])


def test_the_bundled_models_are_well_conditioned(tiny: Instance, derbyshire: Instance) -> None:
    assert check_conditioning(_model(tiny)) == []
    assert check_conditioning(_model(derbyshire)) == []


def test_coefficients_of_1e12_and_1e_minus_12_in_one_row_are_reported_with_what_to_rescale(
    tiny: Instance,
) -> None:
    model = _model(tiny)
    row, big, small = _row_with_two_entries(model)
    model.set_coefficient(row, big, 1e12)
    model.set_coefficient(row, small, 1e-12)
    findings = check_conditioning(model)
    warnings = [finding for finding in findings if finding.severity == "warning"]
    assert f"row {row}" in [finding.where for finding in warnings]
    message = next(finding.message for finding in warnings if finding.where == f"row {row}")
    assert f"span 1.0e+24 (more than {SPREAD_LIMIT:.0e})" in message
    assert f"1e+12 at column {big}" in message and f"1e-12 at column {small}" in message
    assert "rescale" in message
    # A spread is a warning, not a refusal: the model is returned to be solved.
    assert require_conditioned(model, "tiny") == findings


def test_a_limit_near_the_solvers_infinity_is_refused_as_bad_input(tiny: Instance) -> None:
    model = _model(tiny)
    row = str(model.row_names[0])
    model.set_row_bounds(row, upper=2.7e305)
    with pytest.raises(InstanceError) as caught:
        require_conditioned(model, "instances/tiny")
    assert caught.value.file == "instances/tiny"
    assert f"row {row}: upper limit 2.7e+305 is beyond ±1e+15" in caught.value.message
    assert len(str(caught.value).splitlines()) == 1


def test_a_nan_coefficient_is_refused(tiny: Instance) -> None:
    model = _model(tiny)
    row, column, _ = _row_with_two_entries(model)
    model.set_coefficient(row, column, float("nan"))
    errors = [finding for finding in check_conditioning(model) if finding.severity == "error"]
    assert [finding.where for finding in errors] == [f"row {row}, column {column}"]


def test_a_name_cbc_cannot_read_from_an_exported_file_is_a_warning() -> None:
    long = "n" * 200
    builder = ModelBuilder()
    builder.add_variables("x", pd.DataFrame({"i": [long]}), lower=0.0, upper=1.0)
    builder.set_objective("total", Terms(np.array([0]), np.array([0]), np.ones(1)), sense="min")
    findings = check_conditioning(builder.build())
    assert [(finding.severity, finding.where[:9]) for finding in findings] == [("warning", "column x[")]
    assert "a name of 203 characters" in findings[0].message


@pytest.mark.parametrize("command", ["solve", "export"])
def test_the_command_line_warns_of_a_coefficient_spread(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A WTE per unit of 1e-11 beside the stock's coefficient of 1 spans 1e11 in each workforce row:
    the run goes on, and stderr names the rows and what to rescale."""
    folder = Path(shutil.copytree(TINY, tmp_path / "spread"))
    effects = (folder / "effects.csv").read_text()
    (folder / "effects.csv").write_text(
        effects.replace("step_up,wte,nursing,0.01,", "step_up,wte,nursing,1e-11,")
    )
    target = ["--out", str(tmp_path / "out")] if command == "solve" else ["--mps", str(tmp_path / "m.mps")]
    assert main([command, str(folder), *target]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if line.startswith("warning: ")]
    assert "warning: row workforce[north,nursing,2020/21]: coefficients span 1.0e+11" in warnings[0]
