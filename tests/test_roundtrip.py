"""Folder → workbook → folder gives back identical tables, and the rewritten files byte for byte.

Every bundled instance is shipped in canonical form (the form `write_folder` writes), so the round
trip must reproduce the shipped files exactly.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from optimiser.instance.container import Instance
from optimiser.instance.load import CONFIG_FILE, load_instance
from optimiser.instance.schema import TABLES
from optimiser.instance.units import UNITS_SHEET
from optimiser.instance.write import write_folder, write_workbook

INSTANCES = Path(__file__).resolve().parents[1] / "instances"
TINY = INSTANCES / "tiny"
FOLDERS = sorted(config.parent for config in INSTANCES.glob(f"*/{CONFIG_FILE}"))


def assert_same_instance(expected: Instance, actual: Instance) -> None:
    """Equal config and exactly equal tables."""
    assert actual.config == expected.config
    for spec in TABLES:
        pd.testing.assert_frame_equal(
            actual.table(spec.name), expected.table(spec.name), check_exact=True, obj=spec.name
        )


def files_of(folder: Path) -> dict[str, bytes]:
    """The files `write_folder` writes (a shipped folder also holds a README and other notes)."""
    # An optional table an instance leaves empty has no file (`TableSpec.optional`).
    names = [CONFIG_FILE, *(spec.file_name for spec in TABLES if (folder / spec.file_name).exists())]
    return {name: (folder / name).read_bytes() for name in names}


def test_every_bundled_instance_is_covered() -> None:
    assert {folder.name for folder in FOLDERS} >= {"tiny", "derbyshire-stp-2016"}


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.name)
def test_folder_to_workbook_to_folder_keeps_every_table(folder: Path, tmp_path: Path) -> None:
    original = load_instance(folder)
    book = write_workbook(original, tmp_path / f"{folder.name}.xlsx")
    from_book = load_instance(book)
    assert_same_instance(original, from_book)
    back = write_folder(from_book, tmp_path / "back")
    assert_same_instance(original, load_instance(back))


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.name)
def test_round_trip_reproduces_the_shipped_files(folder: Path, tmp_path: Path) -> None:
    book = write_workbook(load_instance(folder), tmp_path / f"{folder.name}.xlsx")
    back = write_folder(load_instance(book), tmp_path / "back")
    shipped, rewritten = files_of(folder), files_of(back)
    assert [name for name in shipped if shipped[name] != rewritten[name]] == []


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.name)
def test_canonical_form_is_a_fixed_point(folder: Path, tmp_path: Path) -> None:
    once = write_folder(load_instance(folder), tmp_path / "once")
    twice = write_folder(load_instance(once), tmp_path / "twice")
    assert files_of(once) == files_of(twice) == files_of(folder)


def test_round_trip_through_the_cli(tmp_path: Path) -> None:
    book = tmp_path / "tiny.xlsx"
    back = tmp_path / "back"
    for source, target in ((TINY, book), (book, back)):
        result = subprocess.run(
            [sys.executable, "-m", "optimiser.cli", "convert", str(source), str(target)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            cwd=tmp_path,
        )
        assert result.returncode == 0, result.stderr
    assert files_of(back) == files_of(TINY)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.name)
def test_the_discount_rate_travels_on_the_parameters_sheet(folder: Path, tmp_path: Path) -> None:
    original = load_instance(folder)
    book = write_workbook(original, tmp_path / f"{folder.name}.xlsx")
    sheet = pd.read_excel(book, sheet_name="parameters")
    row = sheet[sheet["name"] == "discount_rate"]
    assert row["value"].tolist() == [original.config.parameters.discount_rate.value]
    assert row["source"].tolist() == [original.config.parameters.discount_rate.source]
    assert load_instance(book).config.parameters.discount_rate == original.config.parameters.discount_rate


def test_round_trip_keeps_the_decision_column(tmp_path: Path) -> None:
    """A plan that states closures and hires keeps its `decision` column through a workbook."""
    folder = shutil.copytree(TINY, tmp_path / "tiny")
    plan = folder / "planned_mix.csv"
    lines = plan.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0].split(",", 1), [line.split(",", 1) for line in lines[1:]]
    source = "assumption: tiny teaching instance chosen for round hand arithmetic"
    stated = [
        f"stated,closed,acute,hospital,2020/21,5,{source}",
        f"stated,hired,nursing,south,2020/21,0.25,{source}",
        f"stated,,step_up,south,2020/21,100,{source}",
    ]
    text = [",".join([header[0], "decision", header[1]])]
    text += [",".join([first, "", rest]) for first, rest in rows] + stated
    plan.write_text("\n".join(text) + "\n", encoding="utf-8")
    original = load_instance(folder)
    assert original.planned_mix["decision"].tolist()[-3:] == ["closed", "hired", "scale"]
    book = write_workbook(original, tmp_path / "tiny.xlsx")
    assert_same_instance(original, load_instance(book))
    back = write_folder(load_instance(book), tmp_path / "back")
    assert_same_instance(original, load_instance(back))
    assert (back / "planned_mix.csv").read_text(encoding="utf-8").splitlines()[0] == (
        "plan,decision,intervention,location,year,scale,source"
    )


def test_family_switches_travel_on_the_families_sheet(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(TINY, tmp_path / "switched"))
    with (folder / CONFIG_FILE).open("a", encoding="utf-8") as config:
        config.write("\n[families]\ncapital = false\ngap = true\n")
    original = load_instance(folder)
    assert original.config.families == {"capital": False, "gap": True}
    book = write_workbook(original, tmp_path / "switched.xlsx")
    sheet = pd.read_excel(book, sheet_name="families")
    assert sheet.to_dict(orient="list") == {"family": ["capital", "gap"], "on": [False, True]}
    assert load_instance(book).config.families == original.config.families
    back = write_folder(load_instance(book), tmp_path / "back")
    assert load_instance(back).config.families == original.config.families


#: The number format of a field whose unit is known: money in £m and £, beds, WTE and shares.
KNOWN_FORMATS = {
    ("gap", "amount_gbpm"): '£#,##0.00"m"',
    ("capital", "budget_gbpm"): '£#,##0.00"m"',
    ("bed_targets", "beds"): "#,##0.0",
    ("site_beds", "baseline_beds"): "#,##0.0",
    ("site_beds", "variable_cost_gbp_per_bed_day"): "£#,##0.00",
    ("site_beds", "fixed_cost_gbp_per_bed_year"): "£#,##0.00",
    ("catchment", "share"): "0.0%",
    ("settings", "occupancy"): "0.0%",
    ("workforce", "available_wte"): "#,##0.0",
}


def _widths(sheet: Any) -> dict[int, float]:
    """Each column's set width (neighbouring columns of one width may share an entry)."""
    return {
        position: dimension.width
        for dimension in sheet.column_dimensions.values()
        for position in range(dimension.min, dimension.max + 1)
    }


@pytest.fixture(scope="module")
def derbyshire_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = INSTANCES / "derbyshire-stp-2016"
    return write_workbook(load_instance(folder), tmp_path_factory.mktemp("book") / "derbyshire.xlsx")


def test_every_sheet_has_a_frozen_filtered_header_and_fitted_widths(derbyshire_book: Path) -> None:
    book = openpyxl.load_workbook(derbyshire_book)
    assert book.sheetnames[-1] == UNITS_SHEET
    for sheet in book.worksheets:
        header = [cell.value for cell in sheet[1]]
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref.startswith("A1:"), sheet.title
        widths = _widths(sheet)
        assert all(widths[position] >= len(str(name)) for position, name in enumerate(header, start=1))


def test_fields_of_known_unit_carry_its_number_format(derbyshire_book: Path) -> None:
    book = openpyxl.load_workbook(derbyshire_book)
    for (name, field), expected in KNOWN_FORMATS.items():
        sheet = book[name]
        position = [cell.value for cell in sheet[1]].index(field) + 1
        formats = {row[position - 1].number_format for row in sheet.iter_rows(min_row=2) if row[0].value}
        assert formats == {expected}, (name, field)


def test_the_units_sheet_lists_every_field_with_the_schemas_words(derbyshire_book: Path) -> None:
    book = openpyxl.load_workbook(derbyshire_book)
    rows = list(book[UNITS_SHEET].iter_rows(min_row=2, values_only=True))
    listed = {(sheet, field) for sheet, field, _, _ in rows if field is not None}
    for sheet in book.worksheets[:-1]:
        assert {(sheet.title, cell.value) for cell in sheet[1]} <= listed, sheet.title
    by_field = {(sheet, field): (unit, description) for sheet, field, unit, description in rows}
    # Derbyshire leaves the optional service-configuration tables empty, so they are not written.
    for spec in (spec for spec in TABLES if not spec.optional):
        assert (spec.name, None) in by_field and by_field[(spec.name, None)][1] == spec.description
        for field in spec.fields:
            if (spec.name, field.name) in by_field and field.name not in ("source", "year"):
                assert by_field[(spec.name, field.name)][1] == field.description
    assert by_field[("gap", "amount_gbpm")][0] == "£m"
    assert by_field[("site_beds", "fixed_cost_gbp_per_bed_year")][0] == "£ per bed-year"
    assert by_field[("workforce", "available_wte")][0] == "WTE"
    assert "provenance" in by_field[("places", "source")][1]


def test_the_units_sheet_is_ignored_on_reading(derbyshire_book: Path, tmp_path: Path) -> None:
    """Reading the workbook back gives the instance whether the units sheet is there, removed, or
    holds what an instance sheet may not (a formula)."""
    original = load_instance(INSTANCES / "derbyshire-stp-2016")
    book = openpyxl.load_workbook(derbyshire_book)
    book[UNITS_SHEET]["E1"] = "=1+1"
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    del book[UNITS_SHEET]
    removed = tmp_path / "removed.xlsx"
    book.save(removed)
    for path in (derbyshire_book, edited, removed):
        assert_same_instance(original, load_instance(path))
