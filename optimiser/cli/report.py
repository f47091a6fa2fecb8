"""`optimiser report`: a results folder (solve, compare or sweep) as one self-contained HTML page."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from optimiser.analysis.verify import EXIT_VERIFY_FAILED
from optimiser.cli.common import print_error, writing
from optimiser.io.atomic import write_text
from optimiser.report.html import ReportError, render_report


@writing
def run(arguments: argparse.Namespace, console: Console) -> int:
    folder = Path(arguments.folder)
    try:
        page = render_report(folder)
    except ReportError as error:
        print_error(f"report refused: {error}")
        return EXIT_VERIFY_FAILED
    written = write_text(arguments.output, page)
    console.print(
        f"{written}: report of {folder} ({len(page.encode()) // 1024} KiB)", markup=False, highlight=False
    )
    return 0
