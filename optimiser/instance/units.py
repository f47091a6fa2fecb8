"""What each field of an instance workbook is measured in, and what it means.

An instance workbook (`optimiser convert INSTANCE book.xlsx`) ends with the sheet `units and
sources`: every sheet's fields with their unit and description (the table specifications' own words
in `schema.py`, and for the `instance.toml` sheets the words below), so a planner reading a sheet
knows what its numbers are in and that every row's `source` column gives its provenance. The sheet
is for people: reading the workbook back ignores it, so it never changes the instance.
"""

from __future__ import annotations

import pandas as pd

from optimiser.instance.schema import TABLE_SPECS

UNITS_SHEET = "units and sources"

#: The unit of each numeric field, in words, and the number format kind it is shown with
#: (`optimiser.io.spreadsheet.NUMBER_FORMATS`; None: whole numbers or general figures, as they are).
FIELD_UNITS: dict[tuple[str, str], tuple[str, str | None]] = {
    ("gap", "amount_gbpm"): ("£m", "gbpm"),
    ("bed_targets", "beds"): ("beds", "beds"),
    ("capital", "budget_gbpm"): ("£m", "gbpm"),
    ("fixed_contributions", "amount_gbpm"): ("£m", "gbpm"),
    ("fixed_contributions", "capital_gbpm"): ("£m", "gbpm"),
    ("investment_band", "min_gbpm"): ("£m", "gbpm"),
    ("investment_band", "max_gbpm"): ("£m", "gbpm"),
    ("equity_floor", "share"): ("share of the mean coverage (0-1)", "share"),
    ("parameters", "value"): ("as the parameter's name says (rates are shares a year)", None),
    ("places", "population"): ("people", None),
    ("settings", "occupancy"): ("share of a bed's year (0-1)", "share"),
    ("settings", "evidence_cap"): ("share of bed-days (0-1)", "share"),
    ("site_beds", "baseline_beds"): ("beds", "beds"),
    ("site_beds", "ward_size"): ("beds per ward", None),
    ("site_beds", "variable_cost_gbp_per_bed_day"): ("£ per bed-day", "gbp"),
    ("site_beds", "fixed_cost_gbp_per_bed_year"): ("£ per bed-year", "gbp"),
    ("catchment", "share"): ("share of the place's bed-days (0-1)", "share"),
    ("demand", "baseline_bed_days"): ("bed-days a year", None),
    ("growth", "index"): ("index, baseline year = 1", None),
    ("cohort_admissions", "baseline_admissions"): ("admissions a year", None),
    ("staff_groups", "recruitment_cost_gbp_per_wte"): ("£ per WTE", "gbp"),
    ("staff_groups", "redeployment_cost_gbp_per_wte"): ("£ per WTE", "gbp"),
    ("setting_staff", "wte_per_bed"): ("WTE per bed", None),
    ("workforce", "available_wte"): ("WTE", "wte"),
    ("workforce", "hire_limit_wte_per_year"): ("WTE a year", "wte"),
    ("interventions", "ramp_limit"): ("share of the largest scale a year (0-1)", "share"),
    ("effects", "value"): ("the row's unit column", None),
    ("eligibility", "min_scale"): ("the intervention's scale unit", None),
    ("eligibility", "max_scale"): ("the intervention's scale unit", None),
    ("commitments", "min_scale"): ("the intervention's scale unit", None),
    ("planned_mix", "scale"): ("the decision's unit (scale unit, beds, WTE, or 1 open / 0 shut)", None),
    ("services", "fixed_capital_gbp"): ("£", "gbp"),
}

#: What the sheets holding `instance.toml` mean, and their fields.
CONFIG_DESCRIPTIONS: dict[str, tuple[str, dict[str, str]]] = {
    "instance": ("The instance's name, title, description and years.", {"key": "name", "value": "value"}),
    "gap": ("Net saving the plan must reach in a year against the do-nothing.", {"amount_gbpm": "the gap"}),
    "bed_targets": (
        "Most beds open in a setting (or `total`) in a year.",
        {"setting": "setting id or `total`", "beds": "the target"},
    ),
    "capital": ("Capital available in a year.", {"budget_gbpm": "the budget"}),
    "fixed_contributions": (
        "Savings (or, negative, costs) in a year that no decision changes.",
        {"amount_gbpm": "effect on the year's income and expenditure", "capital_gbpm": "capital spent"},
    ),
    "parameters": ("System-wide numbers: capital charge rate, discount rate, safe occupancy.", {}),
    "investment_band": (
        "Revenue invested per place in the given priorities lies in the band.",
        {"min_gbpm": "the band's floor", "max_gbpm": "the band's ceiling"},
    ),
    "equity_floor": ("No place's coverage below this share of the mean.", {"share": "the floor"}),
    "options": ("Modelling switches: an analyst's choices, not facts, so without a source.", {}),
    "families": ("Constraint families switched on (true) or off (false).", {}),
}
_SOURCE = "provenance: seed file and line (`004_…txt:5348`), a public source, or `assumption: <why>`"


def number_kinds(sheet: str) -> dict[str, str]:
    """The number format kind of each field of `sheet` whose unit sets one."""
    return {field: kind for (named, field), (_, kind) in FIELD_UNITS.items() if named == sheet and kind}


def units_sheet(columns: dict[str, list[str]]) -> pd.DataFrame:
    """The `units and sources` sheet for a workbook whose sheets hold `columns` (sheet → fields)."""
    rows: list[tuple[str, str | None, str | None, str | None]] = []
    for sheet, fields in columns.items():
        rows.append((sheet, None, None, _sheet_description(sheet) or None))
        for field in fields:
            unit = FIELD_UNITS.get((sheet, field), (None, None))[0]
            rows.append((sheet, field, unit, _field_description(sheet, field) or None))
    return pd.DataFrame(rows, columns=["sheet", "field", "unit", "description"])


def _sheet_description(sheet: str) -> str:
    spec = TABLE_SPECS.get(sheet)
    return spec.description if spec is not None else CONFIG_DESCRIPTIONS.get(sheet, ("", {}))[0]


def _field_description(sheet: str, field: str) -> str:
    if field == "source":
        return _SOURCE
    if field.startswith("source_"):
        return f"provenance of this row's {field.removeprefix('source_')}, where it differs from `source`"
    if field == "year":
        return "planning year"
    spec = TABLE_SPECS.get(sheet)
    if spec is not None:
        return next((entry.description for entry in spec.fields if entry.name == field), "")
    return CONFIG_DESCRIPTIONS.get(sheet, ("", {}))[1].get(field, "")
