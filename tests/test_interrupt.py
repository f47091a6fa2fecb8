"""An interrupted `optimiser solve` loses no finished work: the folder keeps the last run whole,
nothing of the new run appears in it or beside it, CBC is not left running, its scratch folder is
removed, and the exit status is 130.

Each run is interrupted with a real SIGINT (what Ctrl-C sends): a generated county-size instance
once its CBC process has started; an infeasible Derbyshire during its diagnosis, with summary.json
already staged; and Derbyshire frozen (SIGSTOP) between its first staged file and its commit.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import DERBYSHIRE, TINY
from .processes import alive as _alive
from .processes import cbc_children as _cbc_children
from .processes import digests as _digests
from .processes import wait_for_cbc
from .test_infeasible import _short_staffed

#: How long CBC may take to appear, and the interrupted run to end (seconds).
PATIENCE = 60.0
#: How soon after the run ends CBC must be gone (seconds). Killed, it is gone at once; merely
#: orphaned, it would live on until its next write to the closed pipe.
GONE = 1.0


def _cli(
    *arguments: str, cwd: Path, scratch: Path | None = None, ignore: tuple[int, ...] = ()
) -> subprocess.Popen[str]:
    """The command in a process of its own; `ignore` names signals it inherits ignored."""
    environment = dict(os.environ, TMPDIR=str(scratch)) if scratch else None

    def dispositions() -> None:
        # A test run started in the background inherits SIGINT ignored, and so would the command;
        # give it the default disposition, under which Python turns SIGINT into KeyboardInterrupt.
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, signal.SIG_IGN if number in ignore else signal.SIG_DFL)

    return subprocess.Popen(
        [sys.executable, "-m", "optimiser.cli", *arguments],
        cwd=cwd,
        env=environment,
        preexec_fn=dispositions,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the CBC process through /proc")
def test_interrupt_keeps_the_last_run_and_stops_cbc(tmp_path: Path) -> None:
    county = tmp_path / "county"
    generated = _cli("generate", "--size", "county", "--out", str(county), cwd=tmp_path)
    assert generated.wait() == 0, generated.communicate()
    out = tmp_path / "out"
    earlier = _cli("solve", str(TINY), "--out", str(out), cwd=tmp_path)
    assert earlier.wait() == 0, earlier.communicate()
    before = _digests(out)

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    run = _cli("solve", str(county), "--out", str(out), cwd=tmp_path, scratch=scratch)
    solvers = wait_for_cbc(run, PATIENCE)
    run.send_signal(signal.SIGINT)
    _, stderr = run.communicate(timeout=PATIENCE)

    assert run.returncode == 130
    assert stderr.strip().splitlines()[-1].startswith("interrupted: ")
    assert _digests(out) == before
    deadline = time.monotonic() + GONE
    while any(_alive(pid) for pid in solvers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in solvers), "CBC was left running"
    assert list(scratch.iterdir()) == [], "the solver's scratch folder was left behind"


def _staged(out: Path, pid: int) -> list[str]:
    """What a run has staged so far beside `out` (nothing before its staging folder exists)."""
    try:
        return sorted(os.listdir(out.with_name(f".{out.name}.partial-{pid}")))
    except FileNotFoundError:
        return []


def _earlier_run(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    out = tmp_path / "out"
    earlier = _cli("solve", str(TINY), "--backend", "highs", "--out", str(out), cwd=tmp_path)
    assert earlier.wait() == 0, earlier.communicate()
    return out, _digests(out)


def test_interrupt_during_the_diagnosis_keeps_the_last_run(tmp_path: Path) -> None:
    """An infeasible run stages summary.json and then diagnoses for seconds; Ctrl-C then leaves the
    previous run whole and nothing of the new one."""
    out, before = _earlier_run(tmp_path)
    instance = _short_staffed(tmp_path)
    run = _cli("solve", str(instance), "--out", str(out), cwd=tmp_path)
    deadline = time.monotonic() + PATIENCE
    while "summary.json" not in _staged(out, run.pid):
        assert run.poll() is None and time.monotonic() < deadline, "the diagnosis never started"
        time.sleep(0.01)
    assert "diagnosis.json" not in _staged(out, run.pid)
    run.send_signal(signal.SIGINT)
    _, stderr = run.communicate(timeout=PATIENCE)
    assert run.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1].startswith("interrupted: ")
    assert _digests(out) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out", "short-staffed"]


#: Attempts at catching a run between its first staged file and its commit (tens of milliseconds).
ATTEMPTS = 5


def _interrupt_while_writing(out: Path, before: dict[str, str], cwd: Path) -> bool:
    """Interrupt a Derbyshire solve once it has staged some files; False if it finished first."""
    run = _cli("solve", str(DERBYSHIRE), "--out", str(out), cwd=cwd)
    deadline = time.monotonic() + PATIENCE
    while not _staged(out, run.pid):
        if run.poll() is not None:
            break
        assert time.monotonic() < deadline, "the run never wrote"
    # Frozen, the run shows its state: new files staged beside the folder, the folder as it was.
    run.send_signal(signal.SIGSTOP)
    staged = _staged(out, run.pid)
    caught = bool(staged) and "manifest.json" not in staged
    if caught:
        assert _digests(out) == before
    run.send_signal(signal.SIGINT)
    run.send_signal(signal.SIGCONT)
    _, stderr = run.communicate(timeout=PATIENCE)
    if not caught:
        return False
    assert run.returncode == 130, stderr
    assert _digests(out) == before
    return True


def test_interrupt_after_some_files_are_written_keeps_the_last_run(tmp_path: Path) -> None:
    out, before = _earlier_run(tmp_path)
    caught = 0
    for _ in range(ATTEMPTS):
        if _interrupt_while_writing(out, before, tmp_path):
            caught += 1
            break
        # The run committed before it was caught: its results are the folder's now, whole.
        before = _digests(out)
        assert json.loads((out / "manifest.json").read_text())["status"] == "optimal"
    assert caught, f"no run was caught between its first file and its commit in {ATTEMPTS} attempts"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out"]


def test_the_next_run_tidies_what_a_killed_run_left(tmp_path: Path) -> None:
    """SIGKILL gives a run no chance to tidy: its staging folder and lock file stay beside the
    folder, until the next run on it removes them and writes its own whole run."""
    out, before = _earlier_run(tmp_path)
    run = _cli("solve", str(DERBYSHIRE), "--out", str(out), cwd=tmp_path)
    deadline = time.monotonic() + PATIENCE
    while not _staged(out, run.pid) and run.poll() is None:
        assert time.monotonic() < deadline, "the run never wrote"
    run.kill()
    run.communicate(timeout=PATIENCE)
    left = sorted(path.name for path in tmp_path.iterdir())
    if run.returncode == -signal.SIGKILL and left != ["out"]:
        assert f".out.partial-{run.pid}" in left and _digests(out) == before
    again = _cli("solve", str(TINY), "--backend", "highs", "--out", str(out), cwd=tmp_path)
    assert again.wait() == 0, again.communicate()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out"]
    verified = _cli("verify", str(out), cwd=tmp_path)
    assert verified.wait() == 0, verified.communicate()


def test_a_killed_solver_keeps_the_last_run(tmp_path: Path) -> None:
    """CBC killed under a run is a solver failure: exit 5, and the folder keeps its previous run."""
    out, before = _earlier_run(tmp_path)
    for _ in range(ATTEMPTS):
        run = _cli("solve", str(DERBYSHIRE), "--out", str(out), cwd=tmp_path)
        while not (solvers := _cbc_children(run.pid)) and run.poll() is None:
            time.sleep(0.005)
        for pid in solvers:
            os.kill(pid, signal.SIGKILL)
        run.communicate(timeout=PATIENCE)
        if solvers and run.returncode != 0:
            break
        before = _digests(out)  # CBC finished first: that run is the folder's now.
    assert solvers, f"CBC was never caught running in {ATTEMPTS} attempts"
    assert run.returncode == 5
    assert _digests(out) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out"]


def _holds_a_lock(pid: int) -> bool:
    """Whether process `pid` holds an flock (read from /proc/locks: "1: FLOCK ADVISORY WRITE PID …")."""
    return any(
        fields[1] == "FLOCK" and fields[4] == str(pid)
        for fields in (line.split() for line in Path("/proc/locks").read_text().splitlines())
        if len(fields) > 4
    )


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="sees the lock through /proc/locks")
def test_a_second_run_on_the_same_folder_is_turned_away(tmp_path: Path) -> None:
    """Two real runs on one folder: the first, frozen while it holds the lock, keeps the folder;
    the second exits 7 at once; the first, resumed, writes its whole run."""
    out, _ = _earlier_run(tmp_path)
    first = _cli("solve", str(DERBYSHIRE), "--out", str(out), cwd=tmp_path)
    deadline = time.monotonic() + PATIENCE
    while True:
        assert first.poll() is None and time.monotonic() < deadline, "the first run never took the lock"
        # Frozen, then asked: the lock file exists a moment before it is locked.
        first.send_signal(signal.SIGSTOP)
        if _holds_a_lock(first.pid):
            break
        first.send_signal(signal.SIGCONT)
        time.sleep(0.005)
    second = _cli("solve", str(TINY), "--out", str(out), cwd=tmp_path)
    _, stderr = second.communicate(timeout=PATIENCE)
    first.send_signal(signal.SIGCONT)
    assert second.returncode == 7
    assert stderr.strip().splitlines() == [
        f"error: {out}: another optimiser run is writing its results here; "
        "wait for it or choose another --out"
    ]
    assert first.wait(timeout=PATIENCE) == 0, first.communicate()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["instance"]["path"] == str(DERBYSHIRE)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out"]
