"""Folder → workbook → folder gives back identical tables, and the rewritten files byte for byte.

Every bundled instance is shipped in canonical form (the form `write_folder` writes), so the round
trip must reproduce the shipped files exactly.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from optimiser.instance.container import Instance
from optimiser.instance.load import CONFIG_FILE, load_instance
from optimiser.instance.schema import TABLES
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
