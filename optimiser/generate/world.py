"""The drawn world: places and sites on a map, catchments, demand, growth, cohorts and beds."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimiser.generate.parameters import (
    ADMISSIONS_GROWTH,
    COHORTS,
    DAYS_PER_YEAR,
    FIRST_YEAR,
    NEED,
    NOISE,
    SETTING_IDS,
    SETTING_STAFF,
    SETTINGS,
    SITE_KIND_NAMES,
    SITES_USED,
    SITES_USED_WEIGHTS,
    STAFF_GROUPS,
    setting_table,
)
from optimiser.instance.schema import ADMISSIONS_MEASURE


@dataclass(frozen=True)
class World:
    """The drawn map: places and sites with their positions, and each place's need for care."""

    places: pd.DataFrame
    sites: pd.DataFrame
    place_xy: np.ndarray
    site_xy: np.ndarray
    need: np.ndarray
    years: tuple[str, ...]


def _identifiers(prefix: str, count: int, width: int) -> np.ndarray:
    """`prefix_001`, `prefix_002`, … with numbers padded to `width` digits."""
    numbers = pd.Series(np.arange(1, count + 1)).astype(str).str.zfill(width)
    return (prefix + "_" + numbers).to_numpy(dtype=object)


def draw_world(rng: np.random.Generator, places: int, kinds: dict[str, int], years: int) -> World:
    """Places on the unit square; owned sites in distinct host places; out-of-area sites at the edge."""
    place_ids = _identifiers("place", places, len(str(places)))
    population = np.round(rng.uniform(30_000, 100_000, places), -2)
    place_xy = rng.uniform(0.0, 1.0, (places, 2))
    need = rng.uniform(*NEED, places)
    kind = np.repeat(list(kinds), list(kinds.values()))
    width = len(str(max(kinds.values())))
    site_ids = np.concatenate([_identifiers(name, count, width) for name, count in kinds.items()])
    names = np.concatenate(
        [
            SITE_KIND_NAMES[name]
            + " "
            + pd.Series(np.arange(1, count + 1)).astype(str).to_numpy(dtype=object)
            for name, count in kinds.items()
        ]
    )
    owned = kind != "out_of_area"
    hosts = rng.choice(places, int(owned.sum()), replace=False)
    angle = rng.uniform(0.0, 2 * np.pi, int((~owned).sum()))
    site_xy = np.empty((kind.size, 2))
    site_xy[owned] = place_xy[hosts] + rng.normal(0.0, 0.002, (hosts.size, 2))
    site_xy[~owned] = 0.5 + 0.75 * np.column_stack([np.cos(angle), np.sin(angle)])
    host_place = np.full(kind.size, None, dtype=object)
    host_place[owned] = place_ids[hosts]
    year_labels = tuple(f"{start}/{(start + 1) % 100:02d}" for start in range(FIRST_YEAR, FIRST_YEAR + years))
    return World(
        places=pd.DataFrame({"place": place_ids, "name": "Place " + place_ids, "population": population}),
        sites=pd.DataFrame({"site": site_ids, "name": names, "kind": kind, "host_place": host_place}),
        place_xy=place_xy,
        site_xy=site_xy,
        need=need,
        years=year_labels,
    )


def base_tables(rng: np.random.Generator, world: World) -> dict[str, pd.DataFrame]:
    """Everything but the interventions: sites and beds, catchment, demand, growth, cohorts, staff."""
    catchment = _catchment(rng, world)
    demand = _per_place(rng, world, SETTING_IDS, [setting.bed_days_per_head for setting in SETTINGS])
    demand = demand.rename(columns={"key": "setting", "value": "baseline_bed_days"})
    cohorts = _per_place(rng, world, [cohort[0] for cohort in COHORTS], [cohort[2] for cohort in COHORTS])
    staff = pd.DataFrame(STAFF_GROUPS, columns=["staff_group", "name", "weight"])
    setting_staff = pd.DataFrame(
        {
            "setting": np.repeat(SETTING_IDS, len(STAFF_GROUPS)),
            "staff_group": np.tile(staff["staff_group"].to_numpy(), len(SETTINGS)),
            "wte_per_bed": np.concatenate([SETTING_STAFF[setting] for setting in SETTING_IDS]),
        }
    )
    return {
        "places": world.places,
        "sites": world.sites,
        "settings": pd.DataFrame(
            {
                "setting": SETTING_IDS,
                "name": [setting.name for setting in SETTINGS],
                "occupancy": [setting.occupancy for setting in SETTINGS],
                "evidence_cap": [setting.evidence_cap for setting in SETTINGS],
            }
        ),
        "site_beds": _site_beds(rng, world, catchment, demand),
        "catchment": catchment,
        "demand": demand,
        "growth": _growth(rng, world.years),
        "cohorts": pd.DataFrame(
            {"cohort": [cohort[0] for cohort in COHORTS], "name": [cohort[1] for cohort in COHORTS]}
        ),
        "cohort_admissions": cohorts.rename(columns={"key": "cohort", "value": "baseline_admissions"}),
        "staff_groups": staff[["staff_group", "name"]],
        "setting_staff": setting_staff,
    }


def _catchment(rng: np.random.Generator, world: World) -> pd.DataFrame:
    """Each place's shares of bed-days per setting at its two to four nearest sites holding such beds.

    Nearer sites tend to get larger shares: a random weight is divided by one plus the site's rank.
    """
    frames = []
    count = len(world.places)
    for setting in SETTINGS:
        candidates = np.flatnonzero(world.sites["kind"].isin(setting.kinds).to_numpy())
        offset = world.place_xy[:, None, :] - world.site_xy[None, candidates, :]
        order = np.argsort(np.hypot(offset[..., 0], offset[..., 1]), axis=1, kind="stable")
        used = np.minimum(rng.choice(SITES_USED, count, p=SITES_USED_WEIGHTS), candidates.size)
        rank = np.arange(candidates.size)
        chosen = rank[None, :] < used[:, None]
        weight = np.where(chosen, rng.uniform(0.5, 1.5, order.shape) / (1.0 + rank)[None, :], 0.0)
        share = weight / weight.sum(axis=1, keepdims=True)
        place, position = np.nonzero(chosen)
        frames.append(
            pd.DataFrame(
                {
                    "place": world.places["place"].to_numpy()[place],
                    "site": world.sites["site"].to_numpy()[candidates[order[place, position]]],
                    "setting": setting.setting,
                    "share": np.round(share[place, position], 9),
                    "_place": place,
                    "_setting": SETTING_IDS.index(setting.setting),
                }
            )
        )
    catchment = pd.concat(frames, ignore_index=True).sort_values(["_place", "_setting"], kind="stable")
    return catchment.drop(columns=["_place", "_setting"]).reset_index(drop=True)


def _per_place(
    rng: np.random.Generator, world: World, keys: list[str], per_head: list[float]
) -> pd.DataFrame:
    """A place × key table of population × rate per head × the place's need × a little noise."""
    population = world.places["population"].to_numpy()
    noise = rng.uniform(*NOISE, (population.size, len(keys)))
    values = population[:, None] * np.array(per_head)[None, :] * world.need[:, None] * noise
    return pd.DataFrame(
        {
            "place": np.repeat(world.places["place"].to_numpy(), len(keys)),
            "key": np.tile(keys, population.size),
            "value": np.round(values.ravel(), 1),
        }
    )


def site_bed_days(catchment: pd.DataFrame, demand: pd.DataFrame) -> pd.Series:
    """Baseline bed-days at each (site, setting): the catchment shares of each place's demand."""
    flows = catchment.merge(demand, on=["place", "setting"])
    return (flows["share"] * flows["baseline_bed_days"]).groupby([flows["site"], flows["setting"]]).sum()


def _site_beds(
    rng: np.random.Generator, world: World, catchment: pd.DataFrame, demand: pd.DataFrame
) -> pd.DataFrame:
    """Beds per site and setting, about the baseline need; calibration raises them where the plan needs more.

    Out-of-area beds are bought at a tariff: they cannot close and save no fixed cost.
    """
    pairs = pd.DataFrame(
        [(kind, setting.setting) for setting in SETTINGS for kind in setting.kinds],
        columns=["kind", "setting"],
    )
    # Inner merges keep the order of the left table: sites in order, each site's settings in order.
    beds = world.sites[["site", "kind"]].merge(pairs, on="kind").merge(setting_table(), on="setting")
    bed_days = site_bed_days(catchment, demand)
    days = bed_days.reindex(pd.MultiIndex.from_frame(beds[["site", "setting"]]), fill_value=0.0).to_numpy()
    bought = (beds["kind"] == "out_of_area").to_numpy()
    headroom = rng.uniform(0.98, 1.03, len(beds))
    noise = rng.uniform(*NOISE, (2, len(beds)))
    variable = np.round(beds["variable_gbp"].to_numpy() * noise[0])
    fixed = np.round(beds["fixed_gbp"].to_numpy() * noise[1], -2)
    return pd.DataFrame(
        {
            "site": beds["site"],
            "setting": beds["setting"],
            "baseline_beds": np.round(days / (DAYS_PER_YEAR * beds["occupancy"].to_numpy()) * headroom),
            "closable": ~bought,
            "ward_size": beds["ward_size"].to_numpy(dtype=float),
            "variable_cost_gbp_per_bed_day": np.where(bought, beds["bought_gbp"].to_numpy(), variable),
            "fixed_cost_gbp_per_bed_year": np.where(bought, 0.0, fixed),
        }
    )


def _growth(rng: np.random.Generator, years: tuple[str, ...]) -> pd.DataFrame:
    """Do-nothing demand index per setting (and admissions) and year, compounding a few % a year."""
    measures = [*SETTING_IDS, ADMISSIONS_MEASURE]
    central = np.array([setting.growth for setting in SETTINGS] + [ADMISSIONS_GROWTH])
    rate = central * rng.uniform(0.7, 1.3, central.size)
    index = (1.0 + rate[:, None]) ** np.arange(1, len(years) + 1)[None, :]
    return pd.DataFrame(
        {
            "measure": np.repeat(measures, len(years)),
            "year": np.tile(years, len(measures)),
            "index": np.round(index.ravel(), 6),
        }
    )
