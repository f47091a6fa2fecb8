"""`optimiser export`: the model as MPS or LP, unsolved."""

from __future__ import annotations

import argparse
import sys

from rich.console import Console

from optimiser.analysis.conditioning import require_conditioned
from optimiser.cli.common import STANDARD_OUTPUT, load, print_warnings, writing
from optimiser.io.lp import write_lp, write_lp_stream
from optimiser.io.mps import write_mps, write_mps_stream
from optimiser.models import build_model


@writing
def run(arguments: argparse.Namespace, console: Console) -> int:
    instance = load(arguments)
    integer = instance.config.options.integer if arguments.integer is None else arguments.integer
    model = build_model(instance, arguments.objective, integer=integer, without=arguments.without)
    print_warnings(require_conditioned(model, instance.path))
    target = arguments.mps or arguments.lp
    rows, columns = model.shape
    what = (
        f"{rows:,} rows, {columns:,} columns, {model.matrix.nnz:,} nonzeros "
        f"({arguments.objective}{', integer' if model.is_mip else ''})"
    )
    if target == STANDARD_OUTPUT:
        if arguments.mps:
            write_mps_stream(model, sys.stdout.buffer)
        else:
            write_lp_stream(model, sys.stdout.buffer)
        sys.stdout.flush()
        Console(stderr=True).print(f"Wrote standard output: {what}", highlight=False)
        return 0
    path = write_mps(model, target) if arguments.mps else write_lp(model, target)
    console.print(f"Wrote {path}: {what}")
    return 0
