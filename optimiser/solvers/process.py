"""An out-of-process solver that never outlives the tool, never hangs it and never fails in silence.

The solver runs in a session (and process group) of its own, so that it and anything it starts are
killed together; on Linux it is also told to die with the tool (the parent-death signal), so even a
`kill -9` of the tool leaves no orphan. It is killed on any exception or interrupt while the tool
waits, and past its time limit plus `GRACE_SECONDS`. Every fault ends in `SolverError`, whose
message is one line naming what failed.

PuLP and Pyomo start CBC themselves: they are given a `launcher` that ties CBC to the tool in the
same way, and `children_killed_on_interrupt` kills their CBC when the wait for it is interrupted.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from optimiser.io import stopping

#: How long past its time limit a solver may run before the tool kills it. CBC looks at the clock
#: only between iterations and nodes, and after stopping still writes its solution; a national
#: model's postsolve takes seconds, so the grace is generous, but finite.
GRACE_SECONDS = 30.0
#: Linux's prctl option that sends the child a signal when its parent dies.
PR_SET_PDEATHSIG = 1


class SolverError(Exception):
    """A solver that could not be run or did not finish properly; the message is one line."""


@dataclass(frozen=True)
class Finished:
    """A solver process that ended by itself: its exit status, its output and its wall time."""

    returncode: int
    output: str
    seconds: float


def _dies_with_parent(parent: int) -> Callable[[], None] | None:
    """A `preexec_fn` asking Linux to kill the child when `parent` dies (None elsewhere)."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)

    def request() -> None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        # The parent may have died before the request was made; then nobody would send it.
        if os.getppid() != parent:
            os._exit(1)

    return request


def kill_group(process: subprocess.Popen[str]) -> None:
    """Kill the solver and its whole process group, and reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        process.kill()
    process.wait()


def run_solver(
    command: list[str],
    name: str,
    *,
    time_limit: float | None,
    while_solving: Callable[[], object] | None = None,
) -> Finished:
    """Run `command`, doing `while_solving` meanwhile; kill it past `time_limit` + `GRACE_SECONDS`.

    Raises `SolverError` when the program is missing or cannot run, hangs past its limit, or is
    killed by a signal; any other exception (an interrupt included) kills it and propagates.
    """
    started = time.perf_counter()
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            start_new_session=True,
            preexec_fn=_dies_with_parent(os.getpid()),
        )
    except OSError as error:
        raise SolverError(f"cannot run {name} at {command[0]}: {error.strerror or error}") from None
    output: list[str] = []
    waiter = threading.Thread(target=lambda: output.append(process.communicate()[0] or ""), daemon=True)
    waiter.start()
    try:
        if while_solving is not None:
            while_solving()
        # A signal whose exception Python dropped while that work ran stops the solver now.
        stopping.stop_if_received()
        deadline = None if time_limit is None else started + time_limit + GRACE_SECONDS
        waiter.join(None if deadline is None else max(0.0, deadline - time.perf_counter()))
        if waiter.is_alive():
            kill_group(process)
            waiter.join()
            raise SolverError(
                f"{name} did not stop within {GRACE_SECONDS:g} s of its {time_limit:g} s time limit and "
                "was killed"
            )
    except BaseException:
        # A failure, an interrupt or a termination signal here must not leave the solver running.
        kill_group(process)
        raise
    seconds = time.perf_counter() - started
    if process.returncode < 0:
        raise SolverError(f"{name} ended on signal {_signal_name(-process.returncode)} before it finished")
    return Finished(process.returncode, output[0] if output else "", seconds)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return str(number)


def kill_children(executable: str) -> list[int]:
    """Kill (and reap) this process's children that run `executable`; return their ids.

    PuLP and Pyomo start CBC themselves and leave it running when the wait for it is interrupted;
    their children are found through /proc (Linux) by parent and program.
    """
    proc = Path("/proc")
    if not (proc / "self" / "stat").exists():
        return []
    target, me, killed = os.path.realpath(executable), os.getpid(), []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            program = os.readlink(entry / "exe")
        except (OSError, IndexError, ValueError):
            continue
        if parent == me and program == target:
            pid = int(entry.name)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
            killed.append(pid)
    return killed


@contextlib.contextmanager
def children_killed_on_interrupt(executable: str) -> Iterator[None]:
    """Run a library's solve; on any exception or interrupt, kill its children running `executable`."""
    try:
        yield
    except BaseException:
        kill_children(executable)
        raise


def launcher(executable: str, folder: Path) -> str:
    """A program in `folder` that runs `executable` as `run_solver` would: in a session of its own,
    killed when this process dies (on Linux). For PuLP and Pyomo, which start CBC themselves.

    The launcher is a small Python script that asks for the parent-death signal and then replaces
    itself with the solver (`execv`), which keeps the request; elsewhere it is the executable itself.
    """
    if not sys.platform.startswith("linux"):
        return executable
    script = folder / "cbc-launcher"
    script.write_text(
        f"#!{sys.executable} -S\n"
        + textwrap.dedent(
            f"""\
            import ctypes, os, signal, sys
            ctypes.CDLL(None).prctl({PR_SET_PDEATHSIG}, signal.SIGKILL, 0, 0, 0)
            # The tool may have died before the request was made; then nobody would send it.
            if os.getppid() != {os.getpid()}:
                os._exit(1)
            os.setsid()
            os.execv({executable!r}, [{executable!r}, *sys.argv[1:]])
            """
        )
    )
    script.chmod(0o700)
    return str(script)
