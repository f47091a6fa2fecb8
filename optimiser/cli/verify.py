"""`optimiser verify`: re-check a results folder against its manifest and its model."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from optimiser.analysis.verify import EXIT_VERIFY_FAILED, VerifyError, verify_folder
from optimiser.cli.common import print_error


def run(arguments: argparse.Namespace, console: Console) -> int:
    folder = Path(arguments.folder)
    try:
        report = verify_folder(folder)
    except VerifyError as error:
        print_error(f"verify failed: {error}")
        return EXIT_VERIFY_FAILED
    console.print(f"{folder}: verified", markup=False, highlight=False)
    for line in report:
        console.print(f"  {line}", markup=False, highlight=False, soft_wrap=True)
    return 0
