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
import contextlib
import importlib
import math
import os
import signal
import sys
import threading
from collections.abc import Iterator
from typing import NoReturn

from rich.console import Console

from optimiser import __version__
from optimiser.choices import ChoiceError, did_you_mean
from optimiser.instance.errors import InstanceError

EXIT_BAD_INPUT = 2
EXIT_SYSTEM = 1
EXIT_INTERRUPTED = 130
#: Standard output's reader went away, as for a tool killed by SIGPIPE (128 + 13).
EXIT_BROKEN_PIPE = 141
OBJECTIVES = ("min-cost", "max-saving", "min-beds")
BACKENDS = ("cbc", "highs", "pulp", "pyomo")
#: Named sizes of `generate` (as in `optimiser.generate.SIZES`); derbyshire is the bundled instance.
SIZES = ("small", "region", "county", "nhs-england", "derbyshire")


class UsageError(ValueError):
    """A command-line choice that cannot be honoured (printed as one line, exit status 2)."""


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors, and a suggestion when a choice is mistyped."""

    def _check_value(self, action: argparse.Action, value: object) -> None:
        if action.choices is not None and value not in action.choices:
            known = [str(choice) for choice in action.choices]
            suggestion = did_you_mean(str(value), known)
            raise argparse.ArgumentError(
                action, f"invalid choice {value!r} (valid: {', '.join(known)}){suggestion}"
            )

    def error(self, message: str) -> NoReturn:
        # The usage block would bury the one line that says what is wrong; --help shows it.
        self.exit(EXIT_BAD_INPUT, f"error: {self.prog}: {message}\n")


def _seconds(text: str) -> float:
    """A time limit: a positive number of seconds."""
    value = _number(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"a time limit is a positive number of seconds, not {text}")
    return value


def _gap(text: str) -> float:
    """A relative MILP gap: a share from 0 up to (not including) 1."""
    value = _number(text)
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(
            f"a relative gap is a share from 0 to below 1 (1e-4 is 0.01%), not {text}"
        )
    return value


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"not a finite number: {text}")
    return value


def _instance_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "instance", help="instance folder, .xlsx workbook, or bundled instance (tiny, derbyshire-stp-2016)"
    )
    parser.add_argument(
        "--bundled",
        action="store_true",
        help="INSTANCE is a bundled instance's name, even if a folder here has the same name",
    )


def _without_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        metavar="FAMILY",
        help="switch a constraint family off (repeatable), as [families] FAMILY = false does",
    )


def _model_arguments(parser: argparse.ArgumentParser) -> None:
    _without_argument(parser)
    _set_argument(parser)
    parser.add_argument("--objective", choices=OBJECTIVES, default="min-cost", help="what best means")
    parser.add_argument(
        "--integer",
        action="store_true",
        default=None,
        help="close beds in whole wards and open site services yes or no (MILP)",
    )
    _safe_occupancy_argument(parser)


def _set_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        dest="overrides",
        metavar="OVERRIDE",
        help="change the instance before solving (repeatable): TABLE[SELECTOR].FIELD=VALUE or *=FACTOR, "
        "e.g. 'gap[2020/21].amount_gbpm=250' or 'effects[intervention=discharge_to_assess].value*=0.8'",
    )


def _safe_occupancy_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--safe-occupancy",
        metavar="SETTING",
        help="plan SETTING's beds at the instance's [parameters.safe_occupancy] (e.g. mh_adult)",
    )


def _solving_arguments(parser: argparse.ArgumentParser) -> None:
    """What `solve` and `compare` take: the instance, the model, the solver and the results folder."""
    _instance_argument(parser)
    _model_arguments(parser)
    parser.add_argument("--backend", choices=BACKENDS, default="cbc", help="solver backend (default: cbc)")
    parser.add_argument("--time-limit", type=_seconds, metavar="S", help="stop the solver after S seconds")
    parser.add_argument("--mip-gap", type=_gap, default=1e-4, metavar="G", help="relative MILP gap (1e-4)")
    parser.add_argument(
        "--lp-method",
        choices=("auto", "dual", "primal", "barrier"),
        default="auto",
        help="how CBC solves an LP (auto: barrier from 500,000 nonzeros, else dual simplex)",
    )
    parser.add_argument(
        "--plan", help="plan to compare the optimum with (default: planned, if the instance has it)"
    )
    parser.add_argument(
        "--all-rows",
        action="store_true",
        help="keep decisions.csv's rows where every figure is 0 (left out by default)",
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="folder for the result files")
    parser.add_argument(
        "--xlsx",
        metavar="FILE",
        help="also write the result tables as one formatted workbook (outside DIR), once DIR is written",
    )


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="optimiser",
        description="Plan care interventions, beds, staff and capital by linear programming.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    solve = commands.add_parser("solve", help="find the best mix and write every result table")
    _solving_arguments(solve)
    solve.set_defaults(run="solve")

    compare = commands.add_parser(
        "compare", help="the optimum beside the plan and its repair, and what optimising is worth"
    )
    _solving_arguments(compare)
    compare.add_argument(
        "--price-constraints",
        nargs="?",
        const="",
        metavar="FAMILY,FAMILY",
        help="also solve again without each priced constraint family (or those named) and say what "
        "each costs",
    )
    compare.set_defaults(run="compare")

    export = commands.add_parser("export", help="write the model as MPS or LP without solving")
    _instance_argument(export)
    _model_arguments(export)
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument("--mps", metavar="FILE", help="free-format MPS with the model's names (- for stdout)")
    target.add_argument("--lp", metavar="FILE", help="CPLEX LP format ([ ] become ( )); - for stdout")
    export.set_defaults(run="export")

    evaluate = commands.add_parser(
        "evaluate", help="evaluate a plan: beds, admissions, money, staff, capital"
    )
    _instance_argument(evaluate)
    evaluate.add_argument("--plan", default="planned", help="plan id in planned_mix (default: planned)")
    evaluate.add_argument(
        "--objective",
        choices=OBJECTIVES,
        default="min-cost",
        help="value the plan under this objective, as solve and compare would (default: min-cost)",
    )
    evaluate.add_argument(
        "--json", metavar="FILE", help="also write the evaluation as JSON to FILE (- for standard output)"
    )
    _safe_occupancy_argument(evaluate)
    _without_argument(evaluate)
    _set_argument(evaluate)
    evaluate.set_defaults(run="evaluate")

    convert = commands.add_parser("convert", help="convert an instance between a folder and a workbook")
    convert.add_argument("source", help="instance folder, .xlsx workbook, or a bundled instance's name")
    convert.add_argument("target", help="a .xlsx path to write a workbook, otherwise a folder")
    convert.add_argument(
        "--bundled",
        action="store_true",
        help="SOURCE names a bundled instance, even if a folder here has its name",
    )
    convert.set_defaults(run="convert")

    validate = commands.add_parser("validate", help="check an instance and say what it holds")
    _instance_argument(validate)
    validate.set_defaults(run="validate")

    generate = commands.add_parser("generate", help="write a seeded synthetic instance for benchmarking")
    generate.add_argument(
        "--size", choices=SIZES, default="small", help="named size (default: small; derbyshire: the real one)"
    )
    for name in ("places", "sites", "interventions", "years"):
        generate.add_argument(f"--{name}", type=int, metavar="N", help=f"number of {name} (overrides --size)")
    generate.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    generate.add_argument("--out", required=True, metavar="DIR", help="folder to write the instance to")
    generate.set_defaults(run="generate")

    verify = commands.add_parser(
        "verify", help="check a results folder: its files, its instance, its solution and its objective"
    )
    verify.add_argument("folder", metavar="DIR", help="a folder written by optimiser solve")
    verify.set_defaults(run="verify")

    schema = commands.add_parser("schema", help="print the JSON Schema of a document the tool writes")
    which = schema.add_mutually_exclusive_group(required=True)
    which.add_argument("name", nargs="?", metavar="NAME", help="the document (see --list)")
    which.add_argument("--list", action="store_true", help="list the documents and the files they are")
    schema.set_defaults(run="schema")
    _sweep_parsers(commands)
    return parser


def _count(text: str) -> int:
    """A count of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {text}")
    return value


def _sweep_parsers(commands: argparse._SubParsersAction[Parser]) -> None:
    """`sweep` and `ranges` (their commands: `optimiser/cli/sweep.py` and `ranges.py`)."""
    sweep = commands.add_parser("sweep", help="sensitivity sweep: many scenarios re-solved warm, resumable")
    _instance_argument(sweep)
    sweep.add_argument("--spec", required=True, metavar="SWEEP.toml", help="the sweep specification")
    sweep.add_argument("--out", required=True, metavar="DIR", help="folder for the sweep's results")
    sweep.add_argument(
        "--resume", action="store_true", help="continue a sweep in DIR, skipping finished scenarios"
    )
    sweep.add_argument(
        "--jobs", type=_count, default=1, metavar="N", help="local worker processes (default: 1)"
    )
    engine = sweep.add_mutually_exclusive_group()
    engine.add_argument(
        "--dask-local", type=_count, metavar="N", help="run on a local Dask cluster of N processes"
    )
    engine.add_argument("--scheduler", metavar="ADDRESS", help="run on the Dask cluster at ADDRESS")
    sweep.add_argument(
        "--export-scenario",
        type=_count,
        metavar="N",
        help="write scenario N as an instance folder in DIR, unsolved",
    )
    sweep.set_defaults(run="sweep")
    ranges = commands.add_parser(
        "ranges", help="HiGHS ranging: where each cost and binding limit keeps the basis"
    )
    _instance_argument(ranges)
    _set_argument(ranges)
    ranges.add_argument("--objective", choices=OBJECTIVES, default="min-cost", help="what best means")
    ranges.add_argument("--out", metavar="FILE", help="also write the ranges as CSV to FILE")
    ranges.set_defaults(run="ranges")


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the program is, so it unwinds as it does for Ctrl-C: the
    solver is stopped, temporary files are removed, and finished results are kept."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


#: Signals that end a run the way Ctrl-C does, with exit status 128 + the signal's number.
ENDING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _terminate(number: int, _frame: object) -> None:
    raise Terminated(number)


@contextlib.contextmanager
def _signals_end_the_run() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into `Terminated` while a command runs, then restore the handlers
    (so that `main` called in process, by tests or a notebook, leaves its caller's as they were)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    # A signal already ignored stays ignored: `nohup optimiser solve …` must survive a hang-up.
    ending = [number for number in ENDING_SIGNALS if signal.getsignal(number) is not signal.SIG_IGN]
    previous = {number: signal.signal(number, _terminate) for number in ending}
    try:
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


class Output(Console):
    """Standard output. rich's own answer to a closed pipe is to exit with status 1; here the
    error goes on to `main`, which ends quietly with the status a tool killed by SIGPIPE has."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    console = Output()
    if not console.is_terminal:
        # Piped or redirected output keeps whole tables rather than wrapping at 80 columns.
        console = Output(width=140)
    errors = Console(stderr=True)

    def say(line: str) -> None:
        errors.print(line, markup=False, highlight=False, soft_wrap=True)

    try:
        with _signals_end_the_run():
            return _run(arguments, console)
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


#: What an interrupted run leaves behind.
INTERRUPTED = "nothing is half-written; a results folder keeps its previous run"


def _run(arguments: argparse.Namespace, console: Console) -> int:
    """The command, with the errors of bad input turned into `UsageError`."""
    # Each command is a module of its own, imported only when run: `validate` loads no model,
    # `--help` loads nothing.
    command = importlib.import_module(f"optimiser.cli.{arguments.run}")
    try:
        return int(command.run(arguments, console))
    except ChoiceError as error:
        raise UsageError(str(error)) from error
