"""The fixed parameters every generated instance is drawn around: settings, cohorts, staff and themes.

The ranges and margins here shape the random draws (world and catalogue) and the limits set from the
plan's evaluation (calibration).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

PLAN = "planned"
FIRST_YEAR = 2025
DAYS_PER_YEAR = 365.0
CAPITAL_CHARGE_RATE = 0.085
#: HM Treasury Green Book rate, so that a benchmark times the discounted model users solve.
DISCOUNT_RATE = 0.035
DISCOUNT_SOURCE = (
    "assumption: public source, not drawn at random: HM Treasury, The Green Book, discount rate "
    "3.5% real a year for years 0-30"
)
#: Share of the evidence cap that all interventions at their largest scale would use up.
EVIDENCE_USE = 0.95
#: Share of the acute evidence cap kept for the site-level service.
SITE_SHARE = 0.15
#: Shares of a cohort's admissions that place-level and site-level interventions may avoid at most.
COHORT_USE = 0.6
SITE_COHORT_USE = 0.2
#: The range of a place's need for care relative to its population, and of the noise on top of it.
NEED = (0.85, 1.15)
NOISE = (0.95, 1.05)
LEAST_NEED = NEED[0] * NOISE[0]
MOST_NEED = NEED[1] * NOISE[1]
#: Plan scale in the target year as a share of the eligible scale.
PLANNED_SHARE = (0.6, 0.7)
#: Revenue cost of a care intervention per £ of bed costs it saves; below 1 less capital charge.
COST_RATIO = (0.35, 0.8)
WTE_COST_GBP = 50_000.0
STAFF_SHARE_OF_COST = 0.65
AVAILABLE_SHARE = 0.30
GAP_SHARE = 0.95
#: Fixed contributions, as shares of the plan's target-year net saving before them: other schemes'
#: saving (reached in equal steps by the target year), and a committed IT programme's capital
#: (spent in equal parts each year, charged at the capital charge rate) and yearly revenue cost.
OTHER_SCHEMES_SHARE = 0.15
IT_CAPITAL_SHARE = 0.4
IT_REVENUE_SHARE = 0.04
#: Commitments: floors at this share of the plan's own scale in each year.
COMMITTED_SHARE = 0.9
#: The second part of the source of every figure set from the plan's own evaluation.
BENCHMARK_ONLY = "assumption: benchmark-only: set from the plan's own evaluation"
BED_MARGIN = 1.005
CAPITAL_MARGIN = 1.05
HIRING_MARGIN = 1.1
HIRING_SLACK_WTE = 0.1
BAND_MARGIN = 0.1
#: How many sites a place uses in a setting (at most as many as hold such beds), and how often.
SITES_USED = np.array([2, 3, 4])
SITES_USED_WEIGHTS = np.array([0.45, 0.35, 0.2])
#: How often a care intervention also acts on a second setting, and draws on a second staff group.
SECOND_SETTING = 0.2
SECOND_STAFF_GROUP = 0.35
#: The range of the share of places a care intervention runs in.
COVERAGE = (0.6, 1.0)


@dataclass(frozen=True)
class Setting:
    """A bed setting: its counting basis, evidence cap, demand per head, growth, costs and sites."""

    setting: str
    name: str
    occupancy: float
    evidence_cap: float
    bed_days_per_head: float
    growth: float
    variable_gbp: float
    fixed_gbp: float
    bought_gbp: float
    ward_size: float
    kinds: tuple[str, ...]
    weight: float
    bridge: str

    @property
    def owned_value(self) -> float:
        """£ saved per bed-day avoided at an owned site when closures follow need."""
        return self.variable_gbp + self.fixed_gbp / (DAYS_PER_YEAR * self.occupancy)


SETTINGS = (
    Setting(
        "acute_nel", "Acute non-elective", 0.95, 0.5, 0.44, 0.025, 75, 85_000, 320, 28,
        ("acute", "out_of_area"), 0.5, "step_up",
    ),
    Setting(
        "community", "Community hospital", 1.0, 0.6, 0.073, 0.03, 50, 73_000, 250, 20,
        ("community",), 0.2, "step_down",
    ),
    Setting(
        "mh_adult", "Adult mental health", 1.0, 0.33, 0.063, 0.02, 60, 124_000, 550, 18,
        ("mental_health", "out_of_area"), 0.15, "mental_health",
    ),
    Setting(
        "mh_dementia", "Older people's mental health / dementia", 1.0, 0.75, 0.017, 0.035, 60, 124_000,
        550, 18, ("mental_health",), 0.15, "mental_health",
    ),
)  # fmt: skip
SETTING_IDS = [setting.setting for setting in SETTINGS]
ADMISSIONS_GROWTH = 0.02
#: Cohorts: id, name, baseline admissions per head, how often an intervention aims at it.
COHORTS = (
    ("frail_elderly", "Frail elderly", 0.0101, 0.3),
    ("acute_acs", "Acute ambulatory-care-sensitive", 0.0016, 0.1),
    ("chronic_acs", "Chronic ambulatory-care-sensitive", 0.0072, 0.25),
    ("over_65", "65 and over outside frailty", 0.0313, 0.25),
    ("other", "Other admissions", 0.045, 0.1),
)
#: Staff groups: id, name, how often an intervention draws on it first.
STAFF_GROUPS = (
    ("nursing", "Nursing", 0.4),
    ("therapy", "Allied health professionals and therapists", 0.2),
    ("medical", "Medical", 0.1),
    ("social_care", "Care and support workers", 0.2),
    ("pharmacy", "Pharmacy", 0.1),
)
#: WTE per bed of each staff group (in STAFF_GROUPS order), by setting: typical ward establishments.
SETTING_STAFF = {
    "acute_nel": (1.4, 0.2, 0.15, 0.5, 0.05),
    "community": (1.2, 0.3, 0.05, 0.6, 0.02),
    "mh_adult": (1.6, 0.2, 0.1, 0.6, 0.02),
    "mh_dementia": (1.5, 0.1, 0.05, 0.8, 0.02),
}
CARE_PRIORITIES = (("place", 0.35), ("prevention", 0.2), ("urgent_care", 0.3), ("other", 0.15))
#: Care themes by the setting an intervention aims at first: id stub and name.
THEMES = {
    "acute_nel": (
        ("case_management", "Intensive case management"),
        ("rapid_response", "Rapid response team"),
        ("virtual_ward", "Virtual ward"),
        ("falls_service", "Falls pick-up service"),
        ("care_home_support", "Care home support"),
        ("iv_therapy", "IV therapy at home"),
        ("condition_management", "Long-term condition management"),
        ("frailty_assessment", "Frailty assessment at home"),
    ),
    "community": (
        ("discharge_to_assess", "Discharge to assess"),
        ("reablement", "Reablement at home"),
        ("step_down", "Step-down care at home"),
        ("intermediate_care", "Intermediate care at home"),
    ),
    "mh_adult": (
        ("crisis_home_treatment", "Crisis home treatment"),
        ("mh_rehabilitation", "Community mental-health rehabilitation"),
        ("crisis_cafe", "Crisis cafe and safe haven"),
    ),
    "mh_dementia": (
        ("dementia_rapid_response", "Dementia rapid response"),
        ("dementia_support", "Dementia support at home"),
        ("memory_service", "Memory assessment service"),
    ),
}
SCHEMES = (
    ("procurement", "Procurement transformation"),
    ("agency_control", "Agency staffing control"),
    ("estates", "Estates and facilities"),
    ("back_office", "Shared back office"),
    ("medicines_optimisation", "Medicines optimisation"),
    ("pathology_network", "Pathology network"),
)
SITE_KIND_NAMES = {
    "acute": "Acute hospital",
    "community": "Community hospital",
    "mental_health": "Mental health unit",
    "out_of_area": "Out-of-area providers",
}


def setting_table() -> pd.DataFrame:
    """SETTINGS as a table, one row per setting."""
    table = pd.DataFrame([dataclasses.asdict(setting) for setting in SETTINGS])
    return table.assign(owned_value=[setting.owned_value for setting in SETTINGS])
