"""Index sets and coefficient arrays derived once from a validated instance.

Everything here is built with joins on whole tables (`joins`: numpy on integer codes, in the order
pandas merges give) and numpy, never row by row. Positions in these arrays are the positions of the
model's families, so the constraint modules can use them directly as row and column offsets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from optimiser.instance.container import Instance
from optimiser.models import coefficients
from optimiser.models.configuration_data import Configuration, build_configuration
from optimiser.models.joins import lookup, taken
from optimiser.models.occupancy import planning_occupancy

DAYS_PER_YEAR = 365.0
GBP_PER_GBPM = 1e6
#: The effects that are money, in the order of the deployments' columns of them (£m per unit).
MONEY_EFFECTS = ("revenue_cost", "capital", "direct_saving")


def positions(index: pd.Index | pd.MultiIndex, keys: pd.DataFrame | pd.Series) -> np.ndarray:
    """Positions of `keys` in `index` (-1 where absent)."""
    if isinstance(index, pd.MultiIndex):
        lookup = pd.MultiIndex.from_frame(keys.reset_index(drop=True))
        return np.asarray(index.get_indexer(lookup), dtype=np.int64)
    return np.asarray(index.get_indexer(pd.Index(keys)), dtype=np.int64)


@dataclass(frozen=True)
class ModelData:
    """The instance in the shapes the formulation needs."""

    instance: Instance
    years: pd.Index
    places: pd.Index
    settings: pd.Index
    cohorts: pd.Index
    staff_groups: pd.Index
    site_settings: pd.DataFrame
    deployments: pd.DataFrame
    services: pd.DataFrame
    dn_bed_days: np.ndarray
    avoided_bed_days: sp.csr_matrix
    place_cohorts: pd.DataFrame
    dn_admissions: np.ndarray
    admissions_avoided: sp.csr_matrix
    place_staff: pd.DataFrame
    wte: sp.csr_matrix
    wte_per_bed: sp.csr_matrix
    previous_year: np.ndarray
    #: Where clinical services may run (`configuration_data`); empty for most instances.
    configuration: Configuration

    @property
    def n_years(self) -> int:
        return len(self.years)

    @property
    def target_position(self) -> int:
        return int(self.years.get_loc(self.instance.target_year))

    @property
    def beds_per_bed_day(self) -> np.ndarray:
        """Beds (at the setting's occupancy basis) per occupied bed-day in a year, by site-setting."""
        return 1.0 / (DAYS_PER_YEAR * self.site_settings["occupancy"].to_numpy())

    @property
    def dn_beds(self) -> np.ndarray:
        return self.dn_bed_days * self.beds_per_bed_day[:, None]

    @property
    def closable(self) -> np.ndarray:
        return self.site_settings["closable"].to_numpy(dtype=bool)


def build_data(instance: Instance) -> ModelData:
    """Derive the model's index sets and coefficient arrays from `instance`."""
    years = pd.Index(instance.years, name="year")
    places = pd.Index(instance.places["place"], name="place")
    settings = pd.Index(instance.settings["setting"], name="setting")
    cohorts = pd.Index(instance.cohorts["cohort"], name="cohort")
    staff = pd.Index(instance.staff_groups["staff_group"], name="staff_group")
    site_settings = _site_settings(instance)
    deployments = _deployments(instance)
    flows = _flows(instance)
    dn_bed_days = _do_nothing_bed_days(instance, site_settings, flows, years)
    place_cohorts = instance.cohort_admissions[["place", "cohort", "baseline_admissions"]]
    place_cohorts = _order(place_cohorts, place=places, cohort=cohorts)
    admissions_index = _growth(instance, "admissions", years)
    dn_admissions = place_cohorts["baseline_admissions"].to_numpy()[:, None] * admissions_index[None, :]
    place_staff = _place_staff(instance, places, staff)
    previous = np.arange(len(years)) - 1
    effects = instance.effects
    return ModelData(
        instance=instance,
        years=years,
        places=places,
        settings=settings,
        cohorts=cohorts,
        staff_groups=staff,
        site_settings=site_settings,
        deployments=deployments,
        services=_services(instance, deployments),
        dn_bed_days=dn_bed_days,
        avoided_bed_days=coefficients.avoided_bed_days(
            effects, deployments, instance.catchment, site_settings
        ),
        place_cohorts=place_cohorts,
        dn_admissions=dn_admissions,
        admissions_avoided=coefficients.admissions_avoided(
            effects, deployments, place_cohorts, _site_patients(flows)
        ),
        place_staff=place_staff,
        wte=coefficients.wte(effects, deployments, place_staff, instance.sites),
        wte_per_bed=coefficients.wte_per_bed(instance.setting_staff, site_settings, staff),
        previous_year=previous,
        configuration=build_configuration(instance),
    )


def _order(frame: pd.DataFrame, **levels: pd.Index) -> pd.DataFrame:
    """Sort `frame` by the order of each column's labels in the given indexes (stably: rows with the
    same labels keep their order)."""
    keys = [index.get_indexer(frame[name]) for name, index in levels.items()]
    return frame.take(np.lexsort(keys[::-1])).reset_index(drop=True)


def _place_staff(instance: Instance, places: pd.Index, staff: pd.Index) -> pd.DataFrame:
    """The workforce table in model order, with its group's recruitment and redeployment cost (£m/WTE)."""
    frame = _order(instance.workforce, place=places, staff_group=staff)
    costs = instance.staff_groups.set_index("staff_group").reindex(frame["staff_group"])
    for name in ("recruitment", "redeployment"):
        values = costs[f"{name}_cost_gbp_per_wte"].to_numpy(dtype=float) / GBP_PER_GBPM
        frame[f"{name}_gbpm_per_wte"] = values
    return frame


def _site_settings(instance: Instance) -> pd.DataFrame:
    sites = pd.Index(instance.sites["site"])
    settings = instance.settings.set_index("setting")
    frame = _order(instance.site_beds, site=sites, setting=pd.Index(settings.index))
    occupancy = planning_occupancy(instance)
    return pd.DataFrame(
        {
            "site": frame["site"].to_numpy(),
            "setting": frame["setting"].to_numpy(),
            "baseline_beds": frame["baseline_beds"].to_numpy(),
            "closable": frame["closable"].to_numpy(dtype=bool),
            "ward_size": frame["ward_size"].to_numpy(),
            "variable_gbpm_per_bed_day": frame["variable_cost_gbp_per_bed_day"].to_numpy() / GBP_PER_GBPM,
            "fixed_gbpm_per_bed_year": frame["fixed_cost_gbp_per_bed_year"].to_numpy() / GBP_PER_GBPM,
            "occupancy": occupancy.to_numpy()[occupancy.index.get_indexer(frame["setting"])],
            "evidence_cap": settings["evidence_cap"].to_numpy()[settings.index.get_indexer(frame["setting"])],
        }
    )


def _deployments(instance: Instance) -> pd.DataFrame:
    """One row per (intervention, location) that may run, with the intervention's attributes and its
    money per unit (£m; 0 where it states none)."""
    interventions = instance.interventions
    position = pd.Index(interventions["intervention"])
    eligibility = _order(instance.eligibility, intervention=position)
    attribute = position.get_indexer(eligibility["intervention"])
    money = _money_per_unit(instance.effects, position)[attribute]
    frame = {
        "intervention": eligibility["intervention"].array,
        "location": eligibility["location"].array,
        "level": interventions["level"].array.take(attribute),
        "priority": interventions["priority"].array.take(attribute),
        "bridge": interventions["bridge"].array.take(attribute),
        "ramp_limit": interventions["ramp_limit"].array.take(attribute),
        "min_scale": eligibility["min_scale"].array,
        "max_scale": eligibility["max_scale"].array,
        "revenue_gbpm": money[:, 0],
        "capital_gbpm": money[:, 1],
        "direct_saving_gbpm": money[:, 2],
    }
    return pd.DataFrame(frame)


def _money_per_unit(effects: pd.DataFrame, interventions: pd.Index) -> np.ndarray:
    """Each intervention's money effects per unit (£m), a column per `MONEY_EFFECTS` (0 where it
    states none). A money effect takes no key, so an intervention states each at most once."""
    column = lookup([effects["effect"]], [np.array(MONEY_EFFECTS, dtype=object)])
    row = interventions.get_indexer(effects["intervention"])
    money = (column >= 0) & (row >= 0)
    totals = np.zeros((len(interventions), len(MONEY_EFFECTS)))
    totals[row[money], column[money]] = effects["model_value"].to_numpy(dtype=float)[money]
    return totals


def _flows(instance: Instance) -> pd.DataFrame:
    """Baseline bed-days flowing from each place to each site, by setting (NaN where the place has no
    demand row for the setting, as the left merge this replaced left it)."""
    catchment, demand = instance.catchment, instance.demand
    demanded = lookup([catchment["place"], catchment["setting"]], [demand["place"], demand["setting"]])
    share = catchment["share"].to_numpy(dtype=float)
    return pd.DataFrame(
        {
            "place": catchment["place"].array,
            "site": catchment["site"].array,
            "setting": catchment["setting"].array,
            "share": share,
            "bed_days": share * taken(demand["baseline_bed_days"], demanded),
        }
    )


def _growth(instance: Instance, measure: str, years: pd.Index) -> np.ndarray:
    growth = instance.growth[instance.growth["measure"] == measure].set_index("year")["index"]
    return growth.reindex(years).to_numpy(dtype=float)


def _do_nothing_bed_days(
    instance: Instance, site_settings: pd.DataFrame, flows: pd.DataFrame, years: pd.Index
) -> np.ndarray:
    """Do-nothing bed-days at each site-setting and year: baseline flows grown by the setting's index."""
    at_site = flows.groupby(["site", "setting"], sort=False, as_index=False)["bed_days"].sum()
    keys = [site_settings["site"], site_settings["setting"]]
    baseline = taken(at_site["bed_days"], lookup(keys, [at_site["site"], at_site["setting"]]), missing=0.0)
    growth = instance.growth
    settings = np.repeat(site_settings["setting"].to_numpy(dtype=object), len(years))
    each_year = np.tile(years.to_numpy(dtype=object), len(site_settings))
    index = taken(growth["index"], lookup([settings, each_year], [growth["measure"], growth["year"]]))
    return baseline[:, None] * index.reshape(len(site_settings), len(years))


def _site_patients(flows: pd.DataFrame) -> pd.DataFrame:
    """Each place's share of every site's baseline bed-days (how site effects are attributed)."""
    by_place = flows.groupby(["site", "place"], sort=False)["bed_days"].sum().reset_index()
    totals = by_place.groupby("site")["bed_days"].transform("sum")
    return by_place.assign(
        weight=np.where(totals > 0, by_place["bed_days"] / totals.where(totals > 0, 1), 0.0)
    )


def _services(instance: Instance, deployments: pd.DataFrame) -> pd.DataFrame:
    services = instance.services.copy()
    keys = [deployments["intervention"], deployments["location"]]
    gated = lookup([services["intervention"], services["site"]], keys)
    return services.assign(
        deployment=gated,
        fixed_capital_gbpm=services["fixed_capital_gbp"].to_numpy() / GBP_PER_GBPM,
    ).reset_index(drop=True)
