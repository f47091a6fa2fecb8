"""An interrupted `optimiser solve` loses no finished work: the folder keeps the last run's complete
files, nothing half-written appears, CBC is not left running, its scratch folder is removed, and
the exit status is 130.

The run is a generated county-size instance, whose CBC solve takes tens of seconds, interrupted
with SIGINT (what Ctrl-C sends) once the CBC process has started.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import TINY

#: How long CBC may take to appear, and the interrupted run to end (seconds).
PATIENCE = 60.0
#: How soon after the run ends CBC must be gone (seconds). Killed, it is gone at once; merely
#: orphaned, it would live on until its next write to the closed pipe.
GONE = 1.0


def _cbc_children(parent: int) -> list[int]:
    """Processes named `cbc` whose parent is `parent` (read from /proc)."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            name = (entry / "comm").read_text().strip()
        except OSError:
            continue
        if int(fields[1]) == parent and name == "cbc":
            children.append(int(entry.name))
    return children


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _digests(folder: Path) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.iterdir())}


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
    deadline = time.monotonic() + PATIENCE
    while not (solvers := _cbc_children(run.pid)):
        assert run.poll() is None and time.monotonic() < deadline, "CBC never started"
        time.sleep(0.05)
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
