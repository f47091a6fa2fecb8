"""`optimiser convert`: an instance folder to a workbook, or back."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from optimiser.cli.common import refuse_standard_output, writing
from optimiser.instance.load import WORKBOOK_SUFFIXES, load_instance
from optimiser.instance.write import write_folder, write_workbook


@writing
def run(arguments: argparse.Namespace, console: Console) -> int:
    refuse_standard_output(arguments.target, "a folder or a workbook")
    instance = load_instance(arguments.source, bundled=arguments.bundled)
    target = Path(arguments.target)
    if target.suffix.lower() in WORKBOOK_SUFFIXES:
        write_workbook(instance, target)
    else:
        write_folder(instance, target)
    console.print(f"Wrote {target}")
    return 0
