"""A built model can change one bound, right-hand side or coefficient and be re-solved without a
rebuild; the re-solve equals a from-scratch solve of the changed instance."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pandas as pd
import pytest
import tomli_w

from optimiser.instance.load import load_instance
from optimiser.models import build_model
from optimiser.solvers import solve
from optimiser.solvers.highs import HighsSession

from .conftest import DERBYSHIRE

#: Two independent solves of the same LP agree to this relative precision.
SAME = 1e-7
NEW_GAP = 230.0


def _copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DERBYSHIRE, tmp_path / "copy"))


def test_changed_gap_right_hand_side(tmp_path: Path) -> None:
    model = build_model(load_instance(DERBYSHIRE))
    session = HighsSession(model)
    session.solve()
    row = "gap[2020/21]"
    offset = model.row_offset[model.row(row)]
    session.set_row_bounds(row, lower=NEW_GAP - offset)
    warm = session.solve()
    folder = _copy(tmp_path)
    document = tomllib.loads((folder / "instance.toml").read_text())
    target = next(entry for entry in document["gap"] if entry["year"] == document["target_year"])
    target["amount_gbpm"] = NEW_GAP
    (folder / "instance.toml").write_text(tomli_w.dumps(document))
    scratch = build_model(load_instance(folder))
    assert warm.objective == pytest.approx(solve(scratch, "highs").objective, rel=SAME)
    assert warm.objective == pytest.approx(solve(scratch, "cbc").objective, rel=SAME)
    model.set_row_bounds(row, lower=NEW_GAP - offset)  # the same change on the model, solved by CBC
    assert solve(model, "cbc").objective == pytest.approx(warm.objective, rel=SAME)


def test_changed_coefficient(tmp_path: Path) -> None:
    # Workforce productivity saves 4% of spend in scope instead of 5%: one coefficient of the gap row.
    row, column = "gap[2020/21]", "scale[workforce_productivity,system,2020/21]"
    model = build_model(load_instance(DERBYSHIRE))
    session = HighsSession(model)
    session.solve()
    session.set_coefficient(row, column, 0.04)
    warm = session.solve()
    folder = _copy(tmp_path)
    effects = pd.read_csv(folder / "effects.csv")
    saving = (effects["intervention"] == "workforce_productivity") & (effects["effect"] == "direct_saving")
    assert effects.loc[saving, "value"].tolist() == [50000.0]
    effects.loc[saving, "value"] = 40000.0
    effects.to_csv(folder / "effects.csv", index=False)
    scratch = build_model(load_instance(folder))
    assert scratch.matrix[scratch.row(row), scratch.column(column)] == pytest.approx(0.04)
    assert warm.objective == pytest.approx(solve(scratch, "highs").objective, rel=SAME)
    model.set_coefficient(row, column, 0.04)
    assert solve(model, "cbc").objective == pytest.approx(warm.objective, rel=SAME)


def test_changed_column_bound(tmp_path: Path) -> None:
    # Belper must case-manage at least 2,000 people by 2020/21: one column's lower bound.
    column = "scale[case_management,belper_group,2020/21]"
    model = build_model(load_instance(DERBYSHIRE))
    session = HighsSession(model)
    before = session.solve()
    session.set_column_bounds(column, lower=2000.0)
    warm = session.solve()
    folder = _copy(tmp_path)
    eligibility = pd.read_csv(folder / "eligibility.csv")
    chosen = (eligibility["intervention"] == "case_management") & (eligibility["location"] == "belper_group")
    eligibility.loc[chosen, "min_scale"] = 2000.0
    eligibility.to_csv(folder / "eligibility.csv", index=False)
    scratch = solve(build_model(load_instance(folder)), "highs")
    assert warm.objective == pytest.approx(scratch.objective, rel=SAME)
    assert warm.objective > before.objective  # the floor binds: the optimum had less
