"""`solve --xlsx` and `compare --xlsx`: the result tables as one workbook, opened with openpyxl.

Every display table is a sheet with its header frozen and filtered and a number format on every
numeric column (by the unit its header carries); every cell equals the CSV's field read as the
nearest double (or the text, or empty); the front sheet's headline equals summary.json's and its
options the manifest's. A `--xlsx` that cannot be honoured is one line and exit status 2, before
any work is done.
"""

from __future__ import annotations

import csv
import json
import math
import resource
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from optimiser.cli import main
from optimiser.io.spreadsheet import ExactNumber, workbook_bytes, write_table_sheet
from optimiser.report.workbook import NotResultsFolderError, write_results_workbook

from .conftest import DERBYSHIRE, TINY

SOLVE_TABLES = {
    "decisions",
    "beds",
    "finance",
    "workforce",
    "capital",
    "constraints",
    "comparison",
    "optimal_mix",
}
COMPARE_TABLES = SOLVE_TABLES | {
    "mix_comparison",
    "mixes",
    "value_of_optimising",
    "plan_violations",
    "repaired_mix",
}
#: The number format each unit's columns carry.
UNIT_FORMATS = {"gbpm": '£#,##0.00"m"', "beds": "#,##0.0", "wte": "#,##0.0", "share": "0.0%"}
#: The Derbyshire STP's total bed target for 2020/21 (the README: beds to 1,236).
DERBYSHIRE_BED_TARGET = 1236.0


def _number(field: str) -> float | None:
    try:
        value = float(field)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _csv(path: Path) -> tuple[list[str], list[list[Any]], set[str]]:
    """A CSV's header, its rows (numeric columns as floats, empty fields as None) and the names of
    its numeric columns (every non-empty field a finite number)."""
    with open(path, newline="", encoding="utf-8") as stream:
        header, *rows = list(csv.reader(stream))
    numeric = {
        name
        for position, name in enumerate(header)
        if any(row[position] for row in rows)
        and all(_number(row[position]) is not None for row in rows if row[position])
    }
    cells = [
        [
            None if field == "" else float(field) if name in numeric else field
            for name, field in zip(header, row, strict=True)
        ]
        for row in rows
    ]
    return header, cells, numeric


def _unit(header: str) -> str | None:
    words = header.split("_")
    return next((unit for unit in ("gbpm", "beds", "wte", "share") if unit in words), None)


def _check_tables(book: Any, folder: Path, tables: set[str]) -> None:
    assert book.sheetnames[0] == "Summary"
    assert set(book.sheetnames[1:]) == tables
    for name in tables:
        sheet = book[name]
        header, rows, numeric = _csv(folder / f"{name}.csv")
        cells = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert cells[0] == header, name
        assert cells[1:] == rows, name
        assert sheet.freeze_panes == "A2", name
        assert sheet.auto_filter.ref.startswith("A1:"), name
        widths = _widths(sheet)
        for position, column in enumerate(header, start=1):
            assert widths[position] >= len(column), (name, column)
            if column not in numeric or not rows:
                continue
            formats = {
                sheet.cell(row, position).number_format
                for row in range(2, len(rows) + 2)
                if sheet.cell(row, position).value is not None
            }
            unit = _unit(column)
            expected = {UNIT_FORMATS[unit]} if unit else formats - {"General"}
            assert formats == expected and "General" not in formats, (name, column, formats)


def _widths(sheet: Any) -> dict[int, float]:
    """Each column's set width (a writer may give neighbouring columns of one width one entry)."""
    return {
        position: dimension.width
        for dimension in sheet.column_dimensions.values()
        for position in range(dimension.min, dimension.max + 1)
    }


def _headline(book: Any) -> dict[str, Any]:
    return {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}


def _check_summary(book: Any, folder: Path) -> dict[str, Any]:
    summary = json.loads((folder / "summary.json").read_text())
    manifest = json.loads((folder / "manifest.json").read_text())
    headline = _headline(book)
    assert book["Summary"].freeze_panes == "A2"
    assert headline["objective"] == summary["objective"]["name"]
    assert headline["objective basis"] == summary["objective"]["basis"]
    assert headline["optimum's value"] == summary["objective"]["value"]
    assert headline["plan"] == summary["plan"]["name"]
    assert headline["plan's value under the same objective"] == summary["plan"]["objective_value"]
    assert headline["limits the plan breaks"] == summary["plan"]["limits_broken"]
    assert headline["net saving in the target year"] == summary["net_saving"]
    assert headline["gap in the target year"] == summary["gap"]
    assert headline["net saving less the gap"] == summary["net_saving"] - summary["gap"]
    assert headline["beds open in the target year (all settings)"] == summary["beds"]["total"]["result"]
    assert headline["bed target in the target year (all settings)"] == summary["bed_target"]
    assert headline["command"] == manifest["command"]
    assert headline["backend"] == manifest["options"]["backend"]
    assert headline["mip gap"] == manifest["options"]["mip_gap"]
    assert headline["instance sha256"] == manifest["instance"]["sha256"]
    # The front sheet lists every other sheet, each name a link to it.
    links = {cell.value: cell.hyperlink.location for cell in book["Summary"]["A"] if cell.hyperlink}
    assert links == {name: f"'{name}'!A1" for name in book.sheetnames[1:]}
    return summary


@pytest.mark.parametrize(
    ("command", "instance", "tables"),
    [
        ("solve", TINY, SOLVE_TABLES),
        ("compare", TINY, COMPARE_TABLES),
        ("solve", DERBYSHIRE, SOLVE_TABLES),
        ("compare", DERBYSHIRE, COMPARE_TABLES),
    ],
)
def test_workbook_holds_every_table_exactly(
    command: str, instance: Path, tables: set[str], tmp_path: Path
) -> None:
    folder, book_path = tmp_path / "results", tmp_path / "book.xlsx"
    assert main([command, str(instance), "--out", str(folder), "--xlsx", str(book_path)]) == 0
    book = openpyxl.load_workbook(book_path)
    _check_tables(book, folder, tables)
    summary = _check_summary(book, folder)
    if instance == DERBYSHIRE:
        assert summary["bed_target"] == DERBYSHIRE_BED_TARGET
    else:
        # tiny sets a target for acute beds only, none for all settings.
        assert summary["bed_target"] is None
    # The workbook is not one of the run's files: the folder's manifest does not list it.
    assert "book.xlsx" not in json.loads((folder / "manifest.json").read_text())["files"]
    # Made again from the same folder, it is the same bytes (dated by the run's end, not now).
    again = write_results_workbook(folder, tmp_path / "again.xlsx")
    assert again.read_bytes() == book_path.read_bytes()


def test_numbers_keep_every_bit(tmp_path: Path) -> None:
    """Doubles that need 17 significant digits read back as the same doubles (xlsxwriter alone
    writes 16), and whole numbers as whole numbers."""
    import pandas as pd

    values = [0.1 + 0.2, 1 / 3, 2.0**-1074, 1e300 * 1.7976931348623157, -123456.78901234567, 3.0]
    frame = pd.DataFrame({"amount_gbpm": values})
    path = tmp_path / "exact.xlsx"
    path.write_bytes(workbook_bytes(lambda book: write_table_sheet(book, "exact", frame)))
    read = [row[0] for row in openpyxl.load_workbook(path)["exact"].iter_rows(min_row=2, values_only=True)]
    assert read == values
    assert format(ExactNumber(0.1 + 0.2), ".16G") == "0.30000000000000004"


@pytest.mark.parametrize(
    ("target", "says"),
    [
        ("results/book.xlsx", "inside the results folder"),
        ("/proc/book.xlsx", "cannot be written"),
        ("afile/book.xlsx", "is not a folder"),
        ("missing/book.xlsx", "does not exist"),
        ("book.csv", "ends in .xlsx"),
        ("-", "standard output"),
    ],
)
def test_a_bad_workbook_path_is_one_line_before_any_work(
    target: str,
    says: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("not a folder\n")
    status = main(["solve", str(TINY), "--out", "results", "--xlsx", target])
    error = capsys.readouterr().err
    assert status == 2
    assert error.count("\n") == 1 and says in error and error.startswith("error: --xlsx")
    assert not (tmp_path / "results").exists()


def test_a_run_without_a_solution_writes_no_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """tiny cannot close a £100m gap (its schemes save at most a few £m): infeasible, exit 3, its
    diagnosis in the folder and no workbook, which says so."""
    book = tmp_path / "book.xlsx"
    status = main(
        [
            "solve",
            str(TINY),
            "--set",
            "gap[2020/21].amount_gbpm=100",
            "--out",
            str(tmp_path / "results"),
            "--xlsx",
            str(book),
        ]
    )
    assert status == 3
    assert (tmp_path / "results" / "diagnosis.txt").is_file()
    assert not book.exists()
    assert f"No workbook written ({book})" in capsys.readouterr().out


#: Larger than every file of tiny's results folder (its manifest, about 3.5 kB, is the largest),
#: smaller than its workbook (over 10 kB).
FILE_SIZE_LIMIT = 6000


def test_a_workbook_without_room_leaves_the_results_whole(tmp_path: Path) -> None:
    """A real fault: `RLIMIT_FSIZE` makes the workbook's write fail with EFBIG, as a full disk fails.
    One line, exit 6, the results folder whole (verify passes) and no workbook or partial left."""

    def at_most() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, resource.RLIM_INFINITY))

    result = subprocess.run(
        [sys.executable, "-m", "optimiser.cli", "solve", str(TINY), "--out", "out", "--xlsx", "book.xlsx"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        preexec_fn=at_most,
    )
    assert result.returncode == 6, result.stdout + result.stderr
    assert result.stderr.splitlines() == [
        "error: cannot write book.xlsx: file too large; "
        "the results in out are whole, the workbook is not written"
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out"]
    assert main(["verify", str(tmp_path / "out")]) == 0


def test_report_writes_the_same_workbook_as_solve(tmp_path: Path) -> None:
    folder = tmp_path / "results"
    assert main(["solve", str(TINY), "--out", str(folder), "--xlsx", str(tmp_path / "solve.xlsx")]) == 0
    page, book = tmp_path / "report.html", tmp_path / "report.xlsx"
    assert main(["report", str(folder), "-o", str(page), "--xlsx", str(book)]) == 0
    assert page.is_file()
    # Both are made from the same committed folder, dated by the run's end: the same bytes.
    assert book.read_bytes() == (tmp_path / "solve.xlsx").read_bytes()


def test_report_refuses_a_workbook_of_a_folder_without_a_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "sweep"
    folder.mkdir()
    (folder / "sweep.json").write_text("{}")
    code = main(
        ["report", str(folder), "-o", str(tmp_path / "page.html"), "--xlsx", str(tmp_path / "b.xlsx")]
    )
    assert code == 2
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0 and "has no manifest.json" in error
    assert not (tmp_path / "b.xlsx").exists() and not (tmp_path / "page.html").exists()


def test_documents_the_tool_did_not_write_are_refused_in_one_line(tmp_path: Path) -> None:
    """The manifest and summary.json are read through their models, as `verify` reads them: a
    summary whose status no run ends with, or a manifest of another layout, is one line naming it."""
    folder = tmp_path / "results"
    assert main(["solve", str(TINY), "--out", str(folder)]) == 0
    summary = folder / "summary.json"
    document = json.loads(summary.read_text())
    summary.write_text(json.dumps({**document, "status": "nearly optimal"}))
    with pytest.raises(NotResultsFolderError) as refused:
        write_results_workbook(folder, tmp_path / "book.xlsx")
    assert str(refused.value).startswith(f"{summary}: not a summary this tool wrote")
    assert "\n" not in str(refused.value)
    manifest = folder / "manifest.json"
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "format": 0}))
    with pytest.raises(NotResultsFolderError, match="not a manifest of format 1"):
        write_results_workbook(folder, tmp_path / "book.xlsx")
    assert not (tmp_path / "book.xlsx").exists()


def test_a_configured_instance_s_workbook_holds_its_configuration_and_prices(tmp_path: Path) -> None:
    folder, book_path = tmp_path / "results", tmp_path / "book.xlsx"
    burton = TINY.parent / "burton-derby-2017"
    arguments = [
        "compare",
        str(burton),
        "--out",
        str(folder),
        "--xlsx",
        str(book_path),
        "--price-constraints",
    ]
    assert main(arguments) == 0
    extra = {"configuration", "sharing", "constraint_prices", "constraint_price_changes"}
    _check_tables(openpyxl.load_workbook(book_path), folder, COMPARE_TABLES | extra)
