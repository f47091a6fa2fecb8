"""A signal that ends a run is kept as well as raised, so that no code can lose it.

The command line turns Ctrl-C, SIGTERM and SIGHUP into exceptions raised where the program is
(`optimiser.cli`). Python runs a signal's handler at the next point the main thread executes
Python code, and that point may be a finaliser (`__del__`, a weakref callback) or Python code called
by a C function that clears any error it meets (as C-level attribute lookups do). An exception
raised there is printed as "ignored" and dropped, and the run would go on to commit its results
and exit 0 as if no signal had come.

So the handler records the exception here (`received`) before raising it, and the points that
must not pass a stopped run check for it (`stop_if_received`): the solver's wait, the commit of a
results folder, and the end of a command.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_received: list[BaseException] = []


def received(error: BaseException) -> BaseException:
    """Record `error` (the exception a signal's handler is about to raise) and return it."""
    _received.append(error)
    return error


def stop_if_received() -> None:
    """Raise the first exception a signal's handler raised since `watching` began, if any."""
    if _received:
        raise _received[0]


@contextmanager
def watching() -> Iterator[None]:
    """The span of one command: what its signals record, and only that, is checked for.

    While it lasts, a recorded exception dropped by Python's machinery for exceptions it cannot
    raise is not printed as a traceback (it will be raised at the next check)."""
    _received.clear()
    previous = sys.unraisablehook

    def quiet(unraisable: Any) -> None:
        if not any(unraisable.exc_value is error for error in _received):
            previous(unraisable)

    sys.unraisablehook = quiet
    try:
        yield
    finally:
        sys.unraisablehook = previous
        _received.clear()
