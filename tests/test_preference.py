"""The preferred optimum among equals, chosen in a second stage (`optimiser.solvers.preference`).

Stage 1 solves the model exactly as `optimiser export` writes it; stage 2 minimises the tie-break
costs on its optimal face. Checked here: a two-column LP whose preferred answer is known by hand;
the first stage's file against the exported one, byte for byte; and on Derbyshire, for every
objective and both in-house backends, the reported optimum against an independent HiGHS solve of
the exported MPS (same objective, every original row met, and the least tie-break cost that any
optimum of that file has, found by HiGHS on the whole model with its objective held).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import highspy
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from optimiser.cli import main
from optimiser.instance.container import Instance
from optimiser.instance.load import load_instance
from optimiser.io.mps import mps_bytes, write_mps
from optimiser.linear import INF, LinearModel, ModelBuilder, Terms
from optimiser.models import build_model
from optimiser.solvers import Solution, Status, solve
from optimiser.solvers.cbc import CBC_ENVIRONMENT, cbc_path, write_cbc_input
from optimiser.solvers.preference import optimal_face, plain_model
from optimiser.solvers.verify import worst_violation

#: Two solvers' optima of the same model agree to this share of the objective.
AGREEMENT = 1e-7
#: The objective may rise this much (in its unit) in the independent preferred solve: a thousandth
#: of a penny, far below any real price, so that HiGHS trades no objective for preference.
HELD = 1e-9
#: Two solvers' least tie-break costs (£m, or beds × 1e-7) agree to this: the tie-break of a
#: Derbyshire optimum is 1e-6 to 1e-4, and one redundant hire of one WTE would add 1e-7.
PREFERENCE_AGREEMENT = 1e-9


def two_equal_columns(preferred: str) -> LinearModel:
    """min x[a] + x[b] subject to x[a] + x[b] ≥ 2, x ≥ 0: every split of 2 is optimal. A tie-break
    of 1e-7 a unit on the column not `preferred` makes the preferred one carry all of it."""
    builder = ModelBuilder()
    for name in ("a", "b"):
        builder.add_variables(name, pd.DataFrame({"i": [name]}), lower=0.0, upper=INF)
    terms = Terms(np.array([0, 0]), np.array([0, 1]), np.ones(2))
    builder.add_constraints("cover", pd.DataFrame({"r": ["one"]}), terms, lower=2.0, upper=INF)
    builder.set_objective("total", Terms(np.array([0, 0]), np.array([0, 1]), np.ones(2)), sense="min")
    other = "b" if preferred == "a" else "a"
    builder.add_tie_break(builder.variables[other], 1e-7)
    return builder.build()


@pytest.mark.parametrize("backend", ["cbc", "highs", "pulp"])
@pytest.mark.parametrize(("preferred", "expected"), [("a", [2.0, 0.0]), ("b", [0.0, 2.0])])
def test_the_preferred_of_two_equal_columns_carries_the_load(
    backend: str, preferred: str, expected: list[float]
) -> None:
    solution = solve(two_equal_columns(preferred), backend)
    assert solution.status is Status.OPTIMAL and solution.x is not None
    assert solution.x.tolist() == pytest.approx(expected, abs=1e-9)
    # The objective and the dual are the real objective's: 2, and 1 per unit of the cover's bound,
    # with no echo of the tie-break in either.
    assert solution.objective == pytest.approx(2.0, abs=1e-12)
    assert solution.row_duals is not None and solution.row_duals[0] == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize(("preferred", "expected"), [("a", [2.0, 0.0]), ("b", [0.0, 2.0])])
def test_one_stage_keeps_the_tie_break_in_the_objective(preferred: str, expected: list[float]) -> None:
    """Without the preference stage (as a sweep solves with CBC), the tie-break still chooses, from
    within the one objective, and the objective reported is still the real one, c·x."""
    solution = solve(two_equal_columns(preferred), "cbc", preference_stage=False)
    assert solution.status is Status.OPTIMAL and solution.x is not None
    assert solution.x.tolist() == pytest.approx(expected, abs=1e-9)
    assert solution.objective == pytest.approx(2.0, abs=1e-12)


def test_the_face_of_a_unique_optimum_is_skipped() -> None:
    """With the tie-break's column priced out (cost 2 against 1), the face holds nothing to prefer."""
    model = two_equal_columns("a")
    model.objective[1] = 2.0
    optimum = solve(plain_model(model), "highs")
    assert optimum.x is not None and optimum.x.tolist() == pytest.approx([2.0, 0.0])
    assert optimal_face(model, optimum) is None


@pytest.mark.parametrize(("x", "moves"), [([2.0, 0.0], False), ([0.0, 2.0], True), ([1.0, 1.0], True)])
def test_a_point_already_preferred_needs_no_second_stage(x: list[float], moves: bool) -> None:
    """Both columns are free on the face (zero reduced costs); b's tie-break wants it at 0."""
    model = two_equal_columns("a")
    optimum = Solution(Status.OPTIMAL, 2.0, np.array(x), np.ones(1), np.zeros(2), "hand", "0", 0.0)
    face = optimal_face(model, optimum)
    assert (face is not None) is moves
    if face is not None:
        # Both columns move; the one row and the guard remain: x[a] + x[b] ≥ 2 and x[a] + x[b] ≤ 2 + slack.
        assert face.free.tolist() == [0, 1] and face.model.shape == (2, 2)
        assert face.model.row_lower.tolist() == [2.0, -INF] and face.model.row_upper[1] == pytest.approx(2.0)


def running_cbc_children() -> int:
    """CBC processes this process started that have not yet been reaped (Linux's /proc)."""
    me, count = os.getpid(), 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        command, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
        count += command == "cbc" and int(fields[1]) == me
    return count


def test_later_work_is_done_once_while_the_preference_stage_runs(derbyshire: Instance) -> None:
    """`while_solving` shares CBC's first stage, `later` its second: each is done exactly once, with
    that stage's CBC running (Derbyshire's min-cost optimum is degenerate, so stage 2 runs)."""
    model = build_model(derbyshire, "min-cost")
    seen: list[tuple[str, int]] = []
    solution = solve(
        model,
        "cbc",
        while_solving=lambda: seen.append(("first", running_cbc_children())),
        later=lambda: seen.append(("later", running_cbc_children())),
    )
    assert solution.status is Status.OPTIMAL
    assert seen == [("first", 1), ("later", 1)]


def test_later_work_is_done_once_when_the_second_stage_cannot_start(
    derbyshire: Instance, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CBC binary (a copy of PuLP's, named by `OPTIMISER_CBC`) is removed while stage 1 runs,
    so stage 2 fails to start: `later` is still done, once, and stage 1's optimum is reported."""
    binary = tmp_path / "cbc"
    shutil.copy2(cbc_path(), binary)
    monkeypatch.setenv(CBC_ENVIRONMENT, str(binary))
    seen: list[int] = []
    solution = solve(
        build_model(derbyshire, "min-cost"),
        "cbc",
        while_solving=binary.unlink,
        later=lambda: seen.append(running_cbc_children()),
    )
    assert solution.status is Status.OPTIMAL and not binary.exists()
    assert seen == [0]


@pytest.mark.parametrize("backend", ["cbc", "highs"])
def test_later_work_is_done_once_where_there_is_no_second_stage(backend: str) -> None:
    """Without a tie-break there is one stage: `later` is done once it has ended."""
    seen: list[int] = []
    solution = solve(
        plain_model(two_equal_columns("a")), backend, later=lambda: seen.append(running_cbc_children())
    )
    assert solution.status is Status.OPTIMAL
    assert seen == [0]


def test_the_first_stage_solves_the_exported_model(tmp_path: Path) -> None:
    """Byte for byte: the stage-1 model is the one `optimiser export --mps` writes, and the file CBC
    reads differs from the exported one only in its generic names (CBC fails on long names)."""
    exported = tmp_path / "exported.mps"
    assert main(["export", "derbyshire-stp-2016", "--mps", str(exported)]) == 0
    instance = load_instance("derbyshire-stp-2016", bundled=True)
    model = build_model(instance, "min-cost", integer=instance.config.options.integer)
    assert model.tie_break.any(), "the model has no tie-break to leave out"
    assert mps_bytes(plain_model(model)) == exported.read_bytes()
    generic = write_mps(plain_model(model), tmp_path / "generic.mps", generic=True)
    assert write_cbc_input(plain_model(model), tmp_path).read_bytes() == generic.read_bytes()


def preferred_by_highs(mps: Path, model: LinearModel) -> tuple[float, float]:
    """HiGHS alone, from the exported file: the optimum z*, then the least tie-break cost of any
    point of the whole model whose objective is within `HELD` of z* (the objective made a row)."""
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    assert highs.readModel(str(mps)) == highspy.HighsStatus.kOk
    highs.run()
    assert highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    optimum = highs.getInfo().objective_function_value
    held = optimum - model.objective_constant
    lower, upper = (
        (held - HELD, highspy.kHighsInf) if model.sense == "max" else (-highspy.kHighsInf, held + HELD)
    )
    row = sp.csr_matrix(model.objective.reshape(1, -1))
    highs.addRow(lower, upper, row.nnz, row.indices.astype(np.int32), row.data)
    highs.changeObjectiveSense(highspy.ObjSense.kMinimize)
    highs.changeObjectiveOffset(0.0)
    # Scaled up, as stage 2 scales it: at 1e-7 a unit the costs sit below HiGHS's dual tolerance.
    scale = np.abs(model.tie_break).max()
    columns = np.arange(model.shape[1], dtype=np.int32)
    highs.changeColsCost(columns.size, columns, model.tie_break / scale)
    highs.run()
    assert highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    x = np.array(highs.getSolution().col_value)
    return optimum, float(model.tie_break @ x)


@pytest.mark.parametrize("backend", ["cbc", "highs"])
@pytest.mark.parametrize("objective", ["min-cost", "max-saving", "min-beds"])
def test_derbyshire_preferred_optimum_against_highs_on_the_exported_file(
    objective: str, backend: str, derbyshire: Instance, tmp_path: Path
) -> None:
    mps = tmp_path / "exported.mps"
    assert main(["export", "derbyshire-stp-2016", "--objective", objective, "--mps", str(mps)]) == 0
    model = build_model(derbyshire, objective, integer=False)
    ours = solve(model, backend)
    assert ours.status is Status.OPTIMAL and ours.x is not None and ours.objective is not None
    optimum, least_tie_break = preferred_by_highs(mps, model)
    assert abs(ours.objective - optimum) <= AGREEMENT * max(1.0, abs(optimum))
    # Every row of the original model, not only the face's, at the usual feasibility tolerance.
    assert worst_violation(model, ours.x) is None
    assert abs(float(model.tie_break @ ours.x) - least_tie_break) <= PREFERENCE_AGREEMENT
