"""The `optimiser` command line.

Exit status: 0 done, 2 bad input (one line naming file, row and field), 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console

from optimiser import __version__
from optimiser.console import render_summary
from optimiser.evaluate import PlanError, evaluate_plan
from optimiser.instance.errors import InstanceError
from optimiser.instance.load import WORKBOOK_SUFFIXES, load_instance
from optimiser.instance.write import write_folder, write_workbook
from optimiser.summary import summarise, to_json

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="optimiser",
        description="Plan care interventions, beds, staff and capital by linear programming.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    evaluate = commands.add_parser(
        "evaluate", help="evaluate a plan: beds, admissions, money, staff, capital"
    )
    evaluate.add_argument("instance", help="instance folder or .xlsx workbook")
    evaluate.add_argument("--plan", default="planned", help="plan id in planned_mix (default: planned)")
    evaluate.add_argument("--json", metavar="FILE", help="also write the evaluation as JSON to FILE")
    evaluate.set_defaults(run=_evaluate)

    convert = commands.add_parser("convert", help="convert an instance between a folder and a workbook")
    convert.add_argument("source", help="instance folder or .xlsx workbook")
    convert.add_argument("target", help="a .xlsx path to write a workbook, otherwise a folder")
    convert.set_defaults(run=_convert)

    validate = commands.add_parser("validate", help="check an instance and say what it holds")
    validate.add_argument("instance", help="instance folder or .xlsx workbook")
    validate.set_defaults(run=_validate)
    return parser


def _evaluate(arguments: argparse.Namespace, console: Console) -> int:
    instance = load_instance(arguments.instance)
    evaluation = evaluate_plan(instance, arguments.plan)
    summary = summarise(
        instance,
        evaluation.data,
        evaluation.model,
        evaluation.x,
        evaluation.violations,
        label=f"plan {arguments.plan!r}",
    )
    render_summary(summary, console)
    if arguments.json:
        document = to_json(summary)
        document["plan"] = arguments.plan
        _write_text(Path(arguments.json), json.dumps(document, indent=2) + "\n")
        console.print(f"Wrote {arguments.json}")
    return 0


def _convert(arguments: argparse.Namespace, console: Console) -> int:
    instance = load_instance(arguments.source)
    target = Path(arguments.target)
    if target.suffix.lower() in WORKBOOK_SUFFIXES:
        write_workbook(instance, target)
    else:
        write_folder(instance, target)
    console.print(f"Wrote {target}")
    return 0


def _validate(arguments: argparse.Namespace, console: Console) -> int:
    instance = load_instance(arguments.instance)
    counts = ", ".join(
        f"{len(instance.table(name))} {name.replace('_', ' ')}"
        for name in ("places", "sites", "interventions", "eligibility", "planned_mix")
    )
    console.print(f"{instance.path}: valid — {counts}; years {', '.join(instance.years)}")
    return 0


def _write_text(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so an interrupted run never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    console = Console()
    if not console.is_terminal:
        # Piped or redirected output keeps whole tables rather than wrapping at 80 columns.
        console = Console(width=140)
    errors = Console(stderr=True)
    try:
        return int(arguments.run(arguments, console))
    except (InstanceError, PlanError) as error:
        errors.print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        errors.print("interrupted", markup=False)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
