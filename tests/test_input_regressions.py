"""Issue 10's input failures, each refused with its file, row and field, or read as meant."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest

from optimiser.instance.errors import PROBLEM_LIMIT, InstanceError
from optimiser.instance.load import load_instance
from optimiser.instance.write import write_folder, write_workbook

from .malformed import Case, copy_valid, set_cell
from .malformed_input import INPUT_CASES
from .test_malformed_instances import expected_location


def test_the_input_cases_are_distinct() -> None:
    names = [case.name for case in INPUT_CASES]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("case", INPUT_CASES, ids=lambda case: case.name)
def test_each_input_failure_is_refused_at_its_file_row_and_field(case: Case, tmp_path: Path) -> None:
    with pytest.raises(InstanceError) as caught:
        load_instance(case.build(tmp_path))
    error = caught.value
    text = str(error)
    assert (Path(error.file).name, error.row, error.field) == (case.file, case.row, case.field), text
    assert case.message in error.message, text
    assert text.splitlines()[0].startswith(str(Path(error.file).parent)), text
    assert expected_location(case) in text.splitlines()[0], text


def test_a_million_duplicate_rows_list_twenty_and_count_the_rest(tmp_path: Path) -> None:
    case = next(case for case in INPUT_CASES if case.name == "places_million_duplicate_rows")
    with pytest.raises(InstanceError) as caught:
        load_instance(case.build(tmp_path))
    lines = str(caught.value).splitlines()
    assert len(lines) == PROBLEM_LIMIT + 1
    assert lines[-1] == f"… and {1_000_000 - 1 - PROBLEM_LIMIT:,} more problems (the first 20 are listed)"


def test_problems_in_several_tables_are_reported_in_one_pass(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    set_cell("places", 3, "population", "NaN")(folder)
    set_cell("settings", 2, "occupancy", "1.2")(folder)
    set_cell("demand", 2, "baseline_bed_days", "inf")(folder)
    with pytest.raises(InstanceError) as caught:
        load_instance(folder)
    lines = str(caught.value).splitlines()
    assert [line.split(str(folder) + "/")[1] for line in lines] == [
        "places.csv, row 3, field population: not a number, got 'NaN'",
        "settings.csv, row 2, field occupancy: 1.2 must be at most 1",
        "demand.csv, row 2, field baseline_bed_days: must be finite, got 'inf'",
    ]


def _same_tables(first: Path, second: Path) -> list[str]:
    """Names of the CSV tables whose bytes differ between two instance folders."""
    return [
        path.name for path in first.glob("*.csv") if not filecmp.cmp(path, second / path.name, shallow=False)
    ]


def test_cr_only_line_endings_read_as_the_same_instance(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    for path in folder.glob("*.csv"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    written = write_folder(load_instance(folder), tmp_path / "written")
    assert _same_tables(copy_valid(tmp_path / "original"), written) == []


def test_a_byte_order_mark_and_crlf_are_accepted(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    for path in folder.glob("*.csv"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    written = write_folder(load_instance(folder), tmp_path / "written")
    assert _same_tables(copy_valid(tmp_path / "original"), written) == []


@pytest.mark.parametrize("text", ["NA", "null", "None", "N/A", "nan"])
def test_na_like_text_survives_the_workbook_round_trip(text: str, tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    set_cell("places", 2, "name", text)(folder)
    set_cell("interventions", 3, "bridge", text)(folder)
    book = write_workbook(load_instance(folder), tmp_path / "tiny.xlsx")
    back = load_instance(book)
    assert back.places.set_index("place").loc["north", "name"] == text
    assert back.interventions.set_index("intervention").loc["back_office", "bridge"] == text
    written = write_folder(back, tmp_path / "back")
    assert _same_tables(folder, written) == []


def test_a_sheet_header_with_a_trailing_space_is_read_as_the_header(tmp_path: Path) -> None:
    import openpyxl

    book = write_workbook(load_instance(copy_valid(tmp_path)), tmp_path / "tiny.xlsx")
    workbook = openpyxl.load_workbook(book)
    workbook["places"]["A1"] = "place "
    workbook["gap"]["B1"] = " amount_gbpm "
    workbook.save(book)
    assert list(load_instance(book).places["place"]) == ["north", "south"]


def test_a_stray_cell_far_inside_the_header_columns_is_refused(tmp_path: Path) -> None:
    """A value at B100000 makes every row between it and the table blank rows: reported, twenty listed.
    (By hand: 0.6 s on the shared two-core machine; the same cell at ZZ100000 takes 0.25 s.)"""
    import openpyxl

    book = write_workbook(load_instance(copy_valid(tmp_path)), tmp_path / "tiny.xlsx")
    workbook = openpyxl.load_workbook(book)
    workbook["places"]["B100000"] = "x"
    workbook.save(book)
    with pytest.raises(InstanceError) as caught:
        load_instance(book)
    assert caught.value.row == 4 and caught.value.message == "missing value (a blank row)"
    assert "more problems" in str(caught.value).splitlines()[-1]


def test_a_bundled_copy_still_loads_after_all_this(tmp_path: Path) -> None:
    # The checks refuse what is wrong, not what is unusual: both bundled instances load unchanged.
    root = Path(__file__).resolve().parents[1] / "instances"
    for name in ("tiny", "derbyshire-stp-2016"):
        target = shutil.copytree(root / name, tmp_path / name)
        assert load_instance(target).name
