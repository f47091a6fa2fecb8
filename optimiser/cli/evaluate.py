"""`optimiser evaluate`: judge a plan of the instance by the model's limits."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console

from optimiser.analysis.evaluate import Evaluation, evaluate_plan
from optimiser.cli.common import STANDARD_OUTPUT, load, writing
from optimiser.report.console import render_summary
from optimiser.results.documents import document_text, write_document
from optimiser.results.documents.evaluation import PlanValue
from optimiser.results.summary import evaluation_document, summarise


@writing
def run(arguments: argparse.Namespace, console: Console) -> int:
    instance = load(arguments)
    evaluation = evaluate_plan(instance, arguments.plan, tuple(arguments.without), arguments.objective)
    summary = summarise(
        instance,
        evaluation.data,
        evaluation.model,
        evaluation.x,
        evaluation.violations,
        label=f"plan {arguments.plan!r}",
    )
    to_stdout = arguments.json == STANDARD_OUTPUT
    # JSON on standard output must be all that is there, so the readable summary goes to stderr.
    readable = Console(stderr=True, width=console.width) if to_stdout else console
    render_summary(summary, readable)
    value = plan_value(evaluation, arguments.objective)
    readable.print(
        f"Under {arguments.objective} ({value.basis}) the plan is worth {value.value:,.6g} {value.unit}.",
        highlight=False,
        markup=False,
    )
    if arguments.json:
        document = evaluation_document(summary, arguments.plan, value)
        if to_stdout:
            sys.stdout.write(document_text(document))
            sys.stdout.flush()
        else:
            write_document(document, Path(arguments.json))
            console.print(f"Wrote {arguments.json}")
    return 0


def plan_value(evaluation: Evaluation, objective: str) -> PlanValue:
    """The plan's value under `objective`, as `compare` sets it against the optimum."""
    from optimiser.models.objectives import objective_basis

    return PlanValue(
        name=objective,
        value=round(evaluation.objective_value, 6),
        unit=evaluation.model.objective_unit,
        sense=evaluation.model.sense,
        basis=objective_basis(objective, evaluation.instance.config),
    )
