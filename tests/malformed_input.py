"""Malformed instances for issue 10's input failures, in the same form as `malformed.py`'s registry.

Each case copies tiny, breaks one thing and says where the loader must report it; the cases here are
the failures found by attacking the loader (absurd magnitudes, rates and years, long ids, encodings,
Excel's ways of writing numbers, broken workbooks) and are checked in process by
`test_input_regressions.py`.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl

from .malformed import (
    BOOK,
    SOURCE,
    TOML,
    Case,
    Mutation,
    append_row,
    as_workbook,
    chain,
    drop_row,
    replace_text,
    set_cell,
)

LONG_ID = "community_" * 13  # 130 characters, as the id that once made CBC return nothing
CAPITAL = "[parameters.capital_charge_rate]"


def write_bytes(file: str, transform: object) -> Mutation:
    """Rewrite a file's bytes through `transform`."""

    def mutate(folder: Path) -> Path:
        path = folder / file
        assert callable(transform)
        path.write_bytes(transform(path.read_bytes()))
        return folder

    return mutate


def edit_book(edit: object, name: str = BOOK) -> Mutation:
    """Convert to a workbook, then change it with openpyxl."""

    def mutate(folder: Path) -> Path:
        book = as_workbook(folder)
        workbook = openpyxl.load_workbook(book)
        assert callable(edit)
        edit(workbook)
        workbook.save(book)
        return book

    return mutate


def rezip(change: object) -> Mutation:
    """Convert to a workbook, then rewrite its zip members through `change(name, data)` (None drops one)."""

    def mutate(folder: Path) -> Path:
        book = as_workbook(folder)
        original = book.with_suffix(".orig")
        book.rename(original)
        assert callable(change)
        with zipfile.ZipFile(original) as source, zipfile.ZipFile(book, "w") as target:
            for info in source.infolist():
                data = change(info.filename, source.read(info.filename))
                if data is not None:
                    target.writestr(info, data)
        return book

    return mutate


def _plain_zip(folder: Path) -> Path:
    book = folder.parent / BOOK
    with zipfile.ZipFile(book, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    return book


def _sheet_member(book: Path, sheet: str) -> str:
    """The zip member holding the sheet called `sheet` (read from the workbook's own index)."""
    with zipfile.ZipFile(book) as archive:
        index = archive.read("xl/workbook.xml").decode()
        links = archive.read("xl/_rels/workbook.xml.rels").decode()
    relation = re.search(rf'<sheet[^>]*name="{sheet}"[^>]*r:id="([^"]+)"', index)
    assert relation is not None, sheet
    target = re.search(rf'<Relationship[^>]*Id="{relation.group(1)}"[^>]*Target="([^"]+)"', links)
    if target is None:
        target = re.search(rf'<Relationship[^>]*Target="([^"]+)"[^>]*Id="{relation.group(1)}"', links)
    assert target is not None, sheet
    return "xl/" + target.group(1).removeprefix("/xl/")


def _half_of_sheet(folder: Path) -> Path:
    """tiny's workbook with the `settings` sheet's XML cut in half: a truncated sheet."""
    book = as_workbook(folder)
    member = _sheet_member(book, "settings")
    return rezip(lambda name, data: data[: len(data) // 2] if name == member else data)(folder)


def _set(sheet: str, cell: str, value: object) -> object:
    def edit(workbook: openpyxl.Workbook) -> None:
        workbook[sheet][cell] = value

    return edit


def _rename(sheet: str, title: str) -> object:
    def edit(workbook: openpyxl.Workbook) -> None:
        workbook[sheet].title = title

    return edit


def _duplicate_rows(data: bytes) -> bytes:
    header, first = data.split(b"\n")[:2]
    return header + b"\n" + (first + b"\n") * 1_000_000


# fmt: off
INPUT_CASES: tuple[Case, ...] = (
    # Plausible values (issue 10, item 5).
    Case("demand_bed_days_1e308", "demand.csv", 2, "baseline_bed_days", "1e+308 is beyond ±1e+12",
         set_cell("demand", 2, "baseline_bed_days", "1e308")),
    Case("effects_value_negative_huge", "effects.csv", 3, "value", "-1e+13 is beyond ±1e+12",
         set_cell("effects", 3, "value", "-1e13")),
    Case("toml_capital_charge_rate_negative", TOML, CAPITAL, "value", "greater than or equal to 0",
         replace_text(TOML, "value = 0.0\n", "value = -1.0\n")),
    Case("toml_capital_charge_rate_percentage", TOML, CAPITAL, "value", "less than 1",
         replace_text(TOML, "value = 0.0\n", "value = 3.5\n")),
    Case("toml_gap_1e308", TOML, "[[gap]] entry 1", "amount_gbpm", "1e+308 is beyond ±1e+12",
         replace_text(TOML, "amount_gbpm = 1.0", "amount_gbpm = 1e308")),
    Case("toml_baseline_year_2019_99", TOML, None, "baseline_year", "is not a financial year, got '2019/99'",
         replace_text(TOML, 'baseline_year = "2019/20"', 'baseline_year = "2019/99"')),
    Case("toml_baseline_year_0999", TOML, None, "baseline_year", "is not a year from 1948/49",
         replace_text(TOML, 'baseline_year = "2019/20"', 'baseline_year = "0999/00"')),
    Case("growth_year_2020_99", "growth.csv", 2, "year", "is not a financial year, got '2020/99'",
         set_cell("growth", 2, "year", "2020/99")),
    Case("places_id_of_130_characters", "places.csv", 2, "place",
         "130 characters long; an id may have at most 40",
         set_cell("places", 2, "place", LONG_ID)),
    Case("sites_id_with_bracket", "sites.csv", 2, "site", "'hospital[1]' is not an id",
         set_cell("sites", 2, "site", "hospital[1]")),
    Case("sites_id_with_comma", "sites.csv", 2, "site", "'a,b' is not an id",
         set_cell("sites", 2, "site", "a,b")),
    Case("places_id_with_quote", "places.csv", 2, "place", "'no\"rth' is not an id",
         set_cell("places", 2, "place", 'no"rth')),
    # Every intervention can act.
    Case("interventions_without_eligibility", "interventions.csv", 3, "intervention",
         "'back_office' has no eligibility row",
         chain(drop_row("eligibility", 4), drop_row("planned_mix", 4))),
    Case("interventions_without_effects", "interventions.csv", 4, "intervention", "'idle' has no effects",
         append_row("interventions", "idle", "Idle", "other", "system", "£m", "1", "", SOURCE)),
    # Excel's ways of writing numbers and files.
    Case("places_thousands_separator", "places.csv", 2, "population", "a thousands separator: write 50000",
         set_cell("places", 2, "population", "50,000")),
    Case("settings_percentage", "settings.csv", 2, "occupancy", "a percentage: write 0.92 for 92%",
         set_cell("settings", 2, "occupancy", "92%")),
    Case("settings_decimal_comma", "settings.csv", 2, "occupancy", "a decimal comma: write 0.92",
         set_cell("settings", 2, "occupancy", "0,92")),
    Case("places_windows_1252", "places.csv", 2, None, "not UTF-8 text (byte 0xf6; Windows-1252",
         write_bytes("places.csv", lambda data: data.replace(b"North", "Nörth".encode("cp1252")))),
    Case("places_utf16", "places.csv", None, None, "UTF-16 text (Excel's 'Unicode Text'), not UTF-8",
         write_bytes("places.csv", lambda data: data.decode().encode("utf-16"))),
    Case("places_semicolons", "places.csv", 1, None, "fields are separated by semicolons, not commas",
         write_bytes("places.csv", lambda data: data.replace(b",", b";"))),
    Case("places_tabs", "places.csv", 1, None, "fields are separated by tabs",
         write_bytes("places.csv", lambda data: data.replace(b",", b"\t"))),
    Case("places_million_duplicate_rows", "places.csv", 3, "place",
         "duplicate key (place) repeats an earlier row",
         write_bytes("places.csv", _duplicate_rows)),
    Case("places_unclosed_quote_in_header", "places.csv", 1, None, "opens a field that is never closed",
         write_bytes("places.csv", lambda data: data[:1] + b'"' + data[1:])),
    # Workbook defects.
    Case("workbook_plain_zip", BOOK, None, None, "not a readable workbook: KeyError", _plain_zip),
    Case("workbook_truncated_sheet", f"{BOOK}[settings]", None, None, "not a readable sheet: ParseError",
         _half_of_sheet),
    Case("workbook_stray_cell_at_zz100000", f"{BOOK}[places]", 100000, "column ZZ (no header)",
         "a value beyond the header's last column (D): 'x'", edit_book(_set("places", "ZZ100000", "x"))),
    Case("workbook_formula", f"{BOOK}[places]", 2, "column C", "a formula (=1+2)",
         edit_book(_set("places", "C2", "=1+2"))),
    Case("workbook_sheet_renamed", f"{BOOK}[places]", None, None, "missing sheet",
         edit_book(_rename("places", "communities"))),
)
# fmt: on
