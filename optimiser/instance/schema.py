"""The instance format: one specification per table, from which the validators are generated.

An instance is a folder holding `instance.toml` and the CSV tables below (or one workbook with a
sheet per table). Every table has a `source` column; a row whose fields come from different places
may add `source_<field>` columns that override `source` for that field.
"""

from __future__ import annotations

from optimiser.instance.configuration_schema import CONFIGURATION_TABLES
from optimiser.instance.spec import Field as Field
from optimiser.instance.spec import Kind as Kind
from optimiser.instance.spec import TableSpec as TableSpec
from optimiser.instance.spec import source_field as _source

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
YEAR_PATTERN = r"^\d{4}/\d{2}$"
SEED_CITATION = r"\d{3}_[0-9a-f]{16}\.txt:\d+(?:-\d+)?"
SYSTEM_LOCATION = "system"
TOTAL_SETTING = "total"
ADMISSIONS_MEASURE = "admissions"

PRIORITIES = ("place", "prevention", "urgent_care", "efficiency", "other")
LEVELS = ("place", "site", "system")
SITE_KINDS = ("acute", "community", "mental_health", "out_of_area")
EFFECTS = (
    "admissions_avoided",
    "bed_days_avoided",
    "direct_saving",
    "revenue_cost",
    "capital",
    "wte",
)

#: The unit each effect must be stated in; money may be given in pounds, thousands or millions and
#: is held internally in £m.
MONEY_UNITS = {"GBP": 1e-6, "GBPk": 1e-3, "GBPm": 1.0}
EFFECT_UNITS: dict[str, dict[str, float]] = {
    "admissions_avoided": {"admissions": 1.0},
    "bed_days_avoided": {"bed-days": 1.0},
    "wte": {"WTE": 1.0},
    "direct_saving": MONEY_UNITS,
    "revenue_cost": MONEY_UNITS,
    "capital": MONEY_UNITS,
}
#: What the `key` column of an effect names: a cohort, a setting, a staff group, or nothing.
EFFECT_KEYS = {
    "admissions_avoided": "cohort",
    "bed_days_avoided": "setting",
    "wte": "staff_group",
    "direct_saving": None,
    "revenue_cost": None,
    "capital": None,
}

#: What a `planned_mix` row decides. `scale` rows (the default) give an intervention's scale at a
#: location; the others give one member of another decision family, its two index fields held in
#: `location` and `intervention`:
#:
#: - `closed`: beds closed against the baseline at a site (`location`) in a setting (`intervention`);
#: - `hired`: WTE hired (a running stock) at a place (`location`) in a staff group (`intervention`);
#: - `redeployed`: WTE redeployed from closed beds into a place (`location`), staff group (`intervention`);
#: - `opened`: a site service (`intervention`, the service id) open at its site (`location`): 1 open, 0 shut;
#: - `hosted`: a clinical service (`intervention`) hosted at a site (`location`): 1 hosted, 0 not;
#: - `shared`: the share of a back-office function (`intervention`) run as one shared service (`location`
#:   is `system`), 0-1.
SCALE_DECISION = "scale"
DECISIONS = (SCALE_DECISION, "closed", "hired", "redeployed", "opened", "hosted", "shared")

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "places",
        "Local communities (places) and their populations.",
        (
            Field("place", "id", "place id"),
            Field("name", "text", "place name"),
            Field("population", "number", "resident population, people", gt=0),
            _source(),
        ),
        ("place",),
    ),
    TableSpec(
        "sites",
        "Hospitals and units holding beds; out-of-area providers are bought, not owned.",
        (
            Field("site", "id", "site id"),
            Field("name", "text", "site name"),
            Field("kind", "text", "acute, community, mental_health or out_of_area", choices=SITE_KINDS),
            Field("host_place", "id", "place the site stands in (blank if outside)", nullable=True),
            _source(),
        ),
        ("site",),
    ),
    TableSpec(
        "settings",
        "Bed types, the occupancy beds are counted at, and the evidence cap on bed-days moved out.",
        (
            Field("setting", "id", "setting id"),
            Field("name", "text", "setting name"),
            Field("occupancy", "number", "occupancy basis of a bed, 0-1", gt=0, le=1),
            Field("evidence_cap", "number", "largest share of bed-days that can move out", ge=0, le=1),
            _source(),
        ),
        ("setting",),
    ),
    TableSpec(
        "site_beds",
        "Baseline beds per site and setting, whether they can close, and their costs.",
        (
            Field("site", "id", "site id"),
            Field("setting", "id", "setting id"),
            Field("baseline_beds", "number", "beds in the baseline year", ge=0),
            Field("closable", "bool", "true if the beds are owned and can close"),
            Field("ward_size", "number", "beds per ward (whole-ward closures)", gt=0),
            Field("variable_cost_gbp_per_bed_day", "number", "£ saved per bed-day avoided", ge=0),
            Field("fixed_cost_gbp_per_bed_year", "number", "£ saved per bed closed for a year", ge=0),
            _source(),
        ),
        ("site", "setting"),
    ),
    TableSpec(
        "catchment",
        "Share of each place's bed-days, by setting, served at each site.",
        (
            Field("place", "id", "place id"),
            Field("site", "id", "site id"),
            Field("setting", "id", "setting id"),
            Field("share", "number", "share of the place's bed-days in the setting", ge=0, le=1),
            _source(),
        ),
        ("place", "site", "setting"),
    ),
    TableSpec(
        "demand",
        "Bed-days each place used in the baseline year, by setting.",
        (
            Field("place", "id", "place id"),
            Field("setting", "id", "setting id"),
            Field("baseline_bed_days", "number", "occupied bed-days in the baseline year", ge=0),
            _source(),
        ),
        ("place", "setting"),
    ),
    TableSpec(
        "growth",
        "Do-nothing demand index per setting (and for admissions) and year; baseline year = 1.",
        (
            Field("measure", "id", "a setting id or `admissions`"),
            Field("year", "year", "planning year"),
            Field("index", "number", "do-nothing demand relative to the baseline year", gt=0),
            _source(),
        ),
        ("measure", "year"),
    ),
    TableSpec(
        "cohorts",
        "Patient cohorts whose non-elective admissions interventions avoid.",
        (Field("cohort", "id", "cohort id"), Field("name", "text", "cohort name"), _source()),
        ("cohort",),
    ),
    TableSpec(
        "cohort_admissions",
        "Non-elective admissions per place and cohort in the baseline year.",
        (
            Field("place", "id", "place id"),
            Field("cohort", "id", "cohort id"),
            Field("baseline_admissions", "number", "admissions in the baseline year", ge=0),
            _source(),
        ),
        ("place", "cohort"),
    ),
    TableSpec(
        "staff_groups",
        "Staff groups that workforce limits are kept for, and what it costs to recruit or redeploy one WTE.",
        (
            Field("staff_group", "id", "staff group id"),
            Field("name", "text", "name"),
            Field(
                "recruitment_cost_gbp_per_wte",
                "number",
                "£ spent, once, to recruit one WTE (advertising, checks, induction, cover while vacant)",
                ge=0,
                default="0",
            ),
            Field(
                "redeployment_cost_gbp_per_wte",
                "number",
                "£ spent, once, to move one WTE from a closed bed into a new service (retraining, backfill)",
                ge=0,
                default="0",
            ),
            _source(),
        ),
        ("staff_group",),
    ),
    TableSpec(
        "setting_staff",
        "WTE per bed of each staff group, released for redeployment when a bed closes.",
        (
            Field("setting", "id", "setting id"),
            Field("staff_group", "id", "staff group id"),
            Field("wte_per_bed", "number", "WTE per bed", ge=0),
            _source(),
        ),
        ("setting", "staff_group"),
    ),
    TableSpec(
        "workforce",
        "Staff available to new services per place and group, and how many can be hired a year.",
        (
            Field("place", "id", "place id"),
            Field("staff_group", "id", "staff group id"),
            Field("available_wte", "number", "WTE available without hiring", ge=0),
            Field("hire_limit_wte_per_year", "number", "most WTE hired in one year", ge=0),
            _source(),
        ),
        ("place", "staff_group"),
    ),
    TableSpec(
        "interventions",
        "The catalogue of care interventions and efficiency schemes.",
        (
            Field("intervention", "id", "intervention id"),
            Field("name", "text", "name"),
            Field("priority", "text", "STP priority it counts towards", choices=PRIORITIES),
            Field("level", "text", "deployed per place, per site or system-wide", choices=LEVELS),
            Field("scale_unit", "text", "what one unit of scale is (people, episodes, £m in scope)"),
            Field("ramp_limit", "number", "largest yearly increase, share of max scale", gt=0, le=1),
            Field("bridge", "text", "bed-bridge step it reports under (blank: none)", nullable=True),
            _source(),
        ),
        ("intervention",),
    ),
    TableSpec(
        "effects",
        "What one unit of scale of an intervention does in a year.",
        (
            Field("intervention", "id", "intervention id"),
            Field("effect", "text", "effect type", choices=EFFECTS),
            Field("key", "id", "cohort, setting or staff group the effect is on", nullable=True),
            Field("value", "number", "amount per unit of scale per year", ge=0),
            Field("unit", "text", "unit of the value (GBP, GBPk, GBPm, bed-days, admissions, WTE)"),
            _source(),
        ),
        ("intervention", "effect", "key"),
    ),
    TableSpec(
        "eligibility",
        "Where each intervention can run and between which scales.",
        (
            Field("intervention", "id", "intervention id"),
            Field("location", "id", "place id, site id or `system`, as the level says"),
            Field("min_scale", "number", "scale that must be reached by the target year", ge=0),
            Field("max_scale", "number", "largest scale (eligible people, episodes, £m)", ge=0),
            _source(),
        ),
        ("intervention", "location"),
    ),
    TableSpec(
        "commitments",
        "Scales an intervention must reach in a year: investments nationally mandated or already "
        "allocated, which the plan may exceed but not undercut.",
        (
            Field("intervention", "id", "intervention id"),
            Field("location", "id", "place id, site id or `system`, as in eligibility"),
            Field("year", "year", "planning year"),
            Field("min_scale", "number", "least scale in that year, in the intervention's unit", ge=0),
            _source(),
        ),
        ("intervention", "location", "year"),
    ),
    TableSpec(
        "planned_mix",
        "The plans' decisions per year: scales, and optionally closures, hires, redeployments and "
        "services opened (several plans may coexist; see `DECISIONS`).",
        (
            Field("plan", "id", "plan id"),
            Field(
                "decision",
                "text",
                "scale (the default), closed, hired, redeployed, opened, hosted or shared",
                choices=DECISIONS,
                default=SCALE_DECISION,
            ),
            Field(
                "intervention",
                "id",
                "intervention id; for closed the setting, hired or redeployed the staff group, "
                "opened the service",
            ),
            Field(
                "location",
                "id",
                "place id, site id or `system`; for closed and opened the site, hired or "
                "redeployed the place",
            ),
            Field("year", "year", "planning year"),
            Field(
                "scale",
                "number",
                "the decision's value: scale in the intervention's unit, beds closed, WTE, or "
                "a service open (1) or shut (0)",
                ge=0,
            ),
            _source(),
        ),
        ("plan", "decision", "intervention", "location", "year"),
    ),
    TableSpec(
        "services",
        "Site-level services opened by a yes/no decision with fixed capital (MILP option).",
        (
            Field("service", "id", "service id"),
            Field("site", "id", "site id"),
            Field("intervention", "id", "site-level intervention the service makes possible"),
            Field("fixed_capital_gbp", "number", "capital to open the service", ge=0),
            _source(),
        ),
        ("service",),
    ),
    *CONFIGURATION_TABLES,
)

TABLE_SPECS: dict[str, TableSpec] = {spec.name: spec for spec in TABLES}
