"""`optimiser generate`: a seeded synthetic instance for benchmarks."""

from __future__ import annotations

import argparse
import time

from rich.console import Console

from optimiser.cli.common import refuse_standard_output
from optimiser.generate import resolve_size, write_instance
from optimiser.models import build_model


def run(arguments: argparse.Namespace, console: Console) -> int:
    refuse_standard_output(arguments.out, "an instance folder")
    size = resolve_size(
        arguments.size,
        places=arguments.places,
        sites=arguments.sites,
        interventions=arguments.interventions,
        years=arguments.years,
    )
    started = time.perf_counter()
    instance = write_instance(arguments.out, size, arguments.seed)
    seconds = time.perf_counter() - started
    model = build_model(instance)
    rows, columns = model.shape
    what = (
        "the bundled Derbyshire instance"
        if size is None
        else f"{size.places:,} places, {size.sites:,} sites, {size.interventions} interventions, "
        f"{size.years} years (seed {arguments.seed})"
    )
    console.print(
        f"Wrote {arguments.out}: {what} in {seconds:.1f} s; min-cost model {rows:,} rows, "
        f"{columns:,} columns, {model.matrix.nnz:,} nonzeros",
        highlight=False,
        soft_wrap=True,
    )
    return 0
