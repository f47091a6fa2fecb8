"""CBC never outlives the tool: killed with `kill -9`, terminated or hung up, the tool takes CBC with it.

Each test starts `optimiser solve derbyshire-stp-2016 --integer` (a MILP whose CBC solve takes tens
of seconds here), waits for the CBC child to appear in /proc, signals the tool, and checks that the
CBC process is gone within a second or two. CBC runs in its own session with Linux's parent-death
signal set to SIGKILL (under PuLP and Pyomo through a launcher that sets it and then becomes CBC),
so this holds even when the tool dies without running any code of its own.
Cleaning up the scratch folder and saying one line on SIGTERM and SIGHUP also needs the command
line's own handlers of those signals; that part is marked as expected to fail until they exist.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from optimiser.solvers.cbc import CBC_ENVIRONMENT

from .processes import alive as _alive
from .processes import wait_for_cbc

#: How long CBC may take to appear, and the signalled tool to end (seconds).
PATIENCE = 60.0
#: How soon after the tool ends CBC must be gone (seconds).
GONE = 2.0
COMMAND = [sys.executable, "-m", "optimiser.cli", "solve", "derbyshire-stp-2016", "--integer"]

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists() or not sys.platform.startswith("linux"),
    reason="finds CBC through /proc; the parent-death signal is Linux's",
)


def _solving(tmp_path: Path, backend: str = "cbc") -> tuple[subprocess.Popen[str], list[int], Path]:
    """The tool solving Derbyshire's MILP, its CBC child (once started) and its scratch folder."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    tool = subprocess.Popen(
        [*COMMAND, "--backend", backend, "--out", str(tmp_path / "out")],
        cwd=tmp_path,
        env=dict(os.environ, TMPDIR=str(scratch)),
        # A test run started in the background inherits SIGINT ignored, and so would the command;
        # give it the default disposition, under which Python turns SIGINT into KeyboardInterrupt.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    solvers = wait_for_cbc(tool, PATIENCE)
    return tool, solvers, scratch


def _assert_gone(solvers: list[int]) -> None:
    deadline = time.monotonic() + GONE
    while any(_alive(pid) for pid in solvers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in solvers), "CBC was left running as an orphan"


@pytest.mark.parametrize(
    ("backend", "sent"),
    [
        ("cbc", signal.SIGKILL),
        ("cbc", signal.SIGTERM),
        ("cbc", signal.SIGHUP),
        # PuLP and Pyomo start CBC themselves, through a launcher that ties it to the tool.
        ("pulp", signal.SIGKILL),
        ("pulp", signal.SIGTERM),
        ("pyomo", signal.SIGKILL),
        ("pyomo", signal.SIGTERM),
    ],
    ids=lambda value: getattr(value, "name", value),
)
def test_cbc_dies_with_the_tool(backend: str, sent: signal.Signals, tmp_path: Path) -> None:
    tool, solvers, _ = _solving(tmp_path, backend)
    tool.send_signal(sent)
    tool.communicate(timeout=PATIENCE)
    _assert_gone(solvers)


@pytest.mark.parametrize("backend", ["pulp", "pyomo"])
def test_an_interrupted_library_backend_leaves_no_cbc(backend: str, tmp_path: Path) -> None:
    # PuLP and Pyomo start CBC themselves; the interrupt reaches only the tool (not its process
    # group), so CBC ends only because the tool kills it.
    tool, solvers, scratch = _solving(tmp_path, backend)
    tool.send_signal(signal.SIGINT)
    _, stderr = tool.communicate(timeout=PATIENCE)
    assert tool.returncode == 130, stderr
    _assert_gone(solvers)
    assert list(scratch.iterdir()) == [], "the library's scratch files were left behind"


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_a_terminated_solve_says_so_and_leaves_no_scratch_folder(
    sent: signal.Signals, tmp_path: Path
) -> None:
    tool, solvers, scratch = _solving(tmp_path)
    tool.send_signal(sent)
    _, stderr = tool.communicate(timeout=PATIENCE)
    _assert_gone(solvers)
    assert tool.returncode == 128 + sent and "Traceback" not in stderr
    assert stderr.strip().splitlines() == [stderr.strip()]
    assert stderr.startswith(f"terminated by {sent.name}: ")
    assert list(scratch.iterdir()) == [], "the solver's scratch folder was left behind"


def test_a_missing_cbc_is_one_line_and_exit_status_5(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-cbc"
    result = subprocess.run(
        [sys.executable, "-m", "optimiser.cli", "solve", "tiny", "--out", str(tmp_path / "out")],
        cwd=tmp_path,
        env=dict(os.environ, **{CBC_ENVIRONMENT: str(missing)}),
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    )
    assert result.returncode == 5
    assert "Traceback" not in result.stderr + result.stdout
    assert f"{CBC_ENVIRONMENT} names {missing}, which is not an executable file" in " ".join(
        result.stdout.split()
    )
