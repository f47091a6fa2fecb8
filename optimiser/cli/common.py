"""What every command shares: exit statuses, loading the instance named, `-` as standard output,
and turning a refused or busy results folder or a full disk into one line."""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console

from optimiser.cli import UsageError
from optimiser.instance.container import Instance

if TYPE_CHECKING:
    from optimiser.solvers.result import SolveOptions

EXIT_INFEASIBLE = 3

EXIT_UNBOUNDED = 4

EXIT_SOLVER_FAILED = 5

#: A file that could not be written for want of room (a full disk, a quota, a file-size limit).
EXIT_NO_ROOM = 6


#: Written where a file name is asked for, `-` means standard output.
STANDARD_OUTPUT = "-"


Command = Callable[[argparse.Namespace, Console], int]


def writing(command: Command) -> Command:
    """`command`, with a refused or busy results folder and a full disk ending it in one line."""

    @functools.wraps(command)
    def run(arguments: argparse.Namespace, console: Console) -> int:
        # Imported here, so that a command that writes no results folder does not load it.
        from optimiser.io.atomic import NoRoomError
        from optimiser.results.folder import FolderError

        try:
            return command(arguments, console)
        except FolderError as error:
            print_error(str(error))
            return error.exit_status
        except NoRoomError as error:
            reason = (error.strerror or "no room").lower()
            print_error(f"cannot write {error.filename}: {reason}; nothing was replaced")
            return EXIT_NO_ROOM

    return run


class _Silent:
    """Progress that shows nowhere: what `progress` gives when output is not a terminal."""

    def update(self, status: str) -> None:
        del status


@contextlib.contextmanager
def progress(console: Console, status: str) -> Iterator[Any]:
    """A spinner saying what a long run is doing, on a terminal only: piped output stays clean, and
    rich's live display (a twentieth of a second to import) is loaded only where it shows."""
    if not console.is_terminal:
        yield _Silent()
        return
    with console.status(status) as spinner:
        yield spinner


def print_error(message: str) -> None:
    Console(stderr=True).print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)


def load(arguments: argparse.Namespace) -> Instance:
    """The instance named on the command line, with `--safe-occupancy` applied if given."""
    from optimiser.instance.load import load_instance

    instance = load_instance(arguments.instance, bundled=arguments.bundled)
    overrides = getattr(arguments, "overrides", None)
    if overrides:
        # `--set` changes are applied to the loaded instance and checked again by the loader.
        from optimiser.analysis.sweep.overrides import apply_overrides

        instance = apply_overrides(instance, overrides)
    setting = getattr(arguments, "safe_occupancy", None)
    if setting is None:
        return instance
    # The model's occupancy rules load the formulation, which `validate` alone does not need.
    from optimiser.models.occupancy import with_safe_occupancy

    return with_safe_occupancy(instance, setting)


def solve_options(arguments: argparse.Namespace) -> SolveOptions:
    """The solver's options as `solve` and `compare` take them on the command line."""
    # Imported here, so that a command that solves nothing (validate) does not load the solvers.
    from optimiser.solvers.result import SolveOptions

    return SolveOptions(
        time_limit=arguments.time_limit, mip_gap=arguments.mip_gap, lp_method=arguments.lp_method
    )


def refuse_standard_output(target: str, what: str) -> None:
    if target == STANDARD_OUTPUT:
        raise UsageError(f"- (standard output) cannot hold {what}; give a path")


def print_warnings(findings: Iterable[object]) -> None:
    """Each warning about the built model on a line of its own, on stderr."""
    errors = Console(stderr=True)
    for finding in findings:
        errors.print(str(finding), markup=False, highlight=False, soft_wrap=True)


def workbook_target(xlsx: str | None, out: str) -> Path | None:
    """The `--xlsx` workbook's path, checked before any work is done: an .xlsx file outside the
    results folder (whose files are all listed in its manifest), in a folder that can be written."""
    if xlsx is None:
        return None
    if xlsx == STANDARD_OUTPUT:
        raise UsageError("--xlsx -: standard output cannot hold a workbook; give a path ending in .xlsx")
    path = Path(xlsx)
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"--xlsx {xlsx}: a workbook's name ends in .xlsx")
    real, folder = path.resolve(), Path(out).resolve()
    if real == folder or folder in real.parents:
        raise UsageError(
            f"--xlsx {xlsx}: lies inside the results folder {out}, which holds only the run's own "
            "files; write the workbook beside it"
        )
    if real.is_dir():
        raise UsageError(f"--xlsx {xlsx}: is a folder; give a file name ending in .xlsx")
    parent = real.parent
    if not parent.is_dir():
        what = "is not a folder" if parent.exists() else "does not exist"
        raise UsageError(f"--xlsx {xlsx}: the folder {parent} {what}")
    # A file made and removed where the workbook's partial will go is the one sure test (the
    # superuser passes every permission check, yet not a read-only or virtual file system's).
    from optimiser.io.atomic import partial_path

    probe = partial_path(real)
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        probe.unlink()
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise UsageError(f"--xlsx {xlsx}: the folder {parent} cannot be written ({reason})") from None
    return path
