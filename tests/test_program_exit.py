"""How a program run ends (`optimiser.cli.program`, the `optimiser` script and `python -m`).

Once its command returns, a program run skips the interpreter's teardown of everything it imported:
it flushes standard output and error, runs the exit handlers, and exits with the command's status.
Where anything else may still be pending, such as a thread still running, it ends the usual way.
These are real processes: what is checked is what a user or a calling script sees.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def run_program(tmp_path: Path, arguments: list[str], before: str = "") -> subprocess.CompletedProcess[str]:
    """`program()` with `arguments` as the command line, after the statements `before`."""
    code = (
        "import atexit, sys, threading, time\n"
        f"{before}"
        f"sys.argv = ['optimiser', *{arguments!r}]\n"
        "from optimiser.cli import program\n"
        "program()\n"
        "print('program() returned', flush=True)\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)


@pytest.mark.parametrize(
    ("arguments", "status", "stream", "words"),
    [
        (["validate", "--bundled", "tiny"], 0, "stdout", "valid — 2 places, 2 sites"),
        (["validate", "nothere"], 2, "stderr", "error: nothere: no such instance folder or workbook"),
    ],
)
def test_a_program_run_ends_with_its_status_its_output_and_its_exit_handlers(
    tmp_path: Path, arguments: list[str], status: int, stream: str, words: str
) -> None:
    """Output to a pipe is block-buffered: it must be flushed before the process ends, and an exit
    handler registered before the run must still run, exactly once."""
    marker = tmp_path / "handler.txt"
    handler = f"atexit.register(lambda: open({str(marker)!r}, 'a').write('ran\\n'))\n"
    finished = run_program(tmp_path, arguments, before=handler)
    assert finished.returncode == status, finished.stderr
    assert words in getattr(finished, stream)
    assert "program() returned" not in finished.stdout
    assert marker.read_text() == "ran\n"


def test_a_thread_still_running_keeps_the_interpreter_s_own_ending(tmp_path: Path) -> None:
    """A thread that outlives the command (a caller's, not daemonic) is waited for, as the
    interpreter waits for it: ending at once would cut its work short."""
    marker = tmp_path / "thread.txt"
    # The thread sleeps for longer than the whole command takes, imports included.
    thread = (
        "def late():\n"
        "    time.sleep(1.5)\n"
        f"    open({str(marker)!r}, 'w').write('finished')\n"
        "threading.Thread(target=late).start()\n"
    )
    finished = run_program(tmp_path, ["validate", "--bundled", "tiny"], before=thread)
    assert finished.returncode == 0, finished.stderr
    assert marker.read_text() == "finished"
