"""The `optimiser` command line.

Exit status:
  0    done (verify: every check passed)
  1    the system refused (a folder that cannot be written)
  2    bad input: one line naming file, row and field, or a name that does not exist (with the
       valid ones); or an `--out` that may not be used (`/`, the home folder, the working directory,
       an instance folder or one inside it, a folder holding files this tool did not write)
  3    infeasible (diagnosis written)
  4    unbounded
  5    the solver failed, stopped without a solution, or gave one that breaks the model (the
       results folder keeps its previous run)
  6    no room to write a file (a full disk, a quota or a file-size limit); nothing was replaced
  7    another run is writing to the same `--out` (its lock is held)
  8    `verify` found a results folder that fails a check (the message names the file)
  129  ended by SIGHUP, 130 interrupted (Ctrl-C, SIGINT), 143 ended by SIGTERM: the solver is
       stopped and the results folder keeps its previous run
  141  standard output's reader went away (`optimiser … | head`): the run ends quietly

A file name of `-` means standard output (`evaluate --json -`, `export --mps -`).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import gc
import importlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, NoReturn

from optimiser.choices import ChoiceError

# The choices are named here too, for the code and tests that read them from the command line's package.
from optimiser.cli.arguments import BACKENDS as BACKENDS
from optimiser.cli.arguments import EXIT_BAD_INPUT, build_parser
from optimiser.cli.arguments import OBJECTIVES as OBJECTIVES
from optimiser.cli.arguments import SIZES as SIZES
from optimiser.io import stopping

if TYPE_CHECKING:
    from rich.console import Console

EXIT_SYSTEM = 1
EXIT_INTERRUPTED = 130
#: Standard output's reader went away, as for a tool killed by SIGPIPE (128 + 13).
EXIT_BROKEN_PIPE = 141


class UsageError(ValueError):
    """A command-line choice that cannot be honoured (printed as one line, exit status 2)."""


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the program is, so it unwinds as it does for Ctrl-C: the
    solver is stopped, temporary files are removed, and finished results are kept."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


class Interrupted(KeyboardInterrupt):
    """Ctrl-C (SIGINT) while a command runs.

    Python's own handler raises a plain `KeyboardInterrupt`. When that one escapes a string run by
    `exec` or `eval` (as dataclasses, typing and pydantic do while a module is imported), CPython
    marks the interrupt as unhandled even though `main` catches it later, and at exit the program
    kills itself with SIGINT instead of returning 130. CPython checks the exception's exact type,
    so an interrupt of this subclass is never marked.
    """


#: Signals that end a run the way Ctrl-C does, with exit status 128 + the signal's number.
ENDING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _terminate(number: int, _frame: object) -> None:
    # Recorded as well as raised: an exception raised where Python drops it is raised again at
    # the next check (`optimiser.io.stopping`).
    raise stopping.received(Terminated(number))


def _interrupt(_number: int, _frame: object) -> None:
    raise stopping.received(Interrupted())


@contextlib.contextmanager
def _signals_end_the_run() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into `Terminated`, and Ctrl-C into `Interrupted`, while a command
    runs, then restore the handlers (so that `main` called in process, by tests or a notebook,
    leaves its caller's as they were)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    # A signal already ignored stays ignored: `nohup optimiser solve …` must survive a hang-up.
    ending = [number for number in ENDING_SIGNALS if signal.getsignal(number) is not signal.SIG_IGN]
    previous = {number: signal.signal(number, _terminate) for number in ending}
    # Only Python's own Ctrl-C handler is replaced: a caller's handler, or SIGINT ignored (a job
    # started in the background), stays as it is.
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        previous[signal.SIGINT] = signal.signal(signal.SIGINT, _interrupt)
    try:
        with stopping.watching():
            yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _settled(as_program: bool) -> None:
    """Once a program run has been stopped, a second Ctrl-C (or one still pending) must not turn its
    exit status into death by SIGINT while the interpreter shuts down. Called in process (with an
    argument list, by tests or a notebook), the caller's handler is left alone."""
    if as_program and threading.current_thread() is threading.main_thread():
        with contextlib.suppress(ValueError, OSError):
            signal.signal(signal.SIGINT, signal.SIG_IGN)


def _quiet_stdout() -> None:
    """Point standard output at /dev/null once its reader has gone, so that Python's flush at exit
    does not print a second error about the same closed pipe."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _collector_off_while_importing(as_program: bool) -> None:
    """A program run imports numpy, pandas, scipy, pydantic and the command's modules before it
    does any work: hundreds of thousands of objects that live until it ends. The cyclic collector
    would walk them again and again as they are made (about 0.1 s of a short command, most of
    it inside numpy's and pandas' own imports), so it is off until the command's modules are
    imported and frozen (`_run`). Called in process (tests, a notebook), the caller's collector is
    left alone."""
    if as_program:
        gc.disable()


def main(argv: list[str] | None = None) -> int:
    _collector_off_while_importing(argv is None)
    arguments = build_parser().parse_args(argv)
    # Imported here rather than with the package, so that the collector is already off for them
    # (see `_collector_off_while_importing`) and `--help` loads neither.
    from rich.console import Console

    from optimiser.cli.output import Output
    from optimiser.instance.errors import InstanceError

    console = Output()
    if not console.is_terminal:
        # Piped or redirected output keeps whole tables rather than wrapping at 80 columns.
        console = Output(width=140)
    errors = Console(stderr=True)

    def say(line: str) -> None:
        errors.print(line, markup=False, highlight=False, soft_wrap=True)

    try:
        with _signals_end_the_run():
            return _run(arguments, console, as_program=argv is None)
    except Terminated as stop:
        _settled(argv is None)
        say(f"terminated by {signal.Signals(stop.number).name}: {INTERRUPTED}")
        return 128 + stop.number
    except KeyboardInterrupt:
        _settled(argv is None)
        say(f"interrupted: {INTERRUPTED}")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of standard output went away (`optimiser … | head -1`): end quietly, with
        # the status a tool killed by SIGPIPE has.
        _quiet_stdout()
        return EXIT_BROKEN_PIPE
    except (InstanceError, UsageError) as error:
        say(f"error: {error}")
        return EXIT_BAD_INPUT
    except OSError as error:
        # A folder that cannot be written, a disk that is full: one line, not a traceback.
        where = f"{error.filename}: " if error.filename else ""
        say(f"error: cannot write {where}{(error.strerror or str(error)).lower()}")
        return EXIT_SYSTEM


def program() -> NoReturn:
    """The `optimiser` script and `python -m optimiser.cli`: run the command line, then end.

    Once the command has returned, everything it promised is on disk: results are written and
    committed inside it. What the interpreter would still do at exit is tear down hundreds of
    thousands of objects it imported (about 50 ms of a 1.4 s Derbyshire solve, measured) and free
    memory the operating system takes back anyway. So a program run that can end cleanly ends
    here: standard output and error flushed, the exit handlers run as the interpreter would run
    them (temporary folders removed, logging flushed), then the process exits with the command's
    status. Where anything else might still be pending (another thread, a child process, output
    that will not flush), the interpreter ends the usual way."""
    status = main()
    # The work is done: a Ctrl-C from here on has nothing to stop, and must not print a traceback.
    _settled(True)
    if _nothing_else_pending():
        atexit._run_exitfuncs()
        if _flushed():
            os._exit(status)
    sys.exit(status)


def _nothing_else_pending() -> bool:
    """True when only this thread runs, no child process started by `multiprocessing` is alive,
    and standard output and error flush: the state in which the interpreter's own teardown would
    do no more than free memory."""
    if threading.active_count() > 1:
        return False
    processes = sys.modules.get("multiprocessing")
    if processes is not None and processes.active_children():
        return False
    return _flushed()


def _flushed() -> bool:
    """Flush standard output and error (and the originals, if a caller replaced them)."""
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            return False
    return True


#: What an interrupted run leaves behind.
INTERRUPTED = "nothing is half-written; a results folder keeps its previous run"


def _run(arguments: argparse.Namespace, console: Console, *, as_program: bool = False) -> int:
    """The command, with the errors of bad input turned into `UsageError`."""
    # Each command is a module of its own, imported only when run: `validate` loads no model,
    # `--help` loads nothing.
    command = importlib.import_module(f"optimiser.cli.{arguments.run}")
    if as_program:
        # The modules, classes and functions just imported live until the program ends: frozen,
        # the cyclic collector stops walking them again at every collection while the command
        # builds its many short-lived objects (about a tenth of a second of a Derbyshire solve).
        # Not in process (tests, a notebook), where the caller's objects would be frozen too.
        # The collector, off while they were imported (`_collector_off_while_importing`), is then
        # back on for the rest of the run, whose garbage it is there for.
        gc.freeze()
        gc.enable()
    try:
        status = int(command.run(arguments, console))
    except ChoiceError as error:
        raise UsageError(str(error)) from error
    # A signal whose exception Python dropped still ends the run as a signal (`stopping`).
    stopping.stop_if_received()
    return status
