"""CBC's faults end in a one-line solver failure, with no orphan process and no scratch folder left.

Fakes of CBC are real executables (Python scripts) put in place of the binary through
`OPTIMISER_CBC`: one hangs (with a child of its own), one writes a solution file cut short, one
writes junk, one writes NaN, one kills itself, one exits with an error, one writes CBC's LP
relaxation after a MILP time limit. The real CBC is also killed with `kill -9` mid-solve, and the
tool that runs it is killed, to show CBC dies with it.

The hand model: x[a], x[b] ≥ 0, minimise x[a] + x[b] subject to x[a] + x[b] ≥ 2, whose optimum
is 2; as a MILP (whole x) the same.
"""

from __future__ import annotations

import os
import signal
import struct
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from optimiser.linear import INF, LinearModel, ModelBuilder, Terms
from optimiser.solvers import SolveOptions, Status, process, solve
from optimiser.solvers.cbc import CBC_ENVIRONMENT

from .processes import alive, cbc_children

#: How soon a killed process must be gone (seconds).
GONE = 2.0


def pair(*, integer: bool = False) -> LinearModel:
    builder = ModelBuilder()
    builder.add_variables("x", pd.DataFrame({"i": ["a", "b"]}), lower=0.0, upper=INF, integer=integer)
    terms = Terms(np.array([0, 0]), np.array([0, 1]), np.ones(2))
    builder.add_constraints("link", pd.DataFrame({"r": ["one"]}), terms, lower=2.0, upper=INF)
    builder.set_objective("total", Terms(np.array([0, 0]), np.array([0, 1]), np.ones(2)), sense="min")
    return builder.build()


#: The start of every fake: answer CBC's version query, find where the solution files go.
PREAMBLE = """\
import os, signal, struct, subprocess, sys, time
if "-quit" in sys.argv:
    print("Version: fake")
    sys.exit(0)
values = sys.argv[sys.argv.index("-saveSolution") + 1]
text = sys.argv[sys.argv.index("-solution") + 1]
pids = os.environ.get("FAKE_CBC_PIDS")
if pids:
    with open(pids, "w") as stream:
        stream.write(str(os.getpid()))
def save(header, numbers, rows=1, columns=2):
    with open(text, "w") as stream:
        stream.write(header + "\\n")
    with open(values, "wb") as stream:
        stream.write(struct.pack("<ii", rows, columns) + struct.pack(f"<{len(numbers)}d", *numbers))
"""


def fake_cbc(folder: Path, body: str) -> Path:
    path = folder / "fake-cbc"
    path.write_text(f"#!{sys.executable}\n{PREAMBLE}{textwrap.dedent(body)}")
    path.chmod(0o755)
    return path


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    folder = tmp_path / "scratch"
    folder.mkdir()
    return folder


def solve_with(
    fake: Path,
    scratch: Path,
    monkeypatch: pytest.MonkeyPatch,
    model: LinearModel | None = None,
    **options: object,
):  # type: ignore[no-untyped-def]
    monkeypatch.setenv(CBC_ENVIRONMENT, str(fake))
    solution = solve(model or pair(), "cbc", SolveOptions(work_dir=scratch, **options))  # type: ignore[arg-type]
    assert list(scratch.iterdir()) == [], "the scratch folder was left behind"
    return solution


def wait_gone(pid: int) -> bool:
    deadline = time.monotonic() + GONE
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not alive(pid)


def test_the_fake_answers_as_cbc_does(tmp_path: Path, scratch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Row activity 2, dual 1, x = (2, 0), reduced costs (0, 1): the hand optimum, read through a fake.
    fake = fake_cbc(tmp_path, 'save("Optimal - objective value 2", [2.0, 2.0, 1.0, 2.0, 0.0, 0.0, 1.0])')
    solution = solve_with(fake, scratch, monkeypatch)
    assert solution.status is Status.OPTIMAL and solution.objective == 2.0
    assert solution.x is not None and solution.x.tolist() == [2.0, 0.0]
    assert solution.version == "fake"


def test_a_missing_cbc_is_a_one_line_failure(
    tmp_path: Path, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    solution = solve_with(tmp_path / "no-such-cbc", scratch, monkeypatch)
    assert solution.status is Status.ERROR
    assert solution.message == (
        f"{CBC_ENVIRONMENT} names {tmp_path / 'no-such-cbc'}, which is not an executable file; point it at "
        "a CBC binary or unset it to use PuLP's"
    )


@pytest.mark.parametrize("backend", ["pulp", "pyomo"])
def test_a_missing_cbc_fails_the_library_backends_in_one_line(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CBC_ENVIRONMENT, str(tmp_path / "no-such-cbc"))
    solution = solve(pair(), backend)
    assert solution.status is Status.ERROR
    assert solution.message.startswith(f"{CBC_ENVIRONMENT} names {tmp_path / 'no-such-cbc'}, which is not")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds processes through /proc")
def test_a_hung_cbc_and_its_children_are_killed_past_the_time_limit_and_grace(
    tmp_path: Path, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = fake_cbc(
        tmp_path,
        """
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1000)"])
        with open(pids, "w") as stream:
            stream.write(f"{os.getpid()} {child.pid}")
        time.sleep(1000)
        """,
    )
    pids = tmp_path / "pids"
    monkeypatch.setenv("FAKE_CBC_PIDS", str(pids))
    monkeypatch.setattr(process, "GRACE_SECONDS", 0.5)
    started = time.monotonic()
    solution = solve_with(fake, scratch, monkeypatch, time_limit=2.0)
    assert time.monotonic() - started < 10
    assert solution.status is Status.ERROR
    assert solution.message == "CBC did not stop within 0.5 s of its 2 s time limit and was killed"
    for pid in map(int, pids.read_text().split()):
        assert wait_gone(pid), f"process {pid} of the hung CBC was left running"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            'save("Optimal - objective value 2", [2.0, 2.0])',
            "CBC's solution file is truncated or corrupt: 24 bytes for counts (1, 2), expected 64 bytes "
            "for 1 rows and 2 columns",
        ),
        (
            'save("Optimal - objective value 2", [0.0] * 7, rows=5, columns=2)',
            "CBC's solution file is truncated or corrupt: 64 bytes for counts (5, 2), expected 64 bytes "
            "for 1 rows and 2 columns",
        ),
        (
            'open(text, "wb").write(bytes(range(256)))',
            # The first line, stripped of its white space (the tab) at the end, shown as Python would.
            "CBC's solution file does not start with a status: "
            "'\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08'",
        ),
        ('print("Coin0001I reading model")', "CBC wrote no solution file (Coin0001I reading model)"),
        ('print("Error: bad parameter"); sys.exit(3)', "CBC exited with status 3: Error: bad parameter"),
        ("os.kill(os.getpid(), signal.SIGKILL)", "CBC ended on signal SIGKILL before it finished"),
        ("os.kill(os.getpid(), signal.SIGSEGV)", "CBC ended on signal SIGSEGV before it finished"),
    ],
    ids=["truncated", "another-model", "junk", "no-file", "exit-status", "killed", "crashed"],
)
def test_a_cbc_fault_is_a_one_line_solver_failure(
    body: str, message: str, tmp_path: Path, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    solution = solve_with(fake_cbc(tmp_path, body), scratch, monkeypatch)
    assert solution.status is Status.ERROR and not solution.has_values
    assert solution.message == message and "\n" not in solution.message


def test_non_finite_values_are_rejected(
    tmp_path: Path, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = fake_cbc(
        tmp_path, 'save("Optimal - objective value 2", [2.0, 2.0, 1.0, float("nan"), 0.0, 0.0, 1.0])'
    )
    solution = solve_with(fake, scratch, monkeypatch)
    assert solution.status is Status.REJECTED and not solution.has_values
    assert solution.message.endswith(": column x[a] has value nan")


def test_cbc_reaching_its_own_infinity_is_rejected(
    tmp_path: Path, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # CBC reported "Optimal" with a bound broken by 2.7e305 when an input reached its infinity.
    fake = fake_cbc(
        tmp_path, 'save("Optimal - objective value 1", [1.0, -2.7e305, 1.0, -2.7e305, 0.0, 0.0, 1.0])'
    )
    solution = solve_with(fake, scratch, monkeypatch)
    assert solution.status is Status.REJECTED
    assert solution.message.endswith(": column x[a] is -2.7e+305, 2.7e+305 below its lower bound 0.0")


def test_the_lp_relaxation_after_a_milp_time_limit_is_no_solution(
    tmp_path: Path, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # CBC's header when it stops before any integer solution, with the relaxation's values.
    header = "Stopped on time (no integer solution - continuous used) - objective value 1.5"
    fake = fake_cbc(tmp_path, f'save("{header}", [1.5, 2.0, 1.0, 1.5, 0.5, 0.0, 0.0])')
    solution = solve_with(fake, scratch, monkeypatch, model=pair(integer=True), time_limit=1.0)
    assert solution.status is Status.NO_SOLUTION and not solution.has_values
    assert solution.message == header


def test_a_milp_incumbent_at_the_time_limit_is_reported_with_its_gap(
    tmp_path: Path, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Incumbent x = (2, 1), objective 3, with a bound of 2.4: the gap is (3 − 2.4) / 3 = 20%.
    body = """
    print("Cbc0005I Partial search - best objective 3 (best possible 2.4), took 9 iterations and 2 nodes")
    save("Stopped on time - objective value 3", [3.0, 3.0, 0.0, 2.0, 1.0, 0.0, 0.0])
    """
    solution = solve_with(
        fake_cbc(tmp_path, body), scratch, monkeypatch, model=pair(integer=True), time_limit=1.0
    )
    assert solution.status is Status.FEASIBLE and solution.objective == 3.0
    assert solution.best_bound == 2.4
    assert solution.gap == pytest.approx(0.2, rel=1e-12)
    assert solution.headline == "Time limit, feasible incumbent (gap 20%)"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the CBC process through /proc")
def test_the_real_cbc_killed_mid_solve_is_a_solver_failure(derbyshire, scratch: Path) -> None:  # type: ignore[no-untyped-def]
    from optimiser.models import build_model

    killed: list[int] = []

    def kill_cbc() -> None:
        deadline = time.monotonic() + 60
        while not (pids := cbc_children(os.getpid())):
            assert time.monotonic() < deadline, "CBC never started"
            time.sleep(0.02)
        os.kill(pids[0], signal.SIGKILL)
        killed.append(pids[0])

    model = build_model(derbyshire, "min-cost", integer=True)
    solution = solve(model, "cbc", SolveOptions(work_dir=scratch), while_solving=kill_cbc)
    assert killed and not alive(killed[0])
    assert solution.status is Status.ERROR
    assert solution.message == "CBC ended on signal SIGKILL before it finished"
    assert list(scratch.iterdir()) == []


def test_the_saved_solution_layout_is_as_documented(tmp_path: Path) -> None:
    # The real CBC on the hand model: two int32 counts, then objective, row activity, row dual,
    # column values, reduced costs — 8 + 8·(1 + 2 + 4) = 64 bytes, read here without the reader.
    from optimiser.solvers.cbc import cbc_path, write_cbc_input
    from optimiser.solvers.process import run_solver

    mps = write_cbc_input(pair(), tmp_path)
    binary = tmp_path / "values.bin"
    finished = run_solver(
        [cbc_path(), str(mps), "-dualSimplex", "-saveSolution", str(binary)], "CBC", time_limit=None
    )
    assert finished.returncode == 0
    data = binary.read_bytes()
    assert len(data) == 64 and struct.unpack("<ii", data[:8]) == (1, 2)
    objective, activity, _, first, second, _, _ = struct.unpack("<7d", data[8:])
    assert (objective, activity, first + second) == (2.0, 2.0, 2.0)
