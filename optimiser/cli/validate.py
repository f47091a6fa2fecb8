"""`optimiser validate`: check an instance and say what it holds."""

from __future__ import annotations

import argparse

from rich.console import Console

from optimiser.cli.common import load


def run(arguments: argparse.Namespace, console: Console) -> int:
    instance = load(arguments)
    counts = ", ".join(
        f"{len(instance.table(name))} {name.replace('_', ' ')}"
        for name in ("places", "sites", "interventions", "eligibility", "planned_mix")
    )
    console.print(f"{instance.path}: valid — {counts}; years {', '.join(instance.years)}")
    return 0
