"""`optimiser report`: a results folder (solve, compare or sweep) as one self-contained HTML page."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from optimiser.analysis.verify import EXIT_VERIFY_FAILED
from optimiser.cli import UsageError
from optimiser.cli.common import print_error, workbook_target, writing
from optimiser.cli.solve import say_workbook, write_workbook
from optimiser.io.atomic import write_text
from optimiser.report.html import ReportError, render_report


@writing
def run(arguments: argparse.Namespace, console: Console) -> int:
    folder = Path(arguments.folder)
    workbook = workbook_target(arguments.xlsx, arguments.folder)
    if workbook is not None and not (folder / "manifest.json").is_file():
        raise UsageError(
            f"--xlsx {arguments.xlsx}: {folder} has no manifest.json; workbooks are made from the "
            "folders solve and compare write, not from sweeps"
        )
    try:
        page = render_report(folder)
    except ReportError as error:
        print_error(f"report refused: {error}")
        return EXIT_VERIFY_FAILED
    written = write_text(arguments.output, page)
    console.print(
        f"{written}: report of {folder} ({len(page.encode()) // 1024} KiB)", markup=False, highlight=False
    )
    status = write_workbook(str(folder), workbook, lambda _: None)
    say_workbook(workbook, console, status)
    return status
