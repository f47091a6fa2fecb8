"""The STP's interventions: what each is, its scale in 2020/21, what it does and what it costs.

Totals are for the whole system at the STP's 2020/21 scale; `calibrate.py` turns them into per-unit
effects and spreads the scale over places by population. `phasing` gives the share of the target
scale reached in each year, or names a group whose phasing is fitted to the seed's bed trajectory.
Costs marked `calibrated` are scaled by one factor per care priority so that the planned mix
reproduces the seed's net impact by priority. What the efficiency and "other" priorities save
beyond their named schemes, and the commitments the model does not scale (Seven Day Services,
CAMHS, the Local Digital Roadmap), are fixed contributions (`finance.py`), not decisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import assumptions as assumed
import seed_facts as seed
from assumptions import assume
from seed_facts import cite

LINEAR = (0.25, 0.5, 0.75, 1.0)
STEADY = (0.4, 0.6, 0.8, 1.0)


@dataclass(frozen=True)
class Spec:
    intervention: str
    name: str
    priority: str
    level: str
    unit: str
    target: float
    source: str
    phasing: tuple[float, ...] | str = STEADY
    phasing_source: str = assume("phasing over the years set by the analyst; the seed gives the target year")
    bridge: str = ""
    where: str = "population"  # population | each | north | ucc
    admissions: dict[str, float] = field(default_factory=dict)  # cohort: admissions at target
    beds: dict[str, float] = field(default_factory=dict)  # setting: beds avoided at target
    beds_source: str = ""
    direct_gbp: float = 0.0  # per unit
    direct_source: str = ""
    cost_gbp: float = 0.0  # revenue per unit, before calibration
    cost_source: str = ""
    cost_rule: str = "fixed"  # fixed | calibrated
    fitted_saving: bool = False  # direct saving per unit fitted to the priority's net impact
    #: The people a people-based scheme draws on (whole system) and the seed line that counts them;
    #: its eligible scale never exceeds them. Schemes counted in admissions, episodes or bed-days are
    #: held to their physical scope by the cohort and evidence caps instead.
    scope: tuple[float, str] | None = None
    capital_gbp: float = 0.0
    capital_source: str = ""
    wte: dict[str, float] = field(default_factory=dict)  # staff group: WTE at target
    mandated: bool = False
    mandate_source: str = ""  # the seed's line saying the investment is committed

    @property
    def spend_in_scope(self) -> bool:
        """Whether the scheme acts on a spend (its unit is £m of some spend in scope)."""
        return self.unit.endswith("in scope")


UNIT_COST = assume(
    "unit cost set by the analyst, then scaled by the priority's calibration factor (see README)"
)
#: Place-based care keeps the analyst's unit costs: at the seed's 5% of forecast planned care avoided,
#: scaling them to net the seed's £20m would leave each place investing below the seed's c.£1-3m
#: (004:1586). The saving the model does not otherwise carry is fitted instead (see README).
PLACE_UNIT_COST = assume(
    "unit cost set by the analyst, not scaled: place-based care is fitted through case management's "
    "care-home saving (see README)"
)
CARE_HOME_SAVING = (
    f"{cite(1519, 'reduced use of long-term bedded care (care homes) by proactive care, not quantified')}; "
    f"{assume('saving per person case-managed fitted so place-based care nets £20m (004:5291)')}"
)
COHORT_SPLIT = "cohorts split by assumption so each cohort's 2020/21 admissions match 004:5868-5878"
WTE_REASON = assume(
    "WTE per unit set so place-based care needs c.50-80 WTE a place (004:1589), urgent care 25-40 (004:2911)"
)
GROWTH_SPLIT = (
    "growth-avoidance split by assumption: case management 3.5k, condition management 2.2k, prevention 3.3k"
)
STEP_UP_PHASING = "fitted"
NATIONAL_PRIORITY = cite(
    3649,
    "investments in national and local priority areas within the financial plan, "
    "funded from national STF allocations",
)

# One planned-care base, shared so that no pound is saved twice (all £m, 2020/21). Elective demand
# management avoids 5% of the £305m forecast first (004:1560, 1562-1568); outpatient redesign acts on
# the outpatients in what is left; acute productivity on what is left in hospital after that. Each
# scope is the spend left when the schemes before it run in full, so the three together save at most
# 15.25 + 3.59 + 13.77 = £32.61m of the £305m, whatever their scales.
PLANNED_CARE_FORECAST = seed.PLANNED_CARE["forecast"][0]  # 305
AVOIDED_SHARE = seed.PLANNED_CARE["avoided"][0]  # 5% avoided: 15.25
PLANNED_CARE_LEFT = PLANNED_CARE_FORECAST * (1.0 - AVOIDED_SHARE)  # 289.75
OUTPATIENT_SCOPE = assumed.OUTPATIENT_SHARE * PLANNED_CARE_LEFT  # 130.39
#: Share of outpatient spend moved to another setting: 5% of first and 15% of follow-up attendances
#: (004:4212) at a 40:60 mix of spend (assumption).
OUTPATIENT_MOVED = 0.05 * 0.4 + 0.15 * 0.6  # 0.11: 14.34
ACUTE_ACTIVITY_SCOPE = PLANNED_CARE_LEFT - OUTPATIENT_MOVED * OUTPATIENT_SCOPE  # 275.41
OUTPATIENT_NOTE = (
    f"£{OUTPATIENT_SCOPE:.2f}m of outpatients: 45% of the £{PLANNED_CARE_LEFT:.2f}m left of the £305m "
    "forecast once 5% is avoided (004:1562)"
)
PLANNED_CARE_SPLIT = (
    f"one base shared with outpatient redesign (£{OUTPATIENT_SCOPE:.2f}m) and acute productivity "
    f"(£{ACUTE_ACTIVITY_SCOPE:.2f}m), no pound counted twice"
)

#: The people each people-based scheme draws on, whole system, with the seed line that counts them.
POPULATION = 1000.0 * sum(assumed.PLACE_POPULATION.values())  # the places' populations are in thousands
ONGOING_CARE_NEEDS = (
    0.20 * POPULATION,
    cite(3557, f"people with ongoing care needs, c.20% of the population: {0.20 * POPULATION:,.0f}"),
)
SMOKERS = (162_000.0, cite(849, "162,000 people in Derbyshire smoke"))
OVERWEIGHT = (585_000.0, cite(2255, "585,000 adults overweight or obese"))
DRINKERS = (190_000.0, cite(2262, "190,000 increasing and higher risk drinkers"))

CARE: tuple[Spec, ...] = (
    Spec(
        "case_management",
        "Intensive case management (frail elderly focus)",
        "place",
        "place",
        "people case-managed",
        50000,
        cite(4051, "5% (50k) of our most complex patients"),
        phasing=(0.4, 0.6, 0.8, 1.0),
        phasing_source=cite(4045, "20k in 2017/18; 30k in 2018/19 at 4048; 2019/20 assumed midway"),
        bridge="growth_avoided",
        admissions={"feat": 950, "over_65": 2550},
        beds={"acute_nel": 134 * 3.5 / 9, "community": 40 * 400 / 686, "mh_adult": 8, "mh_dementia": 5},
        beds_source=cite(5578, f"growth avoided 134/40/18/5 beds; {GROWTH_SPLIT}"),
        direct_source=CARE_HOME_SAVING,
        fitted_saving=True,
        cost_gbp=250,
        cost_source=PLACE_UNIT_COST,
        capital_gbp=40,
        capital_source=assume(
            "community hub capital per person managed; seed: hubs need redevelopment (004:389)"
        ),
        wte={"nursing": 300, "therapy": 100, "social_care": 150, "medical": 50},
        scope=ONGOING_CARE_NEEDS,
    ),
    Spec(
        "condition_management",
        "Condition management for long-term conditions",
        "place",
        "place",
        "people supported",
        150000,
        cite(4059, "15% of people with ongoing care needs, 150k on the 1 million base of 5% = 50k at 4051"),
        phasing="fitted",
        bridge="growth_avoided",
        admissions={"acute_acs": 150, "chronic_acs": 680, "over_65": 420, "other": 950},
        beds={"acute_nel": 134 * 2.2 / 9, "community": 40 * 286 / 686, "mh_adult": 10},
        beds_source=cite(5578, GROWTH_SPLIT),
        cost_gbp=50,
        cost_source=PLACE_UNIT_COST,
        wte={"nursing": 250, "pharmacy": 50, "therapy": 100, "medical": 50},
        scope=ONGOING_CARE_NEEDS,
    ),
    Spec(
        "medicines_management",
        "Medicines management: prescribing growth under 3% a year",
        "place",
        "place",
        "£m of prescribing in scope",
        seed.PRESCRIBING["current"][0],
        cite(1543, "£157m prescribing spend"),
        phasing=LINEAR,
        direct_gbp=(187.0 - 157.0 * 1.03**4) / 157.0 * 1e6,
        direct_source=cite(1545, "forecast £187m against £157m grown at 3% a year for 4 years (004:1613)"),
        cost_gbp=10_000,
        cost_source=PLACE_UNIT_COST,
        wte={"pharmacy": 100},
    ),
    Spec(
        "elective_demand_management",
        "Managing elective demand: avoid 5% of forecast planned care",
        "place",
        "place",
        "£m of planned care in scope",
        PLANNED_CARE_FORECAST,
        cite(1560, f"£305m forecast acute planned care spend in 2020/21; {PLANNED_CARE_SPLIT}"),
        phasing=LINEAR,
        direct_gbp=AVOIDED_SHARE * 1e6,
        direct_source=cite(
            1562,
            "reduce (avoid) 5% of forecast planned care activity (004:1562-1568): £15.25m of the £305m "
            "forecast, taken off the shared planned-care base first",
        ),
        cost_gbp=5_000,
        cost_source=PLACE_UNIT_COST,
        wte={"medical": 30, "nursing": 20},
    ),
    Spec(
        "place_development",
        "Place development support",
        "place",
        "place",
        "place teams",
        21,
        cite(1669, "£10m, c.£0.5m per place"),
        phasing=(1.0, 1.0, 1.0, 1.0),
        where="each",
        phasing_source=cite(
            1654, "interim support already allocated to each place; in place from 2017/18 by assumption"
        ),
        cost_gbp=10_000_000 / 21,
        cost_source=cite(1669, "£10m over 21 places"),
        mandated=True,
        mandate_source=cite(1655, "interim management support has been allocated to each place"),
    ),
    Spec(
        "gp_forward_view",
        "GP Forward View investment",
        "place",
        "system",
        "£m invested",
        7.285,
        cite(3704, "national priority investment, £000s"),
        phasing=tuple(value / 7285 for value in seed.GP_FORWARD_VIEW[0]),
        phasing_source=cite(3704, "5,480 / 7,285 / 7,285 / 7,285 £000s"),
        cost_gbp=1e6,
        cost_source=cite(3704, "one £m invested costs £1m"),
        mandated=True,
        mandate_source=NATIONAL_PRIORITY,
    ),
    Spec(
        "stop_smoking",
        "Stop smoking (Wellness Plus)",
        "prevention",
        "place",
        "smokers quitting",
        26000,
        cite(2231, "26,000 quitters"),
        phasing="prevention",
        bridge="growth_avoided",
        admissions={"other": 1100},
        beds={"acute_nel": 134 * 1.1 / 9},
        beds_source=cite(
            5578, f"{GROWTH_SPLIT}; prevention 3.3k by assumption, from 7k/15k/20k at 004:2253-2265"
        ),
        direct_gbp=100,
        direct_source=assume(
            "outpatient, GP and prescribing costs avoided per quitter (£34m for 162k smokers, 004:2251)"
        ),
        cost_gbp=150,
        cost_source=UNIT_COST,
        cost_rule="calibrated",
        wte={"social_care": 60},
        scope=SMOKERS,
    ),
    Spec(
        "weight_management",
        "Weight management",
        "prevention",
        "place",
        "adults reducing weight",
        47000,
        cite(2316, "47,000 reducing weight"),
        phasing="prevention",
        bridge="growth_avoided",
        admissions={"other": 1200},
        beds={"acute_nel": 134 * 1.2 / 9},
        beds_source=cite(5578, GROWTH_SPLIT),
        direct_gbp=50,
        direct_source=assume("non-admission costs avoided per person (£116m for 585k, 004:2257)"),
        cost_gbp=80,
        cost_source=UNIT_COST,
        cost_rule="calibrated",
        wte={"social_care": 60},
        scope=OVERWEIGHT,
    ),
    Spec(
        "alcohol_interventions",
        "Alcohol interventions",
        "prevention",
        "place",
        "drinkers cutting down",
        9500,
        cite(2321, "9,500 fewer harmful drinkers"),
        phasing="prevention",
        bridge="growth_avoided",
        admissions={"other": 1000},
        beds={"acute_nel": 134 * 1.0 / 9},
        beds_source=cite(5578, GROWTH_SPLIT),
        direct_gbp=300,
        direct_source=assume("A&E, ambulance and GP costs avoided per drinker (£74m for 190k, 004:2264)"),
        cost_gbp=250,
        cost_source=UNIT_COST,
        cost_rule="calibrated",
        wte={"social_care": 30},
        scope=DRINKERS,
    ),
)

STEP_UP_COHORTS = {
    "acute_home_visiting": {"over_65": 2000, "other": 1000},
    "care_home_support": {"feat": 2600, "over_65": 1500},
    "falls_service": {"feat": 2500, "over_65": 800},
    "rehabilitation": {"over_65": 2200, "other": 2200},
    "iv_therapy_step_up": {"other": 388, "acute_acs": 100},
}
STEP_UP_NAMES = {
    "acute_home_visiting": "Acute home visiting service",
    "care_home_support": "Care home support service",
    "falls_service": "Falls pick-up service",
    "rehabilitation": "Rehabilitation at home",
    "iv_therapy_step_up": "IV therapy at home (step-up)",
}


def step_up_specs() -> tuple[Spec, ...]:
    """The five step-up services; one unit is one admission avoided."""
    specs = []
    for key, (thousands, line) in seed.STEP_UP_SERVICES.items():
        target = sum(STEP_UP_COHORTS[key].values())
        specs.append(
            Spec(
                key,
                STEP_UP_NAMES[key],
                "urgent_care",
                "place",
                "admissions avoided",
                target,
                cite(line, f"{thousands}k admissions avoided"),
                phasing="step_up",
                phasing_source=cite(
                    4073, "4,500 in 2017/18, 9,000 in 2018/19 (004:4104), 15,288 by 2020/21 (004:5582)"
                ),
                bridge="step_up",
                admissions=STEP_UP_COHORTS[key],
                beds={"acute_nel": 143 * target / 15288},
                beds_source=cite(
                    5642, f"143 acute beds over 15,288 admissions avoided (004:5582); {COHORT_SPLIT}"
                ),
                cost_gbp=1200,
                cost_source=UNIT_COST,
                cost_rule="calibrated",
                wte={
                    "nursing": 200 * target / 15288,
                    "therapy": 150 * target / 15288,
                    "social_care": 80 * target / 15288,
                    "medical": 20 * target / 15288,
                },
            )
        )
    return tuple(specs)


STEP_DOWN_EPISODES = {"discharge_to_assess": 6951, "end_of_life_care": 388, "iv_therapy_step_down": 1204}
STEP_DOWN_NAMES = {
    "discharge_to_assess": "Discharge to assess and manage",
    "end_of_life_care": "End-of-life care at home",
    "iv_therapy_step_down": "IV therapy at home (step-down)",
}
STEP_DOWN_COSTS = {"discharge_to_assess": 1500, "end_of_life_care": 2500, "iv_therapy_step_down": 1500}


def step_down_specs() -> tuple[Spec, ...]:
    """Acute step-down services and community step-down; one unit is one episode."""
    specs = []
    for key, (beds, line) in seed.STEP_DOWN_SERVICES.items():
        episodes = STEP_DOWN_EPISODES[key]
        specs.append(
            Spec(
                key,
                STEP_DOWN_NAMES[key],
                "urgent_care",
                "place",
                "episodes",
                episodes,
                cite(line, f"{beds} beds; {episodes} of the 8,543 step-down episodes at 9.4 days (004:5662)"),
                phasing="step_down_acute",
                phasing_source=cite(
                    4076, "4,800 / 6,000 / 10,000 step-down episodes (004:4106, 4116), split by fit"
                ),
                bridge="step_down",
                beds={"acute_nel": beds},
                beds_source=cite(line, f"{beds} acute beds"),
                cost_gbp=STEP_DOWN_COSTS[key],
                cost_source=UNIT_COST,
                cost_rule="calibrated",
                wte={
                    "nursing": 0.01 * episodes,
                    "therapy": 0.008 * episodes,
                    "social_care": 0.007 * episodes,
                },
            )
        )
    specs.append(
        Spec(
            "community_step_down",
            "Step-down care at home instead of a community bed",
            "urgent_care",
            "place",
            "episodes",
            1457,
            cite(5664, "1,457 episodes at 21.3 days"),
            phasing="step_down_community",
            phasing_source=cite(4076, "step-down episodes by year, split between acute and community by fit"),
            bridge="step_down",
            beds={"community": 85},
            beds_source=cite(5708, "85 community beds"),
            cost_gbp=2500,
            cost_source=UNIT_COST,
            cost_rule="calibrated",
            wte={"nursing": 0.01 * 1457, "therapy": 0.008 * 1457, "social_care": 0.007 * 1457},
        )
    )
    return tuple(specs)


UCC_ADMISSIONS = 1000
URGENT: tuple[Spec, ...] = (
    Spec(
        "gp_triage",
        "GP triage and primary-care streaming",
        "urgent_care",
        "place",
        "admissions avoided",
        3415 - UCC_ADMISSIONS,
        cite(5693, "3,415 admissions at 3.6 days; the part not at UCCs"),
        phasing="gp_triage",
        bridge="urgent_care",
        admissions={"other": 3415 - UCC_ADMISSIONS},
        beds={"acute_nel": 34 * (3415 - UCC_ADMISSIONS) / 3415},
        beds_source=cite(5702, "34 acute beds over 3,415 admissions; split with UCCs by assumption"),
        cost_gbp=300,
        cost_source=UNIT_COST,
        cost_rule="calibrated",
        wte={"medical": 20, "nursing": 30},
    ),
    Spec(
        "ucc_streaming",
        "Streaming at a co-located urgent care centre",
        "urgent_care",
        "site",
        "admissions avoided",
        UCC_ADMISSIONS,
        cite(4149, "co-located UCC at RDH and CRH"),
        phasing="ucc",
        bridge="urgent_care",
        where="ucc",
        admissions={"other": UCC_ADMISSIONS},
        beds={"acute_nel": 34 * UCC_ADMISSIONS / 3415},
        beds_source=cite(5702, "34 acute beds over 3,415 admissions; 1,000 at UCCs by assumption"),
        cost_gbp=400,
        cost_source=UNIT_COST,
        cost_rule="calibrated",
        wte={"nursing": 20, "medical": 10},
    ),
)

MENTAL_HEALTH: tuple[Spec, ...] = (
    Spec(
        "mh_home_treatment",
        "Enhanced MH home treatment",
        "other",
        "place",
        "episodes treated at home",
        14 * 365 / 45,
        cite(5613, "14 adult MH beds avoided by step-up"),
        phasing="mental_health",
        bridge="step_up",
        beds={"mh_adult": 14},
        beds_source=cite(5613, "14 beds; 45-day mean stay at 004:5515 sets the episodes"),
        cost_gbp=6000,
        cost_source=assume("cost per home-treatment episode"),
        wte={"nursing": 20, "medical": 5},
    ),
    Spec(
        "mh_rehab",
        "Enhanced MH community rehabilitation",
        "other",
        "place",
        "patients stepped down",
        19 * 365 / 30,
        cite(5616, "19 adult MH beds avoided by step-down"),
        phasing="mental_health",
        bridge="step_down",
        beds={"mh_adult": 19},
        beds_source=cite(5616, "19 beds; 30 bed-days saved per patient by assumption"),
        cost_gbp=4000,
        cost_source=assume("cost per patient in community rehabilitation"),
        wte={"nursing": 15, "therapy": 10},
    ),
    Spec(
        "dementia_rapid_response",
        "Dementia rapid response team (north)",
        "other",
        "place",
        "people supported at home",
        20 * 365 / 50,
        cite(
            2969, "Dementia Rapid Response Team in the north, to reduce dependency on community dementia beds"
        ),
        phasing="dementia",
        bridge="step_up",
        where="north",
        beds={"mh_dementia": 20},
        beds_source=cite(5614, "20 dementia beds; 50 bed-days saved per person by assumption"),
        cost_gbp=5000,
        cost_source=assume("cost per person supported at home"),
        wte={"nursing": 15, "social_care": 10},
    ),
    Spec(
        "mh_taskforce",
        "Mental Health Taskforce investment",
        "other",
        "system",
        "£m invested",
        7.509,
        cite(3706, "national priority investment, £000s"),
        phasing=tuple(value / 7509 for value in seed.MH_TASKFORCE[0]),
        phasing_source=cite(3706, "5,069 / 7,509 / 7,509 / 7,509 £000s"),
        cost_gbp=1e6,
        cost_source=cite(3706, "one £m invested costs £1m"),
        mandated=True,
        mandate_source=NATIONAL_PRIORITY,
    ),
)


def _scheme(
    key: str,
    name: str,
    priority: str,
    scope: float,
    source: str,
    rate: float,
    rate_source: str,
    **extra: object,
) -> Spec:
    return Spec(
        key,
        name,
        priority,
        "system",
        "£m of spend in scope",
        scope,
        source,
        phasing=STEADY,
        phasing_source=cite(
            4177, "1% a year productivity, 5% by 2020/21 (004:4181); the same pace for all schemes"
        ),
        direct_gbp=rate * 1e6,
        direct_source=rate_source,
        **extra,
    )  # type: ignore[arg-type]


INFLATION_AVOIDED = 1.0 - 1.0 / 1.025**4
SCHEMES: tuple[Spec, ...] = (
    _scheme(
        "workforce_productivity",
        "Optimised use of clinical workforce",
        "efficiency",
        700.0,
        cite(3133, "clinical workforce spend c.£700m"),
        0.05,
        cite(4181, "5% productivity by 2020/21"),
    ),
    _scheme(
        "clinical_support",
        "Pharmacy, pathology and radiology",
        "efficiency",
        90.0,
        cite(3160, "est. £90m"),
        0.08,
        assume("8% from single county-wide services; the seed gives no rate"),
    ),
    _scheme(
        "procurement",
        "Procurement transformation",
        "efficiency",
        140.0,
        cite(3181, "c.£140m in scope"),
        1.025**4 - 1,
        cite(4194, "zero inflation against 2.5% a year (004:903) for four years"),
    ),
    _scheme(
        "estates",
        "Estates and facilities",
        "efficiency",
        147.0,
        cite(3185, "circa £147m"),
        1.025**4 - 1,
        cite(4198, "no cost increase against 2.5% a year inflation (004:903)"),
    ),
    _scheme(
        "back_office_provider",
        "Provider back office",
        "efficiency",
        43.0,
        cite(3191, "circa £43m"),
        0.25,
        assume("25% cut to bring back office to no more than 6% of costs (004:4203)"),
    ),
    _scheme(
        "back_office_commissioner",
        "Single strategic commissioner",
        "efficiency",
        31.0,
        cite(3193, "circa £31m"),
        0.66,
        cite(4208, "reduce cost by 66%"),
    ),
    _scheme(
        "agency",
        "Agency staffing control",
        "efficiency",
        25.0,
        cite(3199, "circa £25m"),
        0.40,
        assume("40% less agency spend through caps and e-rostering (004:3090-3095)"),
    ),
    _scheme(
        "outpatient_redesign",
        "Outpatients in the right setting",
        "other",
        OUTPATIENT_SCOPE,
        f"{cite(1560, OUTPATIENT_NOTE)}; {assumed.OUTPATIENT_REASON}",
        OUTPATIENT_MOVED * 0.25,
        cite(4212, "5% of first and 15% of follow-up outpatients at 75% of cost; 40:60 mix by assumption"),
    ),
    _scheme(
        "acute_productivity",
        "Acute planned-care productivity",
        "other",
        ACUTE_ACTIVITY_SCOPE,
        cite(
            1560,
            f"£{ACUTE_ACTIVITY_SCOPE:.2f}m: the £305m forecast less the 5% avoided (004:1562) and the "
            f"£{OUTPATIENT_MOVED * OUTPATIENT_SCOPE:.2f}m of outpatients moved to other settings (004:4212)",
        ),
        0.05,
        cite(4212, "5% productivity in acute activity"),
    ),
    _scheme(
        "chc_in_place",
        "Continuing healthcare assessed and provided in place",
        "other",
        78.0,
        cite(1293, "£78m CHC"),
        0.10,
        assume("10% saving from assessment and care at home (004:4228)"),
    ),
)


def catalogue() -> tuple[Spec, ...]:
    return (*CARE, *step_up_specs(), *step_down_specs(), *URGENT, *MENTAL_HEALTH, *SCHEMES)
