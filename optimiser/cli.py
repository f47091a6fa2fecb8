"""The `optimiser` command line.

Exit status:
  0    done (verify: every check passed)
  1    the system refused (a folder that cannot be written)
  2    bad input: one line naming file, row and field; or an `--out` that may not be used (`/`, the
       home folder, the working directory, an instance folder or one inside it, a folder holding
       files this tool did not write)
  3    infeasible (diagnosis written)
  4    unbounded
  5    the solver failed or stopped without a solution (the results folder keeps its previous run)
  6    no room to write a file (a full disk, a quota or a file-size limit); nothing was replaced
  7    another run is writing to the same `--out` (its lock is held)
  8    `verify` found a results folder that fails a check (the message names the file)
  130  interrupted (the results folder keeps its previous run)
"""

from __future__ import annotations

import argparse
import math
import sys

from rich.console import Console

from optimiser import __version__
from optimiser.instance.errors import InstanceError

EXIT_BAD_INPUT = 2
EXIT_SYSTEM = 1
EXIT_INTERRUPTED = 130
OBJECTIVES = ("min-cost", "max-saving", "min-beds")
BACKENDS = ("cbc", "highs", "pulp", "pyomo")
#: Named sizes of `generate` (as in `optimiser.generate.SIZES`); derbyshire is the bundled instance.
SIZES = ("small", "region", "county", "nhs-england", "derbyshire")


class UsageError(ValueError):
    """A command-line choice that cannot be honoured (printed as one line, exit status 2)."""


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


def _model_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--objective", choices=OBJECTIVES, default="min-cost", help="what best means")
    parser.add_argument(
        "--integer",
        action="store_true",
        default=None,
        help="close beds in whole wards and open site services yes or no (MILP)",
    )
    _safe_occupancy_argument(parser)


def _safe_occupancy_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--safe-occupancy",
        metavar="SETTING",
        help="plan SETTING's beds at the instance's [parameters.safe_occupancy] (e.g. mh_adult)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="optimiser",
        description="Plan care interventions, beds, staff and capital by linear programming.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    solve = commands.add_parser("solve", help="find the best mix and write every result table")
    _instance_argument(solve)
    _model_arguments(solve)
    solve.add_argument("--backend", choices=BACKENDS, default="cbc", help="solver backend (default: cbc)")
    solve.add_argument("--time-limit", type=_seconds, metavar="S", help="stop the solver after S seconds")
    solve.add_argument("--mip-gap", type=_gap, default=1e-4, metavar="G", help="relative MILP gap (1e-4)")
    solve.add_argument(
        "--lp-method",
        choices=("auto", "dual", "primal", "barrier"),
        default="auto",
        help="how CBC solves an LP (auto: barrier from 500,000 nonzeros, else dual simplex)",
    )
    solve.add_argument(
        "--plan", default="planned", help="plan to compare the optimum with (default: planned)"
    )
    solve.add_argument("--out", required=True, metavar="DIR", help="folder for the result files")
    solve.set_defaults(run="solve")

    export = commands.add_parser("export", help="write the model as MPS or LP without solving")
    _instance_argument(export)
    _model_arguments(export)
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument("--mps", metavar="FILE", help="free-format MPS with the model's names")
    target.add_argument("--lp", metavar="FILE", help="CPLEX LP format ([ ] in names become ( ))")
    export.set_defaults(run="export")

    evaluate = commands.add_parser(
        "evaluate", help="evaluate a plan: beds, admissions, money, staff, capital"
    )
    _instance_argument(evaluate)
    evaluate.add_argument("--plan", default="planned", help="plan id in planned_mix (default: planned)")
    evaluate.add_argument("--json", metavar="FILE", help="also write the evaluation as JSON to FILE")
    _safe_occupancy_argument(evaluate)
    evaluate.set_defaults(run="evaluate")

    convert = commands.add_parser("convert", help="convert an instance between a folder and a workbook")
    convert.add_argument("source", help="instance folder, .xlsx workbook, or a bundled instance's name")
    convert.add_argument("target", help="a .xlsx path to write a workbook, otherwise a folder")
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
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    console = Console()
    if not console.is_terminal:
        # Piped or redirected output keeps whole tables rather than wrapping at 80 columns.
        console = Console(width=140)
    errors = Console(stderr=True)
    # Commands import the model, solvers and reports only when run, so that `--help` is instant.
    from optimiser import commands
    from optimiser.evaluate import PlanError
    from optimiser.generate import SizeError

    try:
        return int(getattr(commands, arguments.run)(arguments, console))
    except (InstanceError, PlanError, SizeError, UsageError) as error:
        errors.print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
        return EXIT_BAD_INPUT
    except OSError as error:
        # A folder that cannot be written, a disk that is full: one line, not a traceback.
        where = f"{error.filename}: " if error.filename else ""
        reason = (error.strerror or str(error)).lower()
        errors.print(f"error: cannot write {where}{reason}", markup=False, highlight=False, soft_wrap=True)
        return EXIT_SYSTEM
    except KeyboardInterrupt:
        errors.print("interrupted: files already written are complete; nothing is half-written", markup=False)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
