"""The catalogue: care interventions, the site-level urgent care service, efficiency schemes and the plan."""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimiser.generate.care import care_interventions
from optimiser.generate.parameters import (
    COHORTS,
    EVIDENCE_USE,
    LEAST_NEED,
    MOST_NEED,
    PLAN,
    PLANNED_SHARE,
    SCHEMES,
    SETTINGS,
    SITE_COHORT_USE,
    SITE_SHARE,
    STAFF_SHARE_OF_COST,
    WTE_COST_GBP,
)
from optimiser.generate.parts import (
    COMMITMENT_COLUMNS,
    SERVICE_COLUMNS,
    EffectRows,
    Part,
    effect_table,
    intervention_labels,
)
from optimiser.generate.world import World, site_bed_days
from optimiser.instance.schema import SYSTEM_LOCATION


def draw_catalogue(
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
    parts = [care_interventions(rng, world, numbers_array[:care], with_site)]
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
        "commitments": pd.DataFrame(columns=COMMITMENT_COLUMNS),
    }


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
    bed_days = site_bed_days(tables["catchment"], tables["demand"]).reindex(keys, fill_value=0.0).to_numpy()
    per_episode = rng.uniform(1.5, 3.0)
    reach = EVIDENCE_USE * SETTINGS[0].evidence_cap * SITE_SHARE
    identifiers, names = intervention_labels(
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
    return effect_table(identifiers, rows)


def _schemes(rng: np.random.Generator, world: World, numbers: np.ndarray) -> Part:
    """System-wide efficiency schemes: a direct saving per £m of spend in scope, at a revenue cost."""
    count = numbers.size
    theme = np.arange(count) % len(SCHEMES)
    stubs = np.array([stub for stub, _ in SCHEMES], dtype=object)[theme]
    names = np.array([name for _, name in SCHEMES], dtype=object)[theme]
    identifiers, labels = intervention_labels(stubs, names, numbers)
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
    return Part(interventions, effect_table(identifiers, rows), eligibility)


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
