"""The Derbyshire STP's published figures, each with the seed line it is read from.

Everything here is a fact of the seed (`004_9ddaced4f87d5ec2.txt`, the Derbyshire Sustainability and
Transformation Plan, October 2016). The assumptions that fill its gaps live in `assumptions.py`,
and `calibrate.py` combines the two into the instance's tables.
"""

from __future__ import annotations

SEED = "004_9ddaced4f87d5ec2.txt"


def cite(line: int | str, note: str = "") -> str:
    """A source citation for the seed, e.g. `004_…txt:5362 (acute NEL beds)`."""
    note = note.replace("; ", ", ")
    return f"{SEED}:{line}" + (f" ({note})" if note else "")


# The 21 places, in the seed's order, with the line that names each (1697-1973).
PLACES = (
    ("erewash_ilkeston", "Erewash MCP – Ilkeston", 1697),
    ("erewash_long_eaton", "Erewash MCP – Long Eaton", 1720),
    ("dronfield_north_east", "Dronfield and North East", 1721),
    ("north_hardwick_ne", "North Hardwick & NE", 1735),
    ("chesterfield_east", "Chesterfield East", 1749),
    ("chesterfield_central", "Chesterfield Central", 1763),
    ("central_south_hardwick", "Central and South Hardwick", 1777),
    ("dales_north", "Dales North", 1791),
    ("north_high_peak", "North High Peak", 1805),
    ("buxton", "Buxton", 1819),
    ("south_dales", "South Dales", 1833),
    ("heanor", "Heanor", 1847),
    ("ripley", "Ripley", 1861),
    ("belper_group", "Belper Group", 1875),
    ("south_derbyshire", "South Derbyshire", 1889),
    ("derby_city_centre_north", "Derby City Centre North", 1903),
    ("derby_city_centre_south", "Derby City Centre South", 1917),
    ("derby_city_north_east", "Derby City North East", 1931),
    ("derby_city_north_west", "Derby City North West", 1945),
    ("derby_city_south_east", "Derby City South East", 1959),
    ("derby_city_south_west", "Derby City South West", 1973),
)

# Beds, Appendix 5. Acute NEL beds are published at 95% occupancy; sites at 5375-5377.
ACUTE_SITE_BASELINE = {
    "royal_derby": (626, 5375),
    "chesterfield_royal": (373, 5376),
    "out_of_area": (333, 5377),
}
ACUTE_DO_NOTHING = (1465, 5373)
ACUTE_BASELINE_TOTAL = (1331, 5362)
ACUTE_BEDS_FULL_OCCUPANCY = (1268, 5362)  # the same bed-days counted at 100% occupancy
COMMUNITY_BEDS = {"baseline": (210, 5526), "do_nothing": (250, 5596), "target": (125, 5749)}
MH_ADULT_BEDS = {"baseline": (180, 5517), "do_nothing": (198, 5607), "target": (147, 5768)}
DEMENTIA_BEDS = {"baseline": (50, 5538), "do_nothing": (55, 5608), "target": (30, 5769)}
ACUTE_TARGET = (934, 5737)
TOTAL_BEDS = {"baseline": (1771, 5404), "do_nothing": (1968, 5408), "target": (1236, 5777)}

# The bridge from do-nothing to STP (5560-5780): beds avoided by step and setting.
BRIDGE = {
    "growth_avoided": {
        "acute_nel": (134, 5580),
        "community": (40, 5645),
        "mh_adult": (18, 5610),
        "mh_dementia": (5, 5611),
    },
    "step_up": {"acute_nel": (143, 5642), "mh_adult": (14, 5613), "mh_dementia": (20, 5614)},
    "step_down": {"acute_nel": (220, 5687), "community": (85, 5708), "mh_adult": (19, 5616)},
    "urgent_care": {"acute_nel": (34, 5702)},
}
# Episodes behind the acute and community bridge (episodes × ALoS / 365, method at 5540).
BRIDGE_EPISODES = {
    ("growth_avoided", "acute_nel"): (9000, 5578),
    ("growth_avoided", "community"): (686, 5639),
    ("step_up", "acute_nel"): (15288, 5582),
    ("step_down", "acute_nel"): (8543, 5662),
    ("step_down", "community"): (1457, 5664),
    ("urgent_care", "acute_nel"): (3415, 5693),
}
# Step-up admissions avoided by service (5801-5805), thousands.
STEP_UP_SERVICES = {
    "acute_home_visiting": (3.0, 5801),
    "care_home_support": (4.1, 5802),
    "falls_service": (3.3, 5803),
    "rehabilitation": (4.4, 5804),
    "iv_therapy_step_up": (0.5, 5805),
}
# Step-down acute beds by service (5904-5906).
STEP_DOWN_SERVICES = {
    "discharge_to_assess": (179, 5904),
    "end_of_life_care": (10, 5905),
    "iv_therapy_step_down": (31, 5906),
}
# Bed reductions against the baseline by setting (delivery plan, 4141-4160): Mar-18 and Mar-21 are
# totals, Mar-19 is given as additions to Mar-18 ("Acute (+ 50 ...)").
TRAJECTORY_STEPS = {
    "2017/18": ({"acute_nel": 130, "mh_dementia": 20, "community": 50, "mh_adult": 0}, 4141),
    "2018/19": ({"acute_nel": 50, "mh_dementia": 0, "community": 20, "mh_adult": 33}, 4153),
    "2020/21": ({"acute_nel": 397, "mh_dementia": 20, "community": 85, "mh_adult": 33}, 4157),
}


def trajectory(year: str) -> dict[str, int]:
    """Beds fewer than baseline by setting in a year of the delivery plan."""
    reductions, _ = TRAJECTORY_STEPS[year]
    if year != "2018/19":
        return dict(reductions)
    first, _ = TRAJECTORY_STEPS["2017/18"]
    return {setting: first[setting] + added for setting, added in reductions.items()}


TRAJECTORY_TOTALS = {"2017/18": 200, "2018/19": 300, "2020/21": 535}
#: Baseline beds by setting as the seed counts them (acute at 95%), the base of the reductions above.
SETTING_BASELINE = {
    "acute_nel": ACUTE_BASELINE_TOTAL,
    "community": COMMUNITY_BEDS["baseline"],
    "mh_adult": MH_ADULT_BEDS["baseline"],
    "mh_dementia": DEMENTIA_BEDS["baseline"],
}

# Evidence caps: share of bed-days that could be cared for elsewhere (5424, 5785-5791).
EVIDENCE_CAPS = {
    "acute_nel": (0.50, 5424),
    "community": (0.60, 5787),
    "mh_adult": (0.33, 5789),
    "mh_dementia": (0.75, 5791),
}
MH_ADULT_OCCUPANCY_LINE = 2480  # "leading to bed occupancy of 100%"
MH_ADULT_MEAN_STAY = (45, 5515)  # "over 45 days"

# NEL admissions by cohort, thousands, 2015/16 (5481-5495).
COHORTS = {
    "feat": ("Frail elderly (FEAT)", 10.6, 5490),
    "acute_acs": ("Acute ambulatory-care-sensitive, single", 1.7, 5491),
    "chronic_acs": ("Chronic ambulatory-care-sensitive", 7.6, 5492),
    "over_65": ("65+ outside FEAT", 32.9, 5493),
    "other": ("Other admissions", 47.3, 5494),
}
NEL_ADMISSIONS = {"baseline": (100.1, 5495), "target": (81.5, 5867), "growth_avoided": (9.0, 5796)}

# Delivery plan phasing (4045-4116).
CASE_MANAGEMENT = {"2017/18": (20000, 4045), "2018/19": (30000, 4048), "2020/21": (50000, 4051)}
CONDITION_MANAGEMENT_SHARE = (0.15, 4059)  # 15% of people with ongoing care needs (long-term conditions)
STEP_UP_ADMISSIONS = {"2017/18": (4500, 4073), "2018/19": (9000, 4104), "2020/21": (15288, 5582)}
STEP_DOWN_EPISODES = {"2017/18": (4800, 4076), "2018/19": (6000, 4106), "2020/21": (10000, 4116)}

# Money (£m unless said otherwise).
GAP = (219.0, 871)
NET_IMPACT = {
    "place": (20.0, 5291),
    "prevention": (5.0, 5293),
    "urgent_care": (18.0, 5343),
    "efficiency": (124.0, 5345),
}
TOTAL_NET_BENEFIT = (222.0, 3636)
PLACE_DEVELOPMENT = (10.0, 1669)  # c.£0.5m per place
PRESCRIBING = {"current": (157.0, 1543), "forecast": (187.0, 1545)}
# Acute planned care: £261m now, £305m forecast for 2020/21 (1556-1560); the STP will "reduce (avoid)
# 5% of forecast planned care activity" (1562-1568, the phrase split over the table's columns).
PLANNED_CARE = {"current": (261.0, 1558), "forecast": (305.0, 1560), "avoided": (0.05, 1562)}
# National-priority investments, £000s 2017/18..2020/21 (3703-3725).
GP_FORWARD_VIEW = ((5480, 7285, 7285, 7285), 3704)
MH_TASKFORCE = ((5069, 7509, 7509, 7509), 3706)
DIGITAL_ROADMAP_REVENUE = ((5673, 5206, 5206, 5206), 3707)
DIGITAL_ROADMAP_CAPITAL = (33.0, 5110)
SEVEN_DAY_SERVICES = ((2000, 0, 0, 0), 3703)
CAMHS = ((1778, 0, 0, 0), 3705)
# The financial plan, £m, 2016/17..2020/21 (3744-3837): the year each figure is read from is the
# line of its first column; the other columns follow two lines apart.
FINANCIAL_PLAN_YEARS = ("2016/17", "2017/18", "2018/19", "2019/20", "2020/21")
REVISED_ALLOCATIONS = ((1711.0, 1775.0, 1812.0, 1879.0, 1948.0), 3783)
EXPENDITURE = ((1725.0, 1788.0, 1818.0, 1881.0, 1945.0), 3795)
POSITION_AS_PER_MODEL = ((-14.0, -13.0, -6.0, -2.0, 3.0), 3805)
NATIONAL_ALLOCATIONS = ((0.0, 20.0, 20.0, 20.0, 20.0), 3815)
DO_NOTHING_SPEND_2020 = (2167.0, 3868)  # the 'shape' of the system's costs, £2,167m
EFFICIENCY_SCOPE = {
    "workforce_productivity": (700.0, 3133),
    "clinical_support": (90.0, 3160),
    "procurement": (140.0, 3181),
    "estates": (147.0, 3185),
    "back_office_provider": (43.0, 3191),
    "back_office_commissioner": (31.0, 3193),
    "agency": (25.0, 3199),
}
WORKFORCE_PRODUCTIVITY = (0.05, 4181)
COMMISSIONER_CUT = (0.66, 4208)
INFLATION = (0.025, 903)
CHC_SPEND = (78.0, 1293)
PREVENTION = {
    "stop_smoking": (26000, 2231),
    "weight_management": (47000, 2316),
    "alcohol_interventions": (9500, 2321),
}

# Workforce. "2,500 more staff delivering place-based care (c.10% of our current workforce)" (3988);
# "our workforce of 5 years time is predominantly the workforce we have now" (3989-3990); place-based
# care needs an "Additional c.50-80 wte per place" (1589-1590) and urgent care an "Additional
# investment c.25-40 wte per place" (2910-2912); mental health nurses are "difficult to recruit to
# band 5s, national shortage leading to use of temporary staff" (826-827).
PLACE_BASED_STAFF = (2500, 3988)
WORKFORCE_TRANSITION_LINES = "3989-3990"
PLACE_WTE_RANGE = ((50, 80), "1589-1590")
URGENT_CARE_WTE_RANGE = ((25, 40), "2910-2912")
NURSE_SHORTAGE_LINES = "826-827"
