"""SIGTERM and SIGHUP end a solve the way Ctrl-C does: a message naming the signal, the exit status
128 + its number, CBC stopped, its scratch folder removed, and the previous run's files untouched.
`nohup` still works: a hang-up the command inherits as ignored stays ignored.
And Ctrl-C that reaches a command while a library runs a string of code still exits 130.

The run is a generated county-size instance, whose CBC solve takes tens of seconds, signalled once
the CBC process has started (the same set-up as `test_interrupt.py`).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from optimiser.cli import INTERRUPTED

from .conftest import TINY
from .processes import alive as _alive
from .processes import digests as _digests
from .processes import wait_for_cbc
from .test_interrupt import GONE, PATIENCE, _cli


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("signals")
    generated = _cli("generate", "--size", "county", "--out", str(folder / "county"), cwd=folder)
    assert generated.wait() == 0, generated.communicate()
    return folder / "county"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the CBC process through /proc")
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP], ids=lambda number: number.name)
def test_a_signal_ends_the_run_like_ctrl_c(number: signal.Signals, county: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    earlier = _cli("solve", str(TINY), "--out", str(out), cwd=tmp_path)
    assert earlier.wait() == 0, earlier.communicate()
    before = _digests(out)

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    run = _cli("solve", str(county), "--out", str(out), cwd=tmp_path, scratch=scratch)
    solvers = wait_for_cbc(run, PATIENCE)
    run.send_signal(number)
    _, stderr = run.communicate(timeout=PATIENCE)

    assert run.returncode == 128 + number, stderr
    assert stderr.strip().splitlines()[-1].startswith(f"terminated by {number.name}: ")
    assert _digests(out) == before
    deadline = time.monotonic() + GONE
    while any(_alive(pid) for pid in solvers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in solvers), "CBC was left running"
    assert list(scratch.iterdir()) == [], "the solver's scratch folder was left behind"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the CBC process through /proc")
def test_an_ignored_hang_up_stays_ignored(county: Path, tmp_path: Path) -> None:
    """As under `nohup`: the command inherits SIGHUP ignored and is sent one mid-solve; the run goes
    on, and the Ctrl-C that follows is what ends it."""
    run = _cli("solve", str(county), "--out", str(tmp_path / "out"), cwd=tmp_path, ignore=(signal.SIGHUP,))
    wait_for_cbc(run, PATIENCE)
    run.send_signal(signal.SIGHUP)
    time.sleep(GONE)
    assert run.poll() is None, "the ignored hang-up ended the run"
    run.send_signal(signal.SIGINT)
    run.communicate(timeout=PATIENCE)
    assert run.returncode == 130


#: A program run as `python -m`, the way the interrupted diagnosis runs: Ctrl-C arrives while a
#: library executes a string of code (as dataclasses, typing and pydantic do during an import), and
#: the command's own code then catches it. A plain KeyboardInterrupt escaping that string makes
#: CPython kill the program with SIGINT at exit, whatever status `main` returned.
CTRL_C_INSIDE_EXEC = """
import os, signal, sys
import optimiser.cli.validate as validate
from optimiser.cli import main

command = validate.run

def run(arguments, console):
    exec("os.kill(os.getpid(), signal.SIGINT)", {"os": os, "signal": signal})
    return command(arguments, console)

validate.run = run
sys.argv = ["optimiser", "validate", sys.argv[1]]
sys.exit(main())
"""


def run_program(
    folder: Path, name: str, source: str, arguments: list[str], number: signal.Signals
) -> subprocess.CompletedProcess[str]:
    """`source` saved as module `name` in `folder` and run with `python -m`, signal `number` at its
    default disposition (a test run in the background would hand it down ignored)."""
    (folder / f"{name}.py").write_text(source)
    return subprocess.run(
        [sys.executable, "-m", name, *arguments],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=PATIENCE,
        check=False,
        preexec_fn=lambda: signal.signal(number, signal.SIG_DFL),
    )


def test_ctrl_c_inside_executed_code_still_exits_130(tmp_path: Path) -> None:
    run = run_program(tmp_path, "interrupted_inside_exec", CTRL_C_INSIDE_EXEC, [str(TINY)], signal.SIGINT)
    assert run.returncode == 130, run.stderr
    assert run.stderr.strip().splitlines()[-1].startswith("interrupted: ")


#: A solve during which SIGTERM's handler runs inside a finaliser, where Python prints and drops
#: the exception it raises: the run must still end as a signal, not commit and exit 0.
SIGNAL_IN_A_FINALISER = """
import os, signal, sys

import optimiser.cli.solve as solve_command

command = solve_command.run


class Finaliser:
    def __del__(self):
        os.kill(os.getpid(), signal.SIGTERM)
        # Python code after the signal, so that its handler runs here, inside the finaliser.
        total = 0
        for step in range(10_000):
            total += step


def run(arguments, console):
    Finaliser()
    return command(arguments, console)


solve_command.run = run
sys.argv = ["optimiser", "solve", sys.argv[1], "--out", sys.argv[2]]
from optimiser.cli import program

program()
"""


def test_a_signal_whose_exception_python_drops_still_ends_the_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    earlier = _cli("solve", str(TINY), "--out", str(out), cwd=tmp_path)
    assert earlier.wait() == 0, earlier.communicate()
    before = _digests(out)
    arguments = [str(TINY), str(out)]
    run = run_program(tmp_path, "dropped_signal", SIGNAL_IN_A_FINALISER, arguments, signal.SIGTERM)
    assert run.returncode == 128 + signal.SIGTERM, run.stderr
    assert run.stderr.strip().splitlines() == [f"terminated by SIGTERM: {INTERRUPTED}"]
    assert _digests(out) == before
