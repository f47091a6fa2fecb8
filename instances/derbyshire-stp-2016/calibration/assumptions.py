"""What the seed does not say, chosen here with the reason for each choice.

Every value below reaches the instance with a source of the form `assumption: <reason>`; the
README of this folder lists them. Replace them with local data where it exists.
"""

from __future__ import annotations


def assume(reason: str) -> str:
    """An assumption source; "; " separates source parts, so it may not appear inside the reason."""
    return f"assumption: {reason.replace('; ', ', ')}"


# Places: population (thousands) and the CCG area used to group community hospitals. The seed gives
# only the range, 30k (city centre) to 100k (very rural) per place (1210-1230), and a total over
# 1 million (465).
POPULATION_REASON = assume(
    "seed gives only a 30k-100k range per place (004:1210-1230) and over 1 million in all (004:465); "
    "sizes set by the analyst from each place's kind, city-centre places smallest, the north's eight "
    "places summing to the seed's 390,000 (004:5531)"
)
PLACE_POPULATION = {
    "erewash_ilkeston": 60,
    "erewash_long_eaton": 55,
    "dronfield_north_east": 60,
    "north_hardwick_ne": 55,
    "chesterfield_east": 50,
    "chesterfield_central": 50,
    "central_south_hardwick": 50,
    "dales_north": 35,
    "north_high_peak": 50,
    "buxton": 40,
    "south_dales": 50,
    "heanor": 45,
    "ripley": 45,
    "belper_group": 40,
    "south_derbyshire": 100,
    "derby_city_centre_north": 30,
    "derby_city_centre_south": 30,
    "derby_city_north_east": 50,
    "derby_city_north_west": 50,
    "derby_city_south_east": 50,
    "derby_city_south_west": 45,
}
NORTH_PLACES = (
    "dronfield_north_east",
    "north_hardwick_ne",
    "chesterfield_east",
    "chesterfield_central",
    "central_south_hardwick",
    "dales_north",
    "north_high_peak",
    "buxton",
)
NORTH_REASON = "north = North Derbyshire and Hardwick CCG places, by name (CCGs at 004:430)"

# Where each place's acute NEL patients go before fitting: Royal Derby, Chesterfield Royal, out of
# area (Nottingham, Sheffield, Burton, Stockport, Mansfield; 004:471). Fitted to the seed's site
# baselines by iterative proportional fitting, which keeps every zero.
ACUTE_PRIOR_REASON = assume(
    "seed gives site totals only; prior flows set from geography (Erewash to Nottingham, High Peak to "
    "Stockport, Dronfield to Sheffield, South Derbyshire to Burton; 004:471) and fitted to the site "
    "baselines by iterative proportional fitting"
)
ACUTE_PRIOR = {
    "erewash_ilkeston": (0.45, 0.0, 0.55),
    "erewash_long_eaton": (0.25, 0.0, 0.75),
    "dronfield_north_east": (0.0, 0.55, 0.45),
    "north_hardwick_ne": (0.0, 0.70, 0.30),
    "chesterfield_east": (0.0, 0.92, 0.08),
    "chesterfield_central": (0.0, 0.92, 0.08),
    "central_south_hardwick": (0.05, 0.65, 0.30),
    "dales_north": (0.05, 0.65, 0.30),
    "north_high_peak": (0.0, 0.05, 0.95),
    "buxton": (0.05, 0.25, 0.70),
    "south_dales": (0.60, 0.30, 0.10),
    "heanor": (0.60, 0.05, 0.35),
    "ripley": (0.70, 0.15, 0.15),
    "belper_group": (0.85, 0.05, 0.10),
    "south_derbyshire": (0.70, 0.0, 0.30),
}
CITY_PRIOR = (0.95, 0.0, 0.05)

DEMAND_REASON = assume(
    "seed gives no place-level activity; each place's bed use is proportional to its population and "
    "sums, over the places a site serves, to the site's baseline beds"
)
COMMUNITY_SPLIT_REASON = assume(
    "seed gives 210 community beds over 9 sites (004:2486) without sizes; grouped into north and south "
    "hospitals in proportion to population"
)
DEMENTIA_REASON = "the 50 older-people MH beds are North Derbyshire's (004:5530), in its community hospitals"
HOST_REASON = assume(
    "host place chosen as the place containing the hospital's town; it only staffs site services"
)

# Cost per bed (assumptions: round figures of the order of NHS reference costs, not in the seed).
BED_COSTS = {
    # setting: (variable £ per bed-day, fixed £ per bed-year at owned sites)
    "acute_nel": (75.0, 85_000.0),
    "community": (50.0, 73_000.0),
    "mh_adult": (60.0, 124_000.0),
    "mh_dementia": (60.0, 124_000.0),
}
# Out-of-area acute care is bought at a price per spell (admission), not per bed-day; the model
# prices bed-days, so each out-of-area bed-day is priced at the spell price over the mean stay.
NEL_SPELL_PRICE = 1590.0  # £ per non-elective spell, bought: no fixed cost is saved
NEL_SPELL_PRICE_REASON = assume(
    "public source, not the seed: NHS reference costs 2016/17, mean non-elective inpatient cost "
    "£1,590 per episode excluding excess bed days (HFMA, Reference cost data published, 5 December "
    "2017), taken as the out-of-area price per spell, bought: no fixed cost is saved"
)
BED_COST_REASON = assume(
    "round cost per bed of the order of NHS reference costs (full acute NEL cost c.£320 per occupied "
    "bed-day); the seed costs beds only inside its financial template"
)
WARD_SIZE = {"acute_nel": (30, 393), "community": (20, 393), "mh_adult": (20, 393), "mh_dementia": (20, 393)}
WARD_REASON = (
    "004:393 (c.12 fewer acute wards for c.400 beds, 4-5 community wards for 85, 1 dementia ward for 20)"
)

# Staff groups and WTE released per bed closed (assumption: typical ward establishments).
STAFF_GROUPS = {
    "nursing": "Nursing (registered and advanced practitioners)",
    "therapy": "Allied health professionals and therapists",
    "medical": "Medical (GPs and doctors)",
    "social_care": "Care and support workers, health trainers",
    "pharmacy": "Pharmacists and pharmacy technicians",
}
WTE_PER_BED = {
    "acute_nel": {"nursing": 1.4, "therapy": 0.2, "medical": 0.15, "social_care": 0.5, "pharmacy": 0.05},
    "community": {"nursing": 1.2, "therapy": 0.3, "medical": 0.05, "social_care": 0.6, "pharmacy": 0.02},
    "mh_adult": {"nursing": 1.6, "therapy": 0.2, "medical": 0.1, "social_care": 0.6, "pharmacy": 0.02},
    "mh_dementia": {"nursing": 1.5, "therapy": 0.1, "medical": 0.05, "social_care": 0.8, "pharmacy": 0.02},
}
WTE_PER_BED_REASON = assume("typical ward establishment per bed; the seed gives no staffing ratios")
# Workforce limits, from the seed's workforce figures (seed_facts: 2,500 more staff, 3988; c.50-80
# and c.25-40 WTE per place, 1589-1590 and 2910-2912), never from the planned mix. Each place's
# share of the 2,500 is its share of the population; 21 places × (80 + 40), the ranges' upper ends,
# is 2,520, so the 2,500 is the seed's per-place figures at their upper end.
WORKFORCE_SHARE_REASON = assume(
    "each place's share of the seed's 2,500 more place-based staff (004:3988) is its share of the "
    "population, c.119 WTE for an average place, the upper ends of c.50-80 place-based (004:1589-1590) "
    "and c.25-40 urgent-care WTE per place (004:2910-2912)"
)
#: Split of a place's new staff by group. The seed names nursing, AHP, pharmacy, medical and care
#: workforce (004:3996-4002) but gives no shares: a round skill mix of an integrated community
#: team, nurse-led, with care and support workers the next largest group.
GROUP_MIX = {"nursing": 0.40, "therapy": 0.20, "medical": 0.08, "social_care": 0.25, "pharmacy": 0.07}
GROUP_MIX_REASON = assume(
    "split by group a round skill mix of an integrated community team (nursing 40%, therapy 20%, "
    "care and support 25%, medical 8%, pharmacy 7%), the seed names the groups (004:3996-4002) "
    "but gives no shares"
)
#: Each acute site's co-located urgent care centre is a site service staffed from its host place; it
#: counts as one more urgent-care team at the seed's upper end, c.40 WTE (004:2910-2912), nurse-led
#: with medical cover. Without it the two host places would staff the hospitals' UCCs from their
#: own place-based share.
SITE_UCC_WTE = 40.0
SITE_UCC_MIX = {"nursing": 0.6, "medical": 0.4}
SITE_UCC_REASON = assume(
    "the host place of an acute site also staffs its co-located UCC: one more urgent-care team at the "
    "seed's upper end, c.40 WTE (004:2910-2912), 60% nurses and 40% doctors"
)
#: Of each place's new staff, the share already in post in community, primary and social care teams
#: that join the place's integrated team without recruitment or bed closures. The seed: the workforce
#: of five years' time is "predominantly the workforce we have now" (004:3989-3990); the rest comes
#: from closed beds (redeployment, limited by the beds closed) or recruitment.
AVAILABLE_SHARE = 0.25
AVAILABLE_REASON = assume(
    "a quarter of the place's share of new staff is already in post in community, primary and social "
    "care teams and joins without recruitment (the future workforce 'predominantly the workforce we "
    "have now', 004:3989-3990), the rest comes from closed beds or recruitment"
)
#: Yearly recruitment: the pace at which the place's whole share would arrive if every new post were
#: recruited over the four planning years; nursing at half that pace, for the national shortage the
#: seed names (004:826-827).
RECRUITMENT_YEARS = 4
NURSE_SHORTAGE_FACTOR = 0.5
HIRE_LIMIT_REASON = assume(
    "a year's recruitment at most a quarter of the place's share of new staff (the whole share "
    "recruited over the four planning years), nurses at half that pace for the national shortage "
    "the seed names (004:826-827)"
)
#: £ per WTE recruited: advertising and selection (c.£1,000), pre-employment checks and two weeks'
#: supernumerary induction (c.£1,500), and the agency premium (c.30% of a c.£35,000 post) over the
#: months the post stands vacant: three (c.£2,600), six for nurses (c.£5,200, the shortage at
#: 004:826-827). Doctors: locum cover at a higher premium. Care and support workers: lower pay and a
#: shorter induction. Redeployment: two weeks' retraining for a community role (c.£1,350 of a
#: c.£35,000 post) plus course costs; a week for care and support workers.
RECRUITMENT_COST = {"nursing": 8000, "therapy": 5000, "medical": 20000, "social_care": 3000, "pharmacy": 5000}
RECRUITMENT_COST_REASON = assume(
    "cost per WTE recruited: advertising and selection c.£1,000, checks and two weeks' induction "
    "c.£1,500, agency premium over a vacancy of three months (six for nurses, the shortage at "
    "004:826-827), locum cover for doctors, less for care and support workers"
)
REDEPLOYMENT_COST = {"nursing": 2000, "therapy": 2000, "medical": 2000, "social_care": 1000, "pharmacy": 2000}
REDEPLOYMENT_COST_REASON = assume(
    "cost per WTE redeployed from a closed bed: two weeks' retraining for a community role (c.£1,350 "
    "of a c.£35,000 post) plus course costs, a week for care and support workers"
)

# Money and capital.
CAPITAL_CHARGE_RATE = 0.085
CAPITAL_CHARGE_REASON = assume("3.5% public dividend capital plus straight-line depreciation over 20 years")
#: A public source outside the seed, so it is stated as one: NHS business cases discount with it.
DISCOUNT_RATE = 0.035
DISCOUNT_REASON = assume(
    "public source, not the seed: HM Treasury, The Green Book (appraisal and evaluation in central "
    "government), discount rate 3.5% real a year for years 0-30, as NHS business cases use"
)
#: Offered, not used by default: the instance counts adult MH beds at the seed's 100% (004:2480);
#: `[options] safe_occupancy = "mh_adult"` (or `--safe-occupancy mh_adult`) plans them at this.
MH_SAFE_OCCUPANCY = 0.85
MH_SAFE_OCCUPANCY_REASON = assume(
    "public source, not the seed: the Royal College of Psychiatrists recommends at most 85% occupancy "
    "of adult mental-health beds (Mental Health Watch, bed occupancy across mental health trusts), "
    "the seed's 100% leaves some patients treated outside Derbyshire (004:2480)"
)
CAPITAL_BUDGET = {"2017/18": 25.0, "2018/19": 40.0, "2019/20": 20.0, "2020/21": 20.0}
CAPITAL_REASON = assume(
    "plan-derived: the seed names capital needs (LDR £33m, 004:5110; UCCs 'capital dependent', "
    "004:4149) but no budget, so the budget funds the plan's own capital with headroom"
)
UCC_CAPITAL = {"royal_derby": 10_000_000.0, "chesterfield_royal": 12_000_000.0}
UCC_REASON = assume(
    "co-located urgent care centre build cost; the seed says only 'capital dependent' (004:4149)"
)

# Acute planned care: the seed gives the spend (£305m forecast, 004:1560) but not its split.
OUTPATIENT_SHARE = 0.45
OUTPATIENT_REASON = assume(
    "outpatients are 45% of acute planned care spend (c.£120m of the £261m, 004:1558), the seed gives "
    "no split"
)

# How far each intervention could go: max scale = this multiple of the STP's target-year scale.
HEADROOM = 1.5
HEADROOM_REASON = assume("eligible scale half as large again as the STP's target-year ambition")
YEARS = ("2017/18", "2018/19", "2019/20", "2020/21")
BASELINE_YEAR = "2015/16"
GROWTH_REASON = assume("do-nothing growth from 2015/16 to 2020/21 spread evenly over the five years")

# The money the seed gives only in part.
DO_NOTHING_REASON = assume(
    "do-nothing spend grows at one constant rate from 2016/17's £1,725m (004:3795) to 2020/21's "
    "£2,167m (the £1,948m allocation, 004:3791, plus the £219m gap, 004:871; £2,167m at 004:3868); "
    "the seed gives no yearly do-nothing"
)
#: How the LDR's £33m is spent over the years: the seed gives the total only (004:5110).
LDR_CAPITAL_PHASING = (0.35, 0.25, 0.2, 0.2)
LDR_CAPITAL_REASON = assume("the LDR's £33m spent 35/25/20/20% over the four years; the seed gives the total")
#: IT is charged over an IT life, not the 20 years of buildings: PDC dividend plus depreciation.
IT_CHARGE_RATE = 0.035 + 1 / 5
IT_CHARGE_REASON = assume(
    "capital charge on IT 23.5% a year: 3.5% public dividend capital plus depreciation over a "
    "five-year IT life"
)
