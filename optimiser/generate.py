"""Seeded synthetic instances for benchmarking, from a handful of places to national scale.

`generate_instance(places, sites, interventions, years, seed)` draws a system on a random map:
places of 30k-100k people, hospitals standing in some of them (acute, community and mental-health
sites) and out-of-area providers at the edge of the map. Each place sends its bed-days in a setting
to the two to four nearest sites that hold such beds. Demand follows population; a catalogue of
place-level care interventions (each running in 60-100% of places), a few system-wide efficiency
schemes and (from four interventions) one site-level urgent care service gated by services make up
the plan, `planned`, which ramps every intervention up to about two thirds of its eligible scale by
the target year.

The limits are then set from the plan's own evaluation, so that the plan breaks none of them but
has little slack: the gap is 95% of the plan's target-year net saving, bed targets are the plan's
beds plus 0.5%, capital budgets its yearly capital plus 5%, 30% of each place's target-year staff
need is available and hiring is limited to the plan's largest yearly hiring plus a tenth. Every
value is drawn from `numpy.random.default_rng(seed)` by vectorised operations, so the same
arguments give byte-identical files.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import tomli_w

from optimiser.evaluate import Evaluation, evaluate_plan
from optimiser.instance.config import toml_locator
from optimiser.instance.container import Instance
from optimiser.instance.load import CONFIG_FILE, build_instance, load_instance
from optimiser.instance.schema import ADMISSIONS_MEASURE, SYSTEM_LOCATION, TABLE_SPECS, TABLES, TOTAL_SETTING
from optimiser.instance.text import table_to_text
from optimiser.instance.write import write_folder


class SizeError(ValueError):
    """Sizes or a seed that cannot make an instance."""


@dataclass(frozen=True)
class Size:
    """How large a generated instance is."""

    places: int
    sites: int
    interventions: int
    years: int


#: The bundled Derbyshire instance, which the size `derbyshire` stands for.
DERBYSHIRE = Path(__file__).resolve().parent.parent / "instances" / "derbyshire-stp-2016"
#: Named sizes; `None` is the real Derbyshire instance rather than a generated one.
SIZES: dict[str, Size | None] = {
    "derbyshire": None,
    "small": Size(places=10, sites=8, interventions=8, years=3),
    "region": Size(places=100, sites=30, interventions=20, years=5),
    "nhs-england": Size(places=1250, sites=200, interventions=40, years=5),
}

PLAN = "planned"
FIRST_YEAR = 2025
DAYS_PER_YEAR = 365.0
CAPITAL_CHARGE_RATE = 0.085
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


@dataclass(frozen=True)
class World:
    """The drawn map: places and sites with their positions, and each place's need for care."""

    places: pd.DataFrame
    sites: pd.DataFrame
    place_xy: np.ndarray
    site_xy: np.ndarray
    need: np.ndarray
    years: tuple[str, ...]


def generate_instance(
    places: int, sites: int, interventions: int, years: int, seed: int
) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """The instance.toml document and the 17 tables of a seeded synthetic instance.

    Raises `SizeError` when the sizes cannot make an instance (see `check_size`).
    """
    size = Size(places, sites, interventions, years)
    check_size(size, seed)
    rng = np.random.default_rng(seed)
    world = _draw_world(rng, places, site_kinds(places, sites), years)
    tables = _base_tables(rng, world)
    tables.update(_catalogue(rng, world, tables, interventions))
    return _calibrate(world, tables, size, seed)


def write_generated(
    out_dir: str | Path, places: int, sites: int, interventions: int, years: int, seed: int
) -> Path:
    """Generate an instance and write it to `out_dir` in canonical form (validated on the way)."""
    write_instance(out_dir, Size(places, sites, interventions, years), seed)
    return Path(out_dir)


def write_instance(out_dir: str | Path, size: Size | None, seed: int) -> Instance:
    """Write a generated instance of `size` (or the real Derbyshire one for `None`) and return it loaded.

    The raw tables are written first, then loaded through the validator and written again by
    `write_folder`, so the folder holds exactly what the validator accepted, in canonical form.
    """
    folder = Path(out_dir)
    if size is None:
        instance = load_instance(DERBYSHIRE)
    else:
        document, tables = generate_instance(size.places, size.sites, size.interventions, size.years, seed)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / CONFIG_FILE).write_text(tomli_w.dumps(document), encoding="utf-8")
        for name, frame in tables.items():
            frame.to_csv(folder / TABLE_SPECS[name].file_name, index=False, lineterminator="\n")
        instance = load_instance(folder)
    write_folder(instance, folder)
    return dataclasses.replace(instance, path=str(folder))


def resolve_size(name: str, **overrides: int | None) -> Size | None:
    """The named size with any of places, sites, interventions or years replaced by explicit numbers."""
    if name not in SIZES:
        raise SizeError(f"unknown size {name!r}; expected one of {', '.join(SIZES)}")
    given = {key: value for key, value in overrides.items() if value is not None}
    base = SIZES[name]
    if base is None:
        if given:
            raise SizeError(f"size {name!r} is the bundled instance; explicit numbers need a generated size")
        return None
    return dataclasses.replace(base, **given)


def check_size(size: Size, seed: int) -> None:
    """Raise `SizeError` unless `size` and `seed` can make an instance: at least six sites, no more
    owned sites than places to host them, two interventions, one year, and a seed of 0 or more."""
    site_kinds(size.places, size.sites)
    if size.interventions < 2 or size.years < 1:
        raise SizeError("an instance needs at least two interventions and one year")
    if seed < 0:
        raise SizeError(f"the seed must be 0 or more, got {seed}")


def site_kinds(places: int, sites: int) -> dict[str, int]:
    """How many sites of each kind: a few out-of-area providers, about one acute site per six places
    (at most 60% of owned sites), and the rest community and mental-health sites, two of each at least."""
    bought = max(1, round(0.03 * sites))
    owned = sites - bought
    if sites < 6 or owned > places:
        raise SizeError(
            f"{sites} sites cannot serve {places} places: at least 6 sites are needed, and each owned "
            "site stands in a place of its own"
        )
    acute = int(np.clip(round(places / 6), 1, max(1, min(round(0.6 * owned), owned - 4))))
    mental = max(2, round(0.4 * (owned - acute)))
    return {
        "acute": acute,
        "community": owned - acute - mental,
        "mental_health": mental,
        "out_of_area": bought,
    }


def _identifiers(prefix: str, count: int, width: int) -> np.ndarray:
    """`prefix_001`, `prefix_002`, … with numbers padded to `width` digits."""
    numbers = pd.Series(np.arange(1, count + 1)).astype(str).str.zfill(width)
    return (prefix + "_" + numbers).to_numpy(dtype=object)


def _draw_world(rng: np.random.Generator, places: int, kinds: dict[str, int], years: int) -> World:
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


def _base_tables(rng: np.random.Generator, world: World) -> dict[str, pd.DataFrame]:
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
        "cohorts": pd.DataFrame({"cohort": [c[0] for c in COHORTS], "name": [c[1] for c in COHORTS]}),
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


def _site_bed_days(catchment: pd.DataFrame, demand: pd.DataFrame) -> pd.Series:
    """Baseline bed-days at each (site, setting): the catchment shares of each place's demand."""
    flows = catchment.merge(demand, on=["place", "setting"])
    return (flows["share"] * flows["baseline_bed_days"]).groupby([flows["site"], flows["setting"]]).sum()


def _setting_table() -> pd.DataFrame:
    """SETTINGS as a table, one row per setting."""
    table = pd.DataFrame([dataclasses.asdict(setting) for setting in SETTINGS])
    return table.assign(owned_value=[setting.owned_value for setting in SETTINGS])


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
    beds = world.sites[["site", "kind"]].merge(pairs, on="kind").merge(_setting_table(), on="setting")
    bed_days = _site_bed_days(catchment, demand)
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


@dataclass(frozen=True)
class Part:
    """One kind of intervention in the catalogue: its rows of interventions, effects and eligibility."""

    interventions: pd.DataFrame
    effects: pd.DataFrame
    eligibility: pd.DataFrame
    services: pd.DataFrame | None = None


EFFECT_COLUMNS = ["intervention", "effect", "key", "value", "unit"]
#: Effect rows of several members at once: members, effect, key(s), value(s), unit.
EffectRows = tuple[Any, str, Any, Any, str]
ELIGIBILITY_COLUMNS = ["intervention", "location", "min_scale", "max_scale"]
SERVICE_COLUMNS = ["service", "site", "intervention", "fixed_capital_gbp"]


def _catalogue(
    rng: np.random.Generator, world: World, tables: dict[str, pd.DataFrame], count: int
) -> dict[str, pd.DataFrame]:
    """interventions, effects, eligibility, planned_mix and services.

    About a tenth of the catalogue are system-wide efficiency schemes; from four interventions on,
    one is a site-level urgent care service gated by services at a tenth of the acute sites; the rest
    are place-level care interventions. Interventions are numbered 01, 02, … in that order.
    """
    schemes = max(1, round(0.1 * count))
    with_site = count >= 4
    care = count - schemes - int(with_site)
    numbers = pd.Series(np.arange(1, count + 1)).astype(str).str.zfill(max(2, len(str(count))))
    numbers_array = numbers.to_numpy(dtype=object)
    parts = [_care(rng, world, numbers_array[:care], with_site)]
    if with_site:
        parts.append(_site_service(rng, world, tables, numbers_array[care : care + 1]))
    parts.append(_schemes(rng, world, numbers_array[care + int(with_site) :]))
    interventions = pd.concat([part.interventions for part in parts], ignore_index=True)
    interventions.insert(5, "ramp_limit", np.round(rng.uniform(0.3, 0.5, count) * 20) / 20)
    delay = ((rng.random(count) < 0.3) & (len(world.years) >= 3)).astype(int)
    eligibility = pd.concat([part.eligibility for part in parts], ignore_index=True)
    services = [part.services for part in parts if part.services is not None]
    return {
        "interventions": interventions,
        "effects": pd.concat([part.effects for part in parts], ignore_index=True),
        "eligibility": eligibility,
        "planned_mix": _planned_mix(rng, world.years, interventions, eligibility, delay),
        "services": services[0] if services else pd.DataFrame(columns=SERVICE_COLUMNS),
    }


def _labels(stubs: np.ndarray, names: np.ndarray, numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Intervention ids (`virtual_ward_07`) and names (`Virtual ward 7`) from themes and numbers."""
    plain = pd.Series(numbers, dtype=object).str.lstrip("0").to_numpy(dtype=object)
    return stubs + "_" + numbers, names + " " + plain


def _choice(rng: np.random.Generator, weights: list[float], count: int) -> np.ndarray:
    """`count` positions drawn with the given (unnormalised) weights."""
    probabilities = np.array(weights) / np.sum(weights)
    return rng.choice(probabilities.size, count, p=probabilities)


def _another(rng: np.random.Generator, first: np.ndarray, options: int, probability: float) -> np.ndarray:
    """With `probability`, a position other than `first` (uniformly among the rest); otherwise -1."""
    other = (first + rng.integers(1, options, first.size)) % options
    return np.where(rng.random(first.size) < probability, other, -1)


def _care_design(rng: np.random.Generator, count: int) -> pd.DataFrame:
    """What each care intervention aims at and how it is costed, one row per intervention."""
    primary = _choice(rng, [setting.weight for setting in SETTINGS], count)
    staff = _choice(rng, [group[2] for group in STAFF_GROUPS], count)
    priorities = np.array([name for name, _ in CARE_PRIORITIES], dtype=object)
    return pd.DataFrame(
        {
            "setting": primary,
            "second_setting": _another(rng, primary, len(SETTINGS), SECOND_SETTING),
            "cohort": _choice(rng, [cohort[3] for cohort in COHORTS], count),
            "staff": staff,
            "second_staff": _another(rng, staff, len(STAFF_GROUPS), SECOND_STAFF_GROUP),
            "priority": priorities[_choice(rng, [weight for _, weight in CARE_PRIORITIES], count)],
            # Eligible people per head of population, and weights for sharing out the evidence caps.
            "per_head": rng.uniform(0.004, 0.03, count),
            "setting_weight": rng.uniform(0.5, 1.5, count),
            "second_weight": rng.uniform(0.5, 1.5, count),
            "cohort_weight": rng.uniform(0.5, 1.5, count),
            "cost_ratio": rng.uniform(*COST_RATIO, count),
            "capital_ratio": np.where(rng.random(count) < 0.35, rng.uniform(0.5, 1.5, count), 0.0),
        }
    )


def _care(rng: np.random.Generator, world: World, numbers: np.ndarray, with_site: bool) -> Part:
    """Place-level care interventions, each aimed at one or two settings, one cohort and one or two
    staff groups, and named after a theme of the setting it is aimed at first."""
    design = _care_design(rng, numbers.size)
    themes = pd.DataFrame(
        [(setting, stub, name) for setting in SETTING_IDS for stub, name in THEMES[setting]],
        columns=["setting", "stub", "name"],
    )
    offsets = themes.groupby("setting", sort=False).size().cumsum().shift(fill_value=0).to_numpy()
    lengths = themes.groupby("setting", sort=False).size().to_numpy()
    primary = design["setting"].to_numpy()
    repeat = design.groupby("setting").cumcount().to_numpy()
    theme = themes.iloc[offsets[primary] + repeat % lengths[primary]]
    identifiers, names = _labels(theme["stub"].to_numpy(), theme["name"].to_numpy(), numbers)
    bridge = _setting_table()["bridge"].to_numpy()[primary]
    interventions = pd.DataFrame(
        {
            "intervention": identifiers,
            "name": names,
            "priority": design["priority"],
            "level": "place",
            "scale_unit": "people supported",
            "bridge": np.where(design["priority"].isin(["place", "prevention"]), "growth_avoided", bridge),
        }
    )
    eligibility = _care_eligibility(rng, world, identifiers, design["per_head"].to_numpy())
    return Part(interventions, _care_effects(design, identifiers, with_site), eligibility)


def _care_eligibility(
    rng: np.random.Generator, world: World, identifiers: np.ndarray, per_head: np.ndarray
) -> pd.DataFrame:
    """Where each care intervention runs: a random 60-100% of places (at least one), each up to a
    scale proportional to its population."""
    population = world.places["population"].to_numpy()
    count = identifiers.size
    coverage = rng.uniform(*COVERAGE, count)
    runs = rng.random((count, population.size)) < coverage[:, None]
    runs[np.arange(count), rng.integers(0, population.size, count)] = True
    member, place = np.nonzero(runs)
    return pd.DataFrame(
        {
            "intervention": identifiers[member],
            "location": world.places["place"].to_numpy()[place],
            "min_scale": 0.0,
            "max_scale": np.round(per_head[member] * population[place], 2),
        }
    )


def _care_effects(design: pd.DataFrame, identifiers: np.ndarray, with_site: bool) -> pd.DataFrame:
    """Effects per person supported.

    Each setting's evidence cap (less a margin, and less the site service's share for acute care) is
    shared out among the interventions aimed at it, so that all of them at their largest scale stay
    within the cap in every place; cohorts' admissions likewise. Revenue cost is a share of the bed
    costs saved, so every intervention saves more than it costs; staff follow revenue cost.
    """
    settings = _setting_table()
    count = len(design)
    members = np.arange(count)
    second = design["second_setting"].to_numpy() >= 0
    beds = pd.DataFrame(
        {
            "member": np.concatenate([members, members[second]]),
            "setting": np.concatenate([design["setting"], design["second_setting"][second]]),
            "weight": np.concatenate([design["setting_weight"], design["second_weight"][second]]),
        }
    )
    budget = EVIDENCE_USE * settings["evidence_cap"] * settings["bed_days_per_head"] * LEAST_NEED
    budget = budget.to_numpy() * np.where(with_site & (settings["setting"] == "acute_nel"), 1 - SITE_SHARE, 1)
    per_head = design["per_head"].to_numpy()
    bed_days = _shared(budget, beds["setting"], beds["weight"]) / per_head[beds["member"]]
    cohort_budget = COHORT_USE * LEAST_NEED * np.array([cohort[2] for cohort in COHORTS])
    admissions = _shared(cohort_budget, design["cohort"], design["cohort_weight"]) / per_head
    value = np.bincount(beds["member"], bed_days * settings["owned_value"].to_numpy()[beds["setting"]], count)
    revenue = value * design["cost_ratio"].to_numpy()
    capital = revenue * design["capital_ratio"].to_numpy()
    staff = _staff_rows(design["staff"].to_numpy(), design["second_staff"].to_numpy())
    wte = revenue[staff["member"]] * STAFF_SHARE_OF_COST / WTE_COST_GBP * staff["share"]
    cohorts = np.array([cohort[0] for cohort in COHORTS], dtype=object)
    groups = np.array([group[0] for group in STAFF_GROUPS], dtype=object)
    has_capital = capital > 0
    rows: list[EffectRows] = [
        (members, "admissions_avoided", cohorts[design["cohort"]], np.round(admissions, 6), "admissions"),
        (
            beds["member"],
            "bed_days_avoided",
            np.array(SETTING_IDS)[beds["setting"]],
            np.round(bed_days, 6),
            "bed-days",
        ),
        (members, "revenue_cost", None, np.round(revenue, 2), "GBP"),
        (members[has_capital], "capital", None, np.round(capital[has_capital], 2), "GBP"),
        (staff["member"], "wte", groups[staff["group"]], np.round(wte, 8), "WTE"),
    ]
    return _effect_table(identifiers, rows)


def _shared(budget: np.ndarray, group: pd.Series | np.ndarray, weight: pd.Series | np.ndarray) -> np.ndarray:
    """Each member's part of its group's budget, in proportion to its weight within the group."""
    group = np.asarray(group)
    weight = np.asarray(weight, dtype=float)
    totals = np.bincount(group, weight, budget.size)
    return budget[group] * weight / totals[group]


def _staff_rows(first: np.ndarray, second: np.ndarray) -> pd.DataFrame:
    """Member, staff group and share of WTE: all on the first group, or 70/30 with a second one."""
    members = np.arange(first.size)
    both = second >= 0
    return pd.DataFrame(
        {
            "member": np.concatenate([members, members[both]]),
            "group": np.concatenate([first, second[both]]),
            "share": np.concatenate([np.where(both, 0.7, 1.0), np.full(both.sum(), 0.3)]),
        }
    )


def _effect_table(identifiers: np.ndarray, rows: list[EffectRows]) -> pd.DataFrame:
    """Effect rows (member, effect, key, value, unit) as a table sorted by intervention."""
    frames = [
        pd.DataFrame(
            {
                "member": np.asarray(member),
                "effect": effect,
                "key": key,
                "value": np.asarray(value, dtype=float),
                "unit": unit,
            }
        )
        for member, effect, key, value, unit in rows
    ]
    table = pd.concat(frames, ignore_index=True).sort_values("member", kind="stable")
    table.insert(0, "intervention", identifiers[table["member"].to_numpy()])
    return table.drop(columns=["member"]).reset_index(drop=True)[EFFECT_COLUMNS]


def _site_service(
    rng: np.random.Generator, world: World, tables: dict[str, pd.DataFrame], numbers: np.ndarray
) -> Part:
    """Streaming at co-located urgent care centres, at a tenth of the acute sites, each opened with capital.

    Its largest scale at a site takes the service's share of the site's acute evidence cap.
    """
    acute = np.flatnonzero((world.sites["kind"] == "acute").to_numpy())
    chosen = np.sort(rng.choice(acute, max(1, round(0.1 * acute.size)), replace=False))
    sites = world.sites["site"].to_numpy()[chosen]
    keys = pd.MultiIndex.from_arrays([sites, np.full(sites.size, "acute_nel")])
    bed_days = _site_bed_days(tables["catchment"], tables["demand"]).reindex(keys, fill_value=0.0).to_numpy()
    per_episode = rng.uniform(1.5, 3.0)
    reach = EVIDENCE_USE * SETTINGS[0].evidence_cap * SITE_SHARE
    identifiers, names = _labels(
        np.array(["ucc_streaming"], dtype=object),
        np.array(["Streaming at a co-located urgent care centre"], dtype=object),
        numbers,
    )
    interventions = pd.DataFrame(
        {
            "intervention": identifiers,
            "name": names,
            "priority": "urgent_care",
            "level": "site",
            "scale_unit": "episodes streamed",
            "bridge": "urgent_care",
        }
    )
    eligibility = pd.DataFrame(
        {
            "intervention": identifiers[0],
            "location": sites,
            "min_scale": 0.0,
            "max_scale": np.round(reach * bed_days / per_episode, 2),
        }
    )
    services = pd.DataFrame(
        {
            "service": "ucc_" + sites,
            "site": sites,
            "intervention": identifiers[0],
            "fixed_capital_gbp": np.maximum(np.round(bed_days * rng.uniform(25, 50, sites.size), -5), 1e5),
        }
    )
    effects = _site_effects(rng, identifiers, per_episode, reach)
    return Part(interventions, effects, eligibility, services)


def _site_effects(
    rng: np.random.Generator, identifiers: np.ndarray, per_episode: float, reach: float
) -> pd.DataFrame:
    """Effects per episode streamed: acute bed-days and admissions of the `other` cohort avoided.

    Admissions avoided are attributed to places by their share of the site's bed-days, which is at
    most their acute demand; at the largest scale they stay within the service's share of the cohort.
    """
    acute, other = SETTINGS[0], COHORTS[-1]
    admissions = SITE_COHORT_USE * other[2] * LEAST_NEED * per_episode
    admissions /= reach * acute.bed_days_per_head * MOST_NEED
    revenue = per_episode * acute.owned_value * rng.uniform(0.4, 0.7)
    wte = revenue * STAFF_SHARE_OF_COST / WTE_COST_GBP * np.array([0.7, 0.3])
    rows: list[EffectRows] = [
        ([0], "admissions_avoided", other[0], [round(admissions, 6)], "admissions"),
        ([0], "bed_days_avoided", acute.setting, [round(per_episode, 6)], "bed-days"),
        ([0], "revenue_cost", None, [round(revenue, 2)], "GBP"),
        ([0, 0], "wte", np.array(["nursing", "medical"]), np.round(wte, 8), "WTE"),
    ]
    return _effect_table(identifiers, rows)


def _schemes(rng: np.random.Generator, world: World, numbers: np.ndarray) -> Part:
    """System-wide efficiency schemes: a direct saving per £m of spend in scope, at a revenue cost."""
    count = numbers.size
    theme = np.arange(count) % len(SCHEMES)
    stubs = np.array([stub for stub, _ in SCHEMES], dtype=object)[theme]
    names = np.array([name for _, name in SCHEMES], dtype=object)[theme]
    identifiers, labels = _labels(stubs, names, numbers)
    in_scope = float(world.places["population"].sum()) * rng.uniform(20, 80, count) / 1e6
    saving = np.round(rng.uniform(40_000, 100_000, count))
    cost = np.round(saving * rng.uniform(0.15, 0.45, count))
    interventions = pd.DataFrame(
        {
            "intervention": identifiers,
            "name": labels,
            "priority": np.where(rng.random(count) < 0.7, "efficiency", "other"),
            "level": "system",
            "scale_unit": "£m of spend in scope",
            "bridge": None,
        }
    )
    members = np.arange(count)
    rows: list[EffectRows] = [
        (members, "direct_saving", None, saving, "GBP"),
        (members, "revenue_cost", None, cost, "GBP"),
    ]
    eligibility = pd.DataFrame(
        {
            "intervention": identifiers,
            "location": SYSTEM_LOCATION,
            "min_scale": 0.0,
            "max_scale": np.round(in_scope, 2),
        }
    )
    return Part(interventions, _effect_table(identifiers, rows), eligibility)


def _planned_mix(
    rng: np.random.Generator,
    years: tuple[str, ...],
    interventions: pd.DataFrame,
    eligibility: pd.DataFrame,
    delay: np.ndarray,
) -> pd.DataFrame:
    """The plan: each deployment climbs in equal steps to 60-70% of its eligible scale by the target year.

    Some interventions start a year late. Steps stay within the ramp limit (with 1% to spare), so the
    share reached is lower when the ramp limit and the years cannot get that far.
    """
    position = pd.Index(interventions["intervention"]).get_indexer(eligibility["intervention"])
    ramp = interventions["ramp_limit"].to_numpy()[position]
    lag = delay[position]
    spread = len(years) - lag
    reached = np.minimum(rng.uniform(*PLANNED_SHARE, len(eligibility)), 0.99 * ramp * spread)
    phase = np.clip((np.arange(1, len(years) + 1)[None, :] - lag[:, None]) / spread[:, None], 0.0, 1.0)
    scale = eligibility["max_scale"].to_numpy()[:, None] * reached[:, None] * phase
    return pd.DataFrame(
        {
            "plan": PLAN,
            "intervention": np.repeat(eligibility["intervention"].to_numpy(), len(years)),
            "location": np.repeat(eligibility["location"].to_numpy(), len(years)),
            "year": np.tile(years, len(eligibility)),
            "scale": np.round(scale, 2).ravel(),
        }
    )


@dataclass(frozen=True)
class Limits:
    """The limits instance.toml states, set from the plan's own evaluation."""

    gap: float
    bed_targets: tuple[tuple[str, str, float], ...] = ()
    capital: tuple[tuple[str, float], ...] = ()
    band: tuple[float, float] | None = None


def _calibrate(
    world: World, tables: dict[str, pd.DataFrame], size: Size, seed: int
) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """Beds, staff and limits from two evaluations of the plan.

    The first, with ample staff, gives the beds the plan needs at each site in each year (baseline
    beds are raised to hold them, so the plan never needs beds that are not there) and the staff it
    needs (30% of the target year's need is available). The second, with that availability and
    unlimited hiring, gives the hiring, money, beds and capital the limits are set from.
    """
    source = f"assumption: generated by optimiser generate (seed {seed})"
    tables = {spec.name: tables[spec.name] for spec in TABLES if spec.name in tables}
    people = pd.DataFrame(
        {
            "place": np.repeat(world.places["place"].to_numpy(), len(STAFF_GROUPS)),
            "staff_group": np.tile([group[0] for group in STAFF_GROUPS], len(world.places)),
            "available_wte": 0.0,
            "hire_limit_wte_per_year": 1e6,
        }
    )
    loose = _document(world, size, seed, source, Limits(gap=0.0))
    first = evaluate_plan(_assemble(loose, {**tables, "workforce": people}, source), PLAN)
    needed = first.expression("beds_needed").groupby(["site", "setting"])["value"].max()
    site_beds = tables["site_beds"]
    keys = pd.MultiIndex.from_frame(site_beds[["site", "setting"]])
    most = needed.reindex(keys, fill_value=0.0).to_numpy()
    tables["site_beds"] = site_beds.assign(
        baseline_beds=np.maximum(site_beds["baseline_beds"].to_numpy(), np.ceil(most + 0.5))
    )
    people = people.assign(available_wte=_target_need(first, people) * AVAILABLE_SHARE)
    people["available_wte"] = np.round(people["available_wte"], 1)
    second = evaluate_plan(_assemble(loose, {**tables, "workforce": people}, source), PLAN)
    tables["workforce"] = people.assign(hire_limit_wte_per_year=_hiring_limits(second, people))
    document = _document(world, size, seed, source, _limits(second, world))
    return document, _with_sources(tables, source)


def _target_need(evaluation: Evaluation, people: pd.DataFrame) -> np.ndarray:
    """WTE each place and staff group needs in the target year, in the order of `people`."""
    need = evaluation.expression("wte_needed")
    need = need[need["year"] == evaluation.instance.target_year].set_index(["place", "staff_group"])["value"]
    return need.reindex(pd.MultiIndex.from_frame(people[["place", "staff_group"]]), fill_value=0.0).to_numpy()


def _hiring_limits(evaluation: Evaluation, people: pd.DataFrame) -> np.ndarray:
    """The plan's largest yearly hiring per place and staff group, plus a tenth and a little, in tenths."""
    hired = evaluation.model.variable("hired", evaluation.x)
    stock = hired.pivot_table(index=["place", "staff_group"], columns="year", values="value", aggfunc="sum")
    stock = stock.reindex(pd.MultiIndex.from_frame(people[["place", "staff_group"]]), fill_value=0.0)
    stock = stock.reindex(columns=list(evaluation.instance.years), fill_value=0.0).to_numpy()
    yearly = np.diff(stock, axis=1, prepend=0.0).max(axis=1)
    return np.ceil((np.maximum(yearly, 0.0) * HIRING_MARGIN + HIRING_SLACK_WTE) * 10) / 10


def _limits(evaluation: Evaluation, world: World) -> Limits:
    """Gap, bed targets, capital budgets and investment band, each a little beyond the plan's own figure."""
    target = evaluation.instance.target_year
    net = evaluation.expression("net_saving").set_index("year")["value"][target]
    if net <= 0:
        raise RuntimeError(f"the generated plan saves nothing in {target} ({net:.3f} £m); cannot set a gap")
    beds = evaluation.expression("beds_open").groupby(["setting", "year"], sort=False)["value"].sum()
    totals = beds.groupby(level="year", sort=False).sum()
    targets = [(setting, target, _up(beds[(setting, target)] * BED_MARGIN, 1)) for setting in SETTING_IDS] + [
        (TOTAL_SETTING, year, _up(totals[year] * BED_MARGIN, 1)) for year in evaluation.instance.years
    ]
    spend = evaluation.expression("capital_spend").set_index("year")["value"]
    capital = tuple((year, _up(spend[year] * CAPITAL_MARGIN, 1)) for year in evaluation.instance.years)
    return Limits(
        gap=float(np.floor(net * GAP_SHARE * 10) / 10),
        bed_targets=tuple(targets),
        capital=capital,
        band=_band(evaluation, world),
    )


def _up(value: float, decimals: int) -> float:
    """`value` rounded up to `decimals` decimal places."""
    factor = 10.0**decimals
    return float(np.ceil(value * factor) / factor)


def _band(evaluation: Evaluation, world: World) -> tuple[float, float] | None:
    """A band around what the plan invests per place in place-based care in the target year (±10%)."""
    deployments = evaluation.data.deployments
    scale = evaluation.model.variable("scale", evaluation.x)["value"].to_numpy()
    scale = scale.reshape(len(deployments), evaluation.data.n_years)[:, evaluation.data.target_position]
    chosen = ((deployments["level"] == "place") & (deployments["priority"] == "place")).to_numpy()
    if not chosen.any():
        return None
    revenue = deployments["revenue_gbpm"].to_numpy() * scale
    by_place = pd.Series(revenue[chosen]).groupby(deployments["location"].to_numpy()[chosen]).sum()
    by_place = by_place.reindex(world.places["place"], fill_value=0.0)
    low = float(np.floor(by_place.min() * (1 - BAND_MARGIN) * 1000) / 1000)
    return low, _up(by_place.max() * (1 + BAND_MARGIN), 3)


def _document(world: World, size: Size, seed: int, source: str, limits: Limits) -> dict[str, Any]:
    """instance.toml as a document."""
    years = world.years
    document: dict[str, Any] = {
        "name": f"generated-{size.places}-{size.sites}-{size.interventions}-{size.years}-seed-{seed}",
        "title": (
            f"Generated: {size.places} places, {size.sites} sites, {size.interventions} interventions, "
            f"{size.years} years (seed {seed})"
        ),
        "description": (
            "A seeded synthetic instance written by `optimiser generate` for benchmarking. Every value "
            "is drawn at random; the limits are set from the planned mix's own evaluation, so the plan "
            "breaks none of them but has little slack."
        ),
        "baseline_year": f"{FIRST_YEAR - 1}/{FIRST_YEAR % 100:02d}",
        "years": list(years),
        "target_year": years[-1],
        "gap": [{"year": years[-1], "amount_gbpm": limits.gap, "source": source}],
        "bed_targets": [
            {"setting": setting, "year": year, "beds": beds, "source": source}
            for setting, year, beds in limits.bed_targets
        ],
        "capital": [
            {"year": year, "budget_gbpm": budget, "source": source} for year, budget in limits.capital
        ],
        "parameters": {"capital_charge_rate": {"value": CAPITAL_CHARGE_RATE, "source": source}},
    }
    if limits.band is not None:
        document["investment_band"] = {
            "min_gbpm": limits.band[0],
            "max_gbpm": limits.band[1],
            "priorities": ["place"],
            "year": years[-1],
            "source": source,
        }
    return {key: value for key, value in document.items() if value != []}


def _with_sources(tables: dict[str, pd.DataFrame], source: str) -> dict[str, pd.DataFrame]:
    """Every table with its `source` column, columns in the specification's order."""
    return {
        spec.name: tables[spec.name].assign(source=source)[list(spec.columns)].reset_index(drop=True)
        for spec in TABLES
    }


def _assemble(document: dict[str, Any], tables: dict[str, pd.DataFrame], source: str) -> Instance:
    """Validate a document and typed tables in memory, exactly as `load_instance` validates files."""
    complete = _with_sources(tables, source)
    raw = {spec.name: table_to_text(spec, complete[spec.name]) for spec in TABLES}
    labels = {spec.name: f"generated/{spec.file_name}" for spec in TABLES}
    return build_instance("generated", document, raw, labels, toml_locator(f"generated/{CONFIG_FILE}"))
