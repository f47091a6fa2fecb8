"""Malformed instances for the validation tests, each made from the valid tiny instance by one edit.

Every case copies `instances/tiny`, breaks exactly one thing in the copy, and says where the loader
must report it:

* `file`: the name of the file the error is in (`catchment.csv`, `instance.toml`), or for a
  workbook the book and sheet (`tiny.xlsx[gap]`);
* `row`: the spreadsheet row (the header is row 1), an instance.toml location such as
  `[[gap]] entry 1`, or None where no one row is at fault (a missing file or a missing row);
* `field`: the column or key at fault, or None where there is none (a missing file);
* `message`: a piece of the message that says what is wrong.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from optimiser.instance.load import load_instance
from optimiser.instance.write import write_workbook

VALID_INSTANCE = Path(__file__).resolve().parents[1] / "instances" / "tiny"
SOURCE = "assumption: tiny teaching instance chosen for round hand arithmetic"
BOOK = "tiny.xlsx"

Mutation = Callable[[Path], Path]


@dataclass(frozen=True)
class Case:
    """One malformed instance: how to make it and where its error must point."""

    name: str
    file: str
    row: int | str | None
    field: str | None
    message: str
    mutate: Mutation

    def build(self, directory: Path) -> Path:
        """Make the malformed instance under `directory`; return the folder or workbook to load."""
        return self.mutate(copy_valid(directory))


def copy_valid(directory: Path) -> Path:
    """A fresh copy of the valid tiny instance as `directory/tiny`."""
    return Path(shutil.copytree(VALID_INSTANCE, directory / VALID_INSTANCE.name))


def _read_rows(folder: Path, table: str) -> list[list[str]]:
    with (folder / f"{table}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def _write_rows(folder: Path, table: str, rows: list[list[str]]) -> None:
    with (folder / f"{table}.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _edit_rows(table: str, edit: Callable[[list[list[str]]], None]) -> Mutation:
    """A mutation that rewrites one CSV table after `edit` has changed its rows in place."""

    def mutate(folder: Path) -> Path:
        rows = _read_rows(folder, table)
        edit(rows)
        _write_rows(folder, table, rows)
        return folder

    return mutate


def set_cell(table: str, row: int, column: str, value: str) -> Mutation:
    """Set one cell; `row` counts as a spreadsheet does, so the first data row is row 2."""

    def edit(rows: list[list[str]]) -> None:
        rows[row - 1][rows[0].index(column)] = value

    return _edit_rows(table, edit)


def drop_column(table: str, column: str) -> Mutation:
    def edit(rows: list[list[str]]) -> None:
        position = rows[0].index(column)
        for values in rows:
            del values[position]

    return _edit_rows(table, edit)


def add_column(table: str, column: str, value: str) -> Mutation:
    def edit(rows: list[list[str]]) -> None:
        rows[0].append(column)
        for values in rows[1:]:
            values.append(value)

    return _edit_rows(table, edit)


def drop_row(table: str, row: int) -> Mutation:
    def edit(rows: list[list[str]]) -> None:
        del rows[row - 1]

    return _edit_rows(table, edit)


def append_row(table: str, *values: str) -> Mutation:
    def edit(rows: list[list[str]]) -> None:
        rows.append(list(values))

    return _edit_rows(table, edit)


def repeat_row(table: str, row: int) -> Mutation:
    """Append a copy of `row` at the end of the table."""

    def edit(rows: list[list[str]]) -> None:
        rows.append(list(rows[row - 1]))

    return _edit_rows(table, edit)


def chain(*mutations: Mutation) -> Mutation:
    """Several edits in turn (a defect that needs more than one table changed to show)."""

    def mutate(folder: Path) -> Path:
        for mutation in mutations:
            folder = mutation(folder)
        return folder

    return mutate


def append_decision(decision: str, first: str, second: str, value: str) -> Mutation:
    """Give `planned_mix` its optional `decision` column (blank, so scale, on the rows it had) and
    append one row of the `planned` plan: `decision`, `first` as intervention, `second` as location.
    tiny's plan has three rows, so the new one is spreadsheet row 5."""

    def edit(rows: list[list[str]]) -> None:
        rows[0].insert(1, "decision")
        for values in rows[1:]:
            values.insert(1, "")
        rows.append(["planned", decision, first, second, "2020/21", value, SOURCE])

    return _edit_rows("planned_mix", edit)


#: A site-level intervention at tiny's hospital and the service that gates it, so that a plan can
#: name a service (tiny itself has none).
ADD_SERVICE = chain(
    append_row("interventions", "hub", "Care hub", "urgent_care", "site", "people", "1", "", SOURCE),
    append_row("eligibility", "hub", "hospital", "0", "10", SOURCE),
    append_row("effects", "hub", "revenue_cost", "", "1000", "GBP", SOURCE),
    append_row("services", "hub_unit", "hospital", "hub", "1000", SOURCE),
)


def add_field(table: str, row: int, value: str) -> Mutation:
    """Give one row a field more than the header has."""

    def edit(rows: list[list[str]]) -> None:
        rows[row - 1].append(value)

    return _edit_rows(table, edit)


def remove_last_field(table: str, row: int) -> Mutation:
    """Give one row a field fewer than the header has."""

    def edit(rows: list[list[str]]) -> None:
        rows[row - 1].pop()

    return _edit_rows(table, edit)


def blank_line(table: str, row: int) -> Mutation:
    """Insert an empty line so that it becomes spreadsheet row `row`."""

    def edit(rows: list[list[str]]) -> None:
        rows.insert(row - 1, [])

    return _edit_rows(table, edit)


def replace_text(file: str, old: str, new: str) -> Mutation:
    """Replace the one occurrence of `old` in a file's text."""

    def mutate(folder: Path) -> Path:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        if text.count(old) != 1:
            raise ValueError(f"{old!r} occurs {text.count(old)} times in {file}, not once")
        path.write_text(text.replace(old, new), encoding="utf-8")
        return folder

    return mutate


def append_text(file: str, text: str) -> Mutation:
    def mutate(folder: Path) -> Path:
        path = folder / file
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
        return folder

    return mutate


def remove_toml_table(file: str, header: str) -> Mutation:
    """Remove a `[table]` of a TOML file: its header line and the lines after it up to a blank line."""

    def mutate(folder: Path) -> Path:
        path = folder / file
        lines = path.read_text(encoding="utf-8").split("\n")
        start = lines.index(header)
        stop = next((at for at in range(start, len(lines)) if not lines[at].strip()), len(lines))
        path.write_text("\n".join(lines[:start] + lines[stop:]), encoding="utf-8")
        return folder

    return mutate


def delete_file(file: str) -> Mutation:
    def mutate(folder: Path) -> Path:
        (folder / file).unlink()
        return folder

    return mutate


def as_workbook(folder: Path) -> Path:
    """Convert the instance folder to `tiny.xlsx` beside it, as `optimiser convert` does."""
    return write_workbook(load_instance(folder), folder.parent / BOOK)


def set_sheet_rows(sheet: str, rows: dict[int, dict[str, object]]) -> Mutation:
    """Convert to a workbook, then set cells of a sheet: {row number: {column header: value}}."""

    def mutate(folder: Path) -> Path:
        book = as_workbook(folder)
        workbook = openpyxl.load_workbook(book)
        worksheet = workbook[sheet]
        headers = [cell.value for cell in worksheet[1]]
        for row, values in rows.items():
            for column, value in values.items():
                worksheet.cell(row=row, column=headers.index(column) + 1, value=value)
        workbook.save(book)
        return book

    return mutate


def set_sheet_cells(sheet: str, row: int, **values: object) -> Mutation:
    """Convert to a workbook, then set cells of one row of a sheet, found by their column headers."""
    return set_sheet_rows(sheet, {row: values})


def set_sheet_cell(sheet: str, row: int, column: str, value: object) -> Mutation:
    """Convert to a workbook, then set one cell of a sheet by its row number and column header."""
    return set_sheet_cells(sheet, row, **{column: value})


def set_instance_value(key: str, value: object) -> Mutation:
    """Convert to a workbook, then set the value of one key on its `instance` sheet."""

    def mutate(folder: Path) -> Path:
        book = as_workbook(folder)
        workbook = openpyxl.load_workbook(book)
        worksheet = workbook["instance"]
        row = next(cells[0].row for cells in worksheet.iter_rows(min_row=2) if cells[0].value == key)
        worksheet.cell(row=row, column=2, value=value)
        workbook.save(book)
        return book

    return mutate


TOML = "instance.toml"
GAP = "[[gap]] entry 1"
DISCOUNT = "[parameters.discount_rate]"
#: The start of a fixed contribution in instance.toml, less its source.
FIXED = '\n[[fixed_contributions]]\nname = "other"\nyear = "2020/21"\namount_gbpm = 1.0\n'

# The registry is a table, one case to two lines, so the formatter is asked to leave it as written.
# fmt: off
CASES: tuple[Case, ...] = (
    # References between tables.
    Case("catchment_unknown_place", "catchment.csv", 2, "place", "unknown place 'east'",
         set_cell("catchment", 2, "place", "east")),
    Case("site_beds_unknown_setting", "site_beds.csv", 2, "setting", "unknown setting 'icu'",
         set_cell("site_beds", 2, "setting", "icu")),
    Case("workforce_unknown_staff_group", "workforce.csv", 2, "staff_group", "unknown staff group 'doctors'",
         set_cell("workforce", 2, "staff_group", "doctors")),
    Case("catchment_site_without_beds", "catchment.csv", 4, "site", "has no 'acute' beds",
         drop_row("site_beds", 3)),
    # Catchment shares.
    Case("catchment_shares_not_summing_to_one", "catchment.csv", 4, "share", "sum to 0.9, not 1",
         set_cell("catchment", 3, "share", "0.4")),
    Case("catchment_share_above_one", "catchment.csv", 2, "share", "1.5 must be at most 1",
         set_cell("catchment", 2, "share", "1.5")),
    # Numbers, blanks and booleans.
    Case("site_beds_negative_cost", "site_beds.csv", 2, "variable_cost_gbp_per_bed_day",
         "-100 must be at least 0", set_cell("site_beds", 2, "variable_cost_gbp_per_bed_day", "-100")),
    Case("site_beds_ward_size_zero", "site_beds.csv", 3, "ward_size", "0 must be more than 0",
         set_cell("site_beds", 3, "ward_size", "0")),
    Case("site_beds_non_numeric_beds", "site_beds.csv", 3, "baseline_beds", "expected a number, got 'twenty'",
         set_cell("site_beds", 3, "baseline_beds", "twenty")),
    Case("site_beds_closable_not_bool", "site_beds.csv", 2, "closable", "expected true or false, got 'maybe'",
         set_cell("site_beds", 2, "closable", "maybe")),
    Case("places_population_nan", "places.csv", 3, "population", "not a number, got 'NaN'",
         set_cell("places", 3, "population", "NaN")),
    Case("places_population_infinite", "places.csv", 2, "population", "must be finite",
         set_cell("places", 2, "population", "1e400")),
    Case("places_name_blank", "places.csv", 3, "name", "missing value",
         set_cell("places", 3, "name", "")),
    Case("places_blank_line", "places.csv", 3, "place", "missing value",
         blank_line("places", 3)),
    Case("settings_occupancy_above_one", "settings.csv", 2, "occupancy", "1.2 must be at most 1",
         set_cell("settings", 2, "occupancy", "1.2")),
    Case("settings_occupancy_zero", "settings.csv", 2, "occupancy", "0 must be more than 0",
         set_cell("settings", 2, "occupancy", "0")),
    Case("settings_evidence_cap_above_one", "settings.csv", 2, "evidence_cap", "1.5 must be at most 1",
         set_cell("settings", 2, "evidence_cap", "1.5")),
    Case("planned_mix_negative_scale", "planned_mix.csv", 4, "scale", "-5 must be at least 0",
         set_cell("planned_mix", 4, "scale", "-5")),
    # Ids, choices and years.
    Case("places_id_with_capitals", "places.csv", 2, "place", "'North' is not an id",
         set_cell("places", 2, "place", "North")),
    Case("sites_id_with_space", "sites.csv", 2, "site", "'general hospital' is not an id",
         set_cell("sites", 2, "site", "general hospital")),
    Case("places_duplicate_key", "places.csv", 3, "place", "duplicate key (place)",
         set_cell("places", 3, "place", "north")),
    Case("sites_unknown_kind", "sites.csv", 2, "kind", "must be one of acute, community",
         set_cell("sites", 2, "kind", "hospital")),
    Case("interventions_unknown_level", "interventions.csv", 2, "level", "must be one of place, site, system",
         set_cell("interventions", 2, "level", "region")),
    Case("interventions_unknown_priority", "interventions.csv", 3, "priority", "'savings' must be one of",
         set_cell("interventions", 3, "priority", "savings")),
    Case("growth_year_badly_formatted", "growth.csv", 2, "year", "is not a year like 2020/21",
         set_cell("growth", 2, "year", "2020-21")),
    Case("growth_year_not_in_years", "growth.csv", 3, "year", "unknown year '2021/22'",
         set_cell("growth", 3, "year", "2021/22")),
    # Effects.
    Case("effects_negative_revenue_cost", "effects.csv", 4, "value", "-5000 must be at least 0",
         set_cell("effects", 4, "value", "-5000")),
    Case("effects_bed_days_in_beds", "effects.csv", 3, "unit", "wrong unit 'beds' for bed_days_avoided",
         set_cell("effects", 3, "unit", "beds")),
    Case("effects_wte_in_pounds", "effects.csv", 5, "unit", "wrong unit 'GBP' for wte",
         set_cell("effects", 5, "unit", "GBP")),
    Case("effects_unknown_cohort", "effects.csv", 2, "key", "needs a known cohort as key, got 'frailty'",
         set_cell("effects", 2, "key", "frailty")),
    Case("effects_unknown_staff_group", "effects.csv", 5, "key", "needs a known staff group as key",
         set_cell("effects", 5, "key", "doctors")),
    Case("effects_money_with_key", "effects.csv", 4, "key", "revenue_cost takes no key, got 'acute'",
         set_cell("effects", 4, "key", "acute")),
    Case("effects_unknown_effect", "effects.csv", 2, "effect", "'admissions_saved' must be one of",
         set_cell("effects", 2, "effect", "admissions_saved")),
    Case("effects_duplicate_key", "effects.csv", 8, "key", "duplicate key (intervention, effect, key)",
         repeat_row("effects", 2)),
    Case("effects_duplicate_money_effect", "effects.csv", 8, "key", "duplicate key",
         append_row("effects", "back_office", "revenue_cost", "", "0.03", "GBPm", SOURCE)),
    Case("effects_system_level_bed_days", "effects.csv", 8, "effect", "system-level intervention",
         append_row("effects", "back_office", "bed_days_avoided", "acute", "1", "bed-days", SOURCE)),
    # Locations, eligibility, plans and services.
    Case("eligibility_site_for_place_level", "eligibility.csv", 2, "location",
         "'hospital' is not a place for 'step_up'", set_cell("eligibility", 2, "location", "hospital")),
    Case("eligibility_min_above_max", "eligibility.csv", 3, "min_scale", "min_scale exceeds max_scale",
         set_cell("eligibility", 3, "min_scale", "500")),
    Case("planned_mix_not_eligible", "planned_mix.csv", 3, "location", "not eligible at this location",
         drop_row("eligibility", 3)),
    Case("planned_mix_year_not_in_years", "planned_mix.csv", 2, "year", "unknown year '2021/22'",
         set_cell("planned_mix", 2, "year", "2021/22")),
    # Commitments: an eligible deployment, within its largest scale, in a planning year.
    Case("commitments_not_eligible", "commitments.csv", 2, "location", "not eligible at this location",
         append_row("commitments", "step_up", "hospital", "2020/21", "1", SOURCE)),
    Case("commitments_above_max_scale", "commitments.csv", 2, "min_scale", "exceeds the eligibility row",
         append_row("commitments", "back_office", "system", "2020/21", "11", SOURCE)),
    Case("commitments_unknown_year", "commitments.csv", 2, "year", "unknown year '2021/22'",
         append_row("commitments", "back_office", "system", "2021/22", "1", SOURCE)),
    Case("commitments_unknown_intervention", "commitments.csv", 2, "intervention", "unknown intervention",
         append_row("commitments", "hub", "system", "2020/21", "1", SOURCE)),
    # Plan rows that state a decision other than a scale.
    Case("planned_mix_unknown_decision", "planned_mix.csv", 5, "decision", "'closure' must be one of scale",
         append_decision("closure", "acute", "hospital", "5")),
    Case("planned_mix_closed_unknown_site", "planned_mix.csv", 5, "location", "unknown site 'clinic'",
         append_decision("closed", "acute", "clinic", "5")),
    Case("planned_mix_closed_unknown_setting", "planned_mix.csv", 5, "intervention", "unknown setting 'icu'",
         append_decision("closed", "icu", "hospital", "5")),
    Case("planned_mix_closed_not_closable", "planned_mix.csv", 5, "intervention",
         "site 'bought' has no closable 'acute' beds", append_decision("closed", "acute", "bought", "5")),
    Case("planned_mix_closed_above_baseline", "planned_mix.csv", 5, "scale",
         "closes 150 beds, more than the baseline 100",
         append_decision("closed", "acute", "hospital", "150")),
    Case("planned_mix_hired_unknown_staff_group", "planned_mix.csv", 5, "intervention",
         "unknown staff group 'doctors'", append_decision("hired", "doctors", "north", "1")),
    Case("planned_mix_redeployed_unknown_place", "planned_mix.csv", 5, "location", "unknown place 'hospital'",
         append_decision("redeployed", "nursing", "hospital", "1")),
    Case("planned_mix_opened_unknown_service", "planned_mix.csv", 5, "intervention", "unknown service 'hub'",
         append_decision("opened", "hub", "hospital", "1")),
    Case("planned_mix_opened_at_another_site", "planned_mix.csv", 5, "location",
         "service 'hub_unit' is at site 'hospital', not 'bought'",
         chain(ADD_SERVICE, append_decision("opened", "hub_unit", "bought", "1"))),
    Case("planned_mix_opened_above_one", "planned_mix.csv", 5, "scale", "got 2",
         chain(ADD_SERVICE, append_decision("opened", "hub_unit", "hospital", "2"))),
    Case("planned_mix_closed_twice", "planned_mix.csv", 6, "year",
         "duplicate key (plan, decision, intervention, location, year)",
         chain(append_decision("closed", "acute", "hospital", "5"), repeat_row("planned_mix", 5))),
    Case("services_place_level_intervention", "services.csv", 2, "intervention",
         "must gate a site-level intervention",
         append_row("services", "step_up_hub", "hospital", "step_up", "1000", SOURCE)),
    # Coverage of products of sets.
    Case("growth_missing_year", "growth.csv", None, "year", "no row for measure=acute, year=2020/21",
         drop_row("growth", 2)),
    Case("demand_missing_place_setting", "demand.csv", None, "setting",
         "no row for place=south, setting=acute", drop_row("demand", 3)),
    # Sources.
    Case("cohorts_source_from_the_web", "cohorts.csv", 2, "source", "'from the web' is not",
         set_cell("cohorts", 2, "source", "from the web")),
    Case("cohorts_source_empty", "cohorts.csv", 2, "source", "missing value",
         set_cell("cohorts", 2, "source", "")),
    Case("places_bad_source_override", "places.csv", 2, "source_population", "'from the web' is not",
         add_column("places", "source_population", "from the web")),
    # File structure.
    Case("workforce_missing_file", "workforce.csv", None, None, "missing file",
         delete_file("workforce.csv")),
    Case("site_beds_missing_column", "site_beds.csv", 1, "ward_size", "missing column",
         drop_column("site_beds", "ward_size")),
    Case("cohorts_unknown_column", "cohorts.csv", 1, "notes", "unknown column",
         add_column("cohorts", "notes", "x")),
    Case("cohorts_column_name_with_line_break", "cohorts.csv", 1, "'no\\nte'", "unknown column",
         add_column("cohorts", "no\nte", "x")),
    Case("demand_row_with_extra_field", "demand.csv", 3, "column 5 (no header)", "5 fields, expected 4",
         add_field("demand", 3, "x")),
    Case("demand_row_missing_a_field", "demand.csv", 3, "source", "3 fields, expected 4",
         remove_last_field("demand", 3)),
    # instance.toml.
    Case("toml_missing_file", TOML, None, None, "missing file", delete_file(TOML)),
    Case("toml_invalid_syntax", TOML, "line 1", "name", "not valid TOML",
         replace_text(TOML, 'name = "tiny"', 'name = "tiny')),
    Case("toml_missing_title", TOML, None, "title", "Field required",
         replace_text(TOML, 'title = "Tiny: two places, two sites, two interventions, one year"\n', "")),
    Case("toml_unknown_key", TOML, None, "colour", "Extra inputs are not permitted",
         replace_text(TOML, 'name = "tiny"\n', 'name = "tiny"\ncolour = "blue"\n')),
    Case("toml_negative_gap", TOML, GAP, "amount_gbpm", "greater than or equal to 0",
         replace_text(TOML, "amount_gbpm = 1.0", "amount_gbpm = -1.0")),
    Case("toml_gap_as_text", TOML, GAP, "amount_gbpm", "valid number, got '1.0'",
         replace_text(TOML, "amount_gbpm = 1.0", 'amount_gbpm = "1.0"')),
    Case("toml_flag_as_number", TOML, "[options]", "integer", "valid boolean, got 1",
         append_text(TOML, "\n[options]\ninteger = 1\n")),
    Case("toml_nan_parameter", TOML, "[parameters.capital_charge_rate]", "value", "finite number",
         replace_text(TOML, "value = 0.0\n", "value = nan\n")),
    Case("toml_missing_discount_rate", TOML, "[parameters]", "discount_rate", "Field required",
         remove_toml_table(TOML, DISCOUNT)),
    Case("toml_negative_discount_rate", TOML, DISCOUNT, "value", "greater than or equal to 0",
         replace_text(TOML, "value = 0.035", "value = -0.035")),
    Case("toml_discount_rate_as_a_percentage", TOML, DISCOUNT, "value", "less than 1",
         replace_text(TOML, "value = 0.035", "value = 3.5")),
    Case("toml_infinite_discount_rate", TOML, DISCOUNT, "value", "finite number",
         replace_text(TOML, "value = 0.035", "value = inf")),
    Case("toml_discount_rate_as_text", TOML, DISCOUNT, "value", "valid number, got '0.035'",
         replace_text(TOML, "value = 0.035", 'value = "0.035"')),
    Case("toml_discount_rate_without_source", TOML, DISCOUNT, "source", "Field required",
         replace_text(TOML, "value = 0.035\nsource = ", "value = 0.035\nnote = ")),
    Case("toml_bad_source", TOML, GAP, "source", "'from the web' is not",
         replace_text(TOML, f'1.0\nsource = "{SOURCE}"', '1.0\nsource = "from the web"')),
    Case("toml_bed_target_unknown_setting", TOML, "[[bed_targets]] entry 1", "setting",
         "unknown setting 'icu'", replace_text(TOML, 'setting = "acute"', 'setting = "icu"')),
    Case("toml_duplicate_gap_year", TOML, "[[gap]] entry 2", "year", "duplicate entry",
         append_text(TOML, f'\n[[gap]]\nyear = "2020/21"\namount_gbpm = 2.0\nsource = "{SOURCE}"\n')),
    Case("toml_fixed_contribution_unknown_year", TOML, "[[fixed_contributions]] entry 1", "year",
         "year '2021/22' is not in years",
         append_text(TOML, FIXED.replace("2020/21", "2021/22") + f'source = "{SOURCE}"\n')),
    Case("toml_fixed_contribution_unknown_priority", TOML, "[[fixed_contributions]] entry 1", "priority",
         "unknown priority 'cake'",
         append_text(TOML, f'{FIXED}priority = "cake"\nsource = "{SOURCE}"\n')),
    Case("toml_fixed_contribution_negative_capital", TOML, "[[fixed_contributions]] entry 1",
         "capital_gbpm", "greater than or equal to 0",
         append_text(TOML, f'{FIXED}capital_gbpm = -1.0\nsource = "{SOURCE}"\n')),
    Case("toml_fixed_contribution_twice", TOML, "[[fixed_contributions]] entry 2", "year",
         "duplicate entry",
         append_text(TOML, f'{FIXED}source = "{SOURCE}"\n' * 2)),
    Case("toml_target_year_not_in_years", TOML, None, "target_year", "'2021/22' is not in years",
         replace_text(TOML, 'target_year = "2020/21"', 'target_year = "2021/22"')),
    Case("toml_year_badly_formatted", TOML, "years entry 1", "years", "got '2020-21'",
         replace_text(TOML, '    "2020/21",\n]', '    "2020-21",\n]')),
    Case("toml_baseline_not_before_years", TOML, None, "baseline_year", "must come before",
         replace_text(TOML, 'baseline_year = "2019/20"', 'baseline_year = "2020/21"')),
    # The same checks reached through a workbook made by `optimiser convert`.
    Case("workbook_negative_share", f"{BOOK}[catchment]", 3, "share", "-0.5 must be at least 0",
         set_sheet_cell("catchment", 3, "share", -0.5)),
    Case("workbook_text_in_number", f"{BOOK}[site_beds]", 3, "baseline_beds",
         "expected a number, got 'twenty'", set_sheet_cell("site_beds", 3, "baseline_beds", "twenty")),
    Case("workbook_unknown_place", f"{BOOK}[catchment]", 2, "place", "unknown place 'east'",
         set_sheet_cell("catchment", 2, "place", "east")),
    Case("workbook_negative_gap", f"{BOOK}[gap]", 2, "amount_gbpm", "greater than or equal to 0",
         set_sheet_cell("gap", 2, "amount_gbpm", -1)),
    Case("workbook_gap_as_text", f"{BOOK}[gap]", 2, "amount_gbpm", "valid number, got '1.5'",
         set_sheet_cell("gap", 2, "amount_gbpm", "1.5")),
    Case("workbook_repeated_parameter", f"{BOOK}[parameters]", 4, "name", "repeats an earlier row",
         set_sheet_cells("parameters", 4, name="capital_charge_rate", value=0.5, source=SOURCE)),
    Case("workbook_discount_rate_as_a_percentage", f"{BOOK}[parameters]", 3, "value", "less than 1",
         set_sheet_cell("parameters", 3, "value", 3.5)),
    Case("workbook_two_equity_floors", f"{BOOK}[equity_floor]", 3, "share", "only one row",
         set_sheet_rows("equity_floor", {row: {"share": 0.5, "source": SOURCE} for row in (2, 3)})),
    Case("workbook_target_year_not_in_years", f"{BOOK}[instance]", 6, "target_year", "is not in years",
         set_instance_value("target_year", "2021/22")),
    Case("workbook_config_header_renamed", f"{BOOK}[instance]", 1, "key", "missing column",
         set_sheet_cell("instance", 1, "key", "Key")),
)
# fmt: on

CASES_BY_NAME: dict[str, Case] = {case.name: case for case in CASES}
