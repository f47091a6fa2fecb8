"""The instance's fixed tables: places, sites, settings, beds, catchment, demand, growth, cohorts, staff.

These follow from the seed facts and the assumptions alone; nothing here is calibrated against the
plan except the acute catchment, which is fitted to the seed's site baselines.
"""

from __future__ import annotations

import assumptions as assumed
import numpy as np
import pandas as pd
import seed_facts as seed
from assumptions import assume
from seed_facts import cite

ACUTE_SITES = ("royal_derby", "chesterfield_royal", "out_of_area")
OCCUPANCY = {"acute_nel": 0.95, "community": 1.0, "mh_adult": 1.0, "mh_dementia": 1.0}
DAYS = 365.0


def places() -> pd.DataFrame:
    rows = [
        (
            place,
            name,
            assumed.PLACE_POPULATION[place] * 1000,
            f"{cite(line, 'place name')}; {assumed.POPULATION_REASON}",
        )
        for place, name, line in seed.PLACES
    ]
    return pd.DataFrame(rows, columns=["place", "name", "population", "source"])


def sites() -> pd.DataFrame:
    rows = [
        (
            "royal_derby",
            "Royal Derby Hospital",
            "acute",
            "derby_city_south_west",
            f"{cite(5375, 'acute site')}; {assumed.HOST_REASON}",
        ),
        (
            "chesterfield_royal",
            "Chesterfield Royal Hospital",
            "acute",
            "chesterfield_east",
            f"{cite(5376, 'acute site')}; {assumed.HOST_REASON}",
        ),
        (
            "out_of_area",
            "Out-of-area acute providers (bought)",
            "out_of_area",
            "",
            cite(5377, "acute NEL care out of area; providers at 004:471"),
        ),
        (
            "community_north",
            "Community hospitals, north",
            "community",
            "",
            f"{cite(2486, '9 community hospital sites')}; {assumed.COMMUNITY_SPLIT_REASON}",
        ),
        (
            "community_south",
            "Community hospitals, south",
            "community",
            "",
            f"{cite(2486, '9 community hospital sites')}; {assumed.COMMUNITY_SPLIT_REASON}",
        ),
        (
            "dhcft_mental_health",
            "Derbyshire Healthcare FT adult mental-health units",
            "mental_health",
            "",
            cite(441, "one mental health Foundation Trust"),
        ),
    ]
    return pd.DataFrame(rows, columns=["site", "name", "kind", "host_place", "source"])


def settings() -> pd.DataFrame:
    rows = [
        (
            "acute_nel",
            "Acute non-elective",
            0.95,
            seed.EVIDENCE_CAPS["acute_nel"][0],
            f"{cite(5362, 'beds at 95% occupancy')}; {cite(5424, 'evidence cap 50%')}",
        ),
        (
            "community",
            "Community hospital",
            1.0,
            seed.EVIDENCE_CAPS["community"][0],
            f"{cite(5540, 'beds = episodes × ALoS / 365, i.e. at full occupancy')}; "
            f"{cite(5787, 'evidence cap 60%')}",
        ),
        (
            "mh_adult",
            "Adult mental health",
            1.0,
            seed.EVIDENCE_CAPS["mh_adult"][0],
            f"{cite(2480, 'bed occupancy of 100%')}; {cite(5789, 'evidence cap 33%')}",
        ),
        (
            "mh_dementia",
            "Older people's mental health / dementia",
            1.0,
            seed.EVIDENCE_CAPS["mh_dementia"][0],
            f"{cite(5540, 'beds counted at full occupancy as for community beds')}; "
            f"{cite(5791, 'evidence cap 75%')}",
        ),
    ]
    return pd.DataFrame(rows, columns=["setting", "name", "occupancy", "evidence_cap", "source"])


def north_share() -> float:
    population = assumed.PLACE_POPULATION
    return sum(population[place] for place in assumed.NORTH_PLACES) / sum(population.values())


def site_beds() -> pd.DataFrame:
    """Baseline beds per site and setting, with costs and ward sizes."""
    north = north_share()
    community_north = round(seed.COMMUNITY_BEDS["baseline"][0] * north)
    rows = []
    for site, (beds, line) in seed.ACUTE_SITE_BASELINE.items():
        rows.append((site, "acute_nel", beds, site != "out_of_area", line))
    rows += [
        ("community_north", "community", community_north, True, 5526),
        ("community_south", "community", seed.COMMUNITY_BEDS["baseline"][0] - community_north, True, 5526),
        ("community_north", "mh_dementia", seed.DEMENTIA_BEDS["baseline"][0], True, 5538),
        ("dhcft_mental_health", "mh_adult", seed.MH_ADULT_BEDS["baseline"][0], True, 5517),
    ]
    table = []
    for site, setting, beds, closable, line in rows:
        variable, fixed = assumed.BED_COSTS[setting]
        cost_source = assumed.BED_COST_REASON
        if not closable:
            variable, fixed, cost_source = out_of_area_bed_day_price()
        ward, ward_line = assumed.WARD_SIZE[setting]
        source = cite(line, "baseline beds 2015/16")
        if site.startswith("community_") and setting == "community":
            source += f"; {assumed.COMMUNITY_SPLIT_REASON}"
        if setting == "mh_dementia":
            source += f"; {cite(5530, assumed.DEMENTIA_REASON)}"
        table.append(
            {
                "site": site,
                "setting": setting,
                "baseline_beds": beds,
                "closable": closable,
                "ward_size": ward,
                "variable_cost_gbp_per_bed_day": variable,
                "fixed_cost_gbp_per_bed_year": fixed,
                "source": source,
                "source_closable": assume(
                    "out-of-area beds are other providers' (004:471), "
                    "bought as needed and never closed by the STP"
                )
                if not closable
                else assume("owned beds can close"),
                "source_ward_size": cite(ward_line, assumed.WARD_REASON.split("(")[1].rstrip(")")),
                "source_variable_cost_gbp_per_bed_day": cost_source,
                "source_fixed_cost_gbp_per_bed_year": cost_source,
            }
        )
    return pd.DataFrame(table)


def nel_mean_stay() -> float:
    """Mean non-elective stay (days): the seed's NEL beds at 100% occupancy over its NEL admissions."""
    return seed.ACUTE_BEDS_FULL_OCCUPANCY[0] * DAYS / (seed.NEL_ADMISSIONS["baseline"][0] * 1000)


def out_of_area_bed_day_price() -> tuple[float, float, str]:
    """Variable £ per bed-day, fixed £ per bed-year and their source for bought out-of-area beds.

    Out-of-area care is bought at a price per spell. The model prices bed-days, so a bought bed-day
    costs the spell price over the mean stay: an admission avoided saves one spell's price on average.
    """
    stay = nel_mean_stay()
    price = assumed.NEL_SPELL_PRICE / stay
    arithmetic = (
        f"priced per spell: £{assumed.NEL_SPELL_PRICE:,.0f} over the mean NEL stay, 1,268 beds at 100% "
        f"occupancy × 365 / 100,100 admissions (004:5495) = {stay:.2f} days, is £{price:.2f} a bed-day"
    )
    return price, 0.0, f"{assumed.NEL_SPELL_PRICE_REASON}; {cite(5362, arithmetic)}"


def proportional_fit(
    prior: np.ndarray, rows: np.ndarray, columns: np.ndarray, sweeps: int = 500
) -> np.ndarray:
    """Iterative proportional fitting: scale `prior` to the row and column totals, keeping zeros."""
    flows = prior * (rows / prior.sum(axis=1))[:, None]
    for _ in range(sweeps):
        flows *= (columns / flows.sum(axis=0))[None, :]
        flows *= (rows / flows.sum(axis=1))[:, None]
    return flows


def demand_and_catchment() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Baseline bed-days per place and setting, and the catchment shares to sites."""
    place_ids = [place for place, _, _ in seed.PLACES]
    population = np.array([assumed.PLACE_POPULATION[place] for place in place_ids], dtype=float)
    beds = site_beds().set_index(["site", "setting"])["baseline_beds"]
    north = np.array([place in assumed.NORTH_PLACES for place in place_ids])
    demand_rows, catchment_rows = [], []

    def add(setting: str, flows: np.ndarray, sites_: tuple[str, ...], reason: str) -> None:
        for index, place in enumerate(place_ids):
            total = flows[index].sum()
            demand_rows.append((place, setting, total, reason))
            for column, site in enumerate(sites_):
                if total > 0 and flows[index, column] > 0:
                    catchment_rows.append((place, site, setting, flows[index, column] / total, reason))

    acute_prior = np.array([assumed.ACUTE_PRIOR.get(place, assumed.CITY_PRIOR) for place in place_ids])
    acute_sites = (
        np.array([beds[(site, "acute_nel")] for site in ACUTE_SITES]) * DAYS * OCCUPANCY["acute_nel"]
    )
    acute_rows = population / population.sum() * acute_sites.sum()
    add(
        "acute_nel",
        proportional_fit(acute_prior, acute_rows, acute_sites),
        ACUTE_SITES,
        f"{cite(5375, 'site baselines')}; {assumed.ACUTE_PRIOR_REASON}",
    )
    for setting, site_of_area, mask in (
        ("community", None, None),
        ("mh_dementia", "community_north", north),
        ("mh_adult", "dhcft_mental_health", np.ones_like(north)),
    ):
        if setting == "community":
            flows = np.zeros((len(place_ids), 2))
            for column, (site, members) in enumerate(
                (("community_north", north), ("community_south", ~north))
            ):
                flows[members, column] = (
                    population[members] / population[members].sum() * beds[(site, setting)] * DAYS
                )
            add(
                setting,
                flows,
                ("community_north", "community_south"),
                f"{cite(5526, 'community baseline')}; {assumed.DEMAND_REASON}",
            )
            continue
        weights = np.where(mask, population, 0.0)
        flows = (weights / weights.sum() * beds[(site_of_area, setting)] * DAYS)[:, None]
        reason = (
            f"{cite(5538 if setting == 'mh_dementia' else 5517, 'baseline beds')}; {assumed.DEMAND_REASON}"
        )
        add(setting, flows, (site_of_area,), reason)
    demand = pd.DataFrame(demand_rows, columns=["place", "setting", "baseline_bed_days", "source"])
    catchment = pd.DataFrame(catchment_rows, columns=["place", "site", "setting", "share", "source"])
    return demand, catchment


def growth() -> pd.DataFrame:
    """Do-nothing index per setting and year: the seed's 2020/21 growth, spread evenly from 2015/16."""
    acute_baseline = sum(beds for beds, _ in seed.ACUTE_SITE_BASELINE.values())
    final = {
        "acute_nel": (
            seed.ACUTE_DO_NOTHING[0] / acute_baseline,
            "1,465 do-nothing over the 1,332 beds of the three sites",
        ),
        "community": (250 / 210, "250 do-nothing over 210 (004:5526)"),
        "mh_adult": (198 / 180, "198 do-nothing over 180 (004:5517)"),
        "mh_dementia": (55 / 50, "55 do-nothing over 50 (004:5538)"),
        "admissions": (
            (100.1 + 9.0) / 100.1,
            "100.1k plus c.9k growth that proactive care avoids (004:5796)",
        ),
    }
    lines = {"acute_nel": 5373, "community": 5596, "mh_adult": 5607, "mh_dementia": 5608, "admissions": 5495}
    rows = []
    for measure, (index, note) in final.items():
        for year in assumed.YEARS:
            elapsed = (int(year[:4]) - int(assumed.BASELINE_YEAR[:4])) / 5.0
            value = 1.0 + (index - 1.0) * elapsed
            rows.append((measure, year, value, f"{cite(lines[measure], note)}; {assumed.GROWTH_REASON}"))
    return pd.DataFrame(rows, columns=["measure", "year", "index", "source"])


def cohorts() -> tuple[pd.DataFrame, pd.DataFrame]:
    population = assumed.PLACE_POPULATION
    total = sum(population.values())
    cohort_table = pd.DataFrame(
        [(cohort, name, cite(line, "NEL cohort")) for cohort, (name, _, line) in seed.COHORTS.items()],
        columns=["cohort", "name", "source"],
    )
    rows = [
        (
            place,
            cohort,
            thousands * 1000 * population[place] / total,
            f"{cite(line, f'{thousands}k admissions in 2015/16')}; "
            f"{assume('shared over places by population')}",
        )
        for place, _, _ in seed.PLACES
        for cohort, (_, thousands, line) in seed.COHORTS.items()
    ]
    return cohort_table, pd.DataFrame(rows, columns=["place", "cohort", "baseline_admissions", "source"])


def staff() -> tuple[pd.DataFrame, pd.DataFrame]:
    groups = pd.DataFrame(
        [
            (
                group,
                name,
                assumed.RECRUITMENT_COST[group],
                assumed.REDEPLOYMENT_COST[group],
                assume("staff groups chosen to follow the seed's workforce remarks (004:3988-4010)"),
                assumed.RECRUITMENT_COST_REASON,
                assumed.REDEPLOYMENT_COST_REASON,
            )
            for group, name in assumed.STAFF_GROUPS.items()
        ],
        columns=[
            "staff_group",
            "name",
            "recruitment_cost_gbp_per_wte",
            "redeployment_cost_gbp_per_wte",
            "source",
            "source_recruitment_cost_gbp_per_wte",
            "source_redeployment_cost_gbp_per_wte",
        ],
    )
    per_bed = pd.DataFrame(
        [
            (setting, group, value, assumed.WTE_PER_BED_REASON)
            for setting, groups_ in assumed.WTE_PER_BED.items()
            for group, value in groups_.items()
        ],
        columns=["setting", "staff_group", "wte_per_bed", "source"],
    )
    return groups, per_bed
