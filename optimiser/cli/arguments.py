"""The command line's arguments: every command's parser, the types that check a value as it is read,
and one-line errors with a suggestion for a mistyped choice."""

from __future__ import annotations

import argparse
import math
from typing import NoReturn

from optimiser import __version__
from optimiser.choices import did_you_mean

#: Bad input: a usage error, as every command reports it (see `optimiser.cli`).
EXIT_BAD_INPUT = 2
OBJECTIVES = ("min-cost", "max-saving", "min-beds")
BACKENDS = ("cbc", "highs", "pulp", "pyomo")
#: Named sizes of `generate` (as in `optimiser.generate.SIZES`); derbyshire is the bundled instance.
SIZES = ("small", "region", "county", "nhs-england", "derbyshire")


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


def build_parser() -> argparse.ArgumentParser:
    """Every command's arguments (each command's own module is imported only when it runs)."""
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
    report = commands.add_parser(
        "report", help="a results folder (solve, compare or sweep) as one self-contained HTML page"
    )
    report.add_argument("folder", metavar="RESULTS_DIR", help="a folder written by solve, compare or sweep")
    report.add_argument("-o", "--output", required=True, metavar="FILE", help="the HTML file to write")
    report.add_argument(
        "--xlsx", metavar="FILE", help="also write the tables as one formatted workbook (solve, compare)"
    )
    report.set_defaults(run="report")
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
