"""A solve stopped by its time limit tells the truth, under all four backends, on Derbyshire.

Whatever the limit leaves, a solution is reported only if it satisfies the model (rows, bounds,
integrality, within the verifier's allowance); it is "optimal" only if it is the optimum, and a
"time limit, feasible incumbent" never beats the optimum. The reference optimum of the LP is an
independent solve without a limit by HiGHS; the MILP can only cost as much or more than the LP.
Before verification, CBC at 0.01 s reported "Feasible" with 53 to 497 broken limits, PuLP
"Optimal", and CBC at 1 s returned the LP relaxation (a site service 0.3 open) as a feasible plan.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from optimiser.instance.container import Instance
from optimiser.models import build_model
from optimiser.solvers import BACKENDS, Solution, SolveOptions, Status, solve
from optimiser.solvers.verify import worst_violation

#: How far a solution's objective may lie on the wrong side of the reference (relative).
OBJECTIVE_TOLERANCE = 1e-6


@pytest.fixture(scope="module")
def lp_optimum(derbyshire: Instance) -> float:
    reference = solve(build_model(derbyshire, "min-cost"), "highs")
    assert reference.status is Status.OPTIMAL and reference.objective is not None
    return reference.objective


def assert_truthful(solution: Solution, lower_limit: float, exact: float | None) -> None:
    """The status is one a time-limited solve may honestly have, and any values pass verification."""
    assert solution.status in (Status.OPTIMAL, Status.FEASIBLE, Status.NO_SOLUTION), solution.message
    if not solution.has_values:
        assert solution.x is None and solution.objective is None and solution.message
        return
    assert solution.objective is not None and solution.x is not None
    assert solution.objective >= lower_limit - OBJECTIVE_TOLERANCE * abs(lower_limit)
    if solution.status is Status.OPTIMAL and exact is not None:
        assert solution.objective == pytest.approx(exact, rel=OBJECTIVE_TOLERANCE)


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_lp_stopped_at_a_hundredth_of_a_second_reports_the_truth(
    backend: str, derbyshire: Instance, lp_optimum: float
) -> None:
    model = build_model(derbyshire, "min-cost")
    solution = solve(model, backend, SolveOptions(time_limit=0.01))
    assert_truthful(solution, lp_optimum, lp_optimum)
    if solution.has_values:
        assert worst_violation(model, solution.x) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_milp_stopped_at_one_second_reports_the_truth(
    backend: str, derbyshire: Instance, lp_optimum: float
) -> None:
    model = build_model(derbyshire, "min-cost", integer=True)
    solution = solve(model, backend, SolveOptions(time_limit=1))
    assert_truthful(solution, lp_optimum, None)
    if not solution.has_values:
        return
    # Every integer column whole, every row and bound kept.
    assert worst_violation(model, solution.x) is None  # type: ignore[arg-type]
    if solution.status is Status.FEASIBLE and solution.best_bound is not None:
        assert solution.objective is not None and solution.gap is not None
        # The bound lies between the LP optimum and the incumbent (the solvers' objectives carry
        # the tie-break costs, below 1e-3 here), and the gap is their distance over the incumbent.
        assert lp_optimum - 1e-3 <= solution.best_bound <= solution.objective + 1e-3
        expected = abs(solution.objective - solution.best_bound) / abs(solution.objective)
        assert solution.gap == pytest.approx(expected, abs=1e-5)
        assert solution.headline == f"Time limit, feasible incumbent (gap {100 * solution.gap:.2g}%)"


def test_the_command_line_says_what_a_time_limited_milp_found(tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "optimiser.cli", "solve", "derbyshire-stp-2016", "--integer"]
    result = subprocess.run(
        [*command, "--time-limit", "1", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=dict(os.environ, COLUMNS="200"),
        timeout=300,
    )
    assert "Traceback" not in result.stderr
    if result.returncode == 0:
        summary = json.loads((out / "summary.json").read_text())
        headline = result.stdout.splitlines()[0]
        assert summary["status"] in ("optimal", "time limit, feasible incumbent")
        if summary["status"] != "optimal":
            assert 0 <= summary["solver"]["gap"] < 1
        assert headline.startswith("Optimal — ") or headline.startswith(
            "Time limit, feasible incumbent (gap "
        )
    else:
        # No incumbent within the limit (a loaded machine): nothing is written, and nothing claimed.
        assert result.returncode == 5, result.stderr
        assert not (out / "summary.json").exists()
        assert "The solver stopped without a usable solution" in result.stdout
        assert "no results were written" in " ".join(result.stdout.split())


@pytest.mark.parametrize("limit", [0.1, 0.2, 0.3, 0.5])
def test_a_milp_cut_short_in_pre_processing_is_not_called_infeasible(
    limit: float, derbyshire: Instance
) -> None:
    # CBC 2.10 says "Integer infeasible" when its time limit interrupts pre-processing (its cut
    # generators read the interruption as infeasibility), though Derbyshire's MILP has integer
    # solutions. Limits this short land in pre-processing on these machines for at least one value.
    solution = solve(build_model(derbyshire, "min-cost", integer=True), "cbc", SolveOptions(time_limit=limit))
    assert solution.status is not Status.INFEASIBLE, solution.message
