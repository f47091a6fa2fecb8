"""Place-level care interventions: what each aims at, where it runs and what it does per person supported."""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimiser.generate.parameters import (
    CARE_PRIORITIES,
    COHORT_USE,
    COHORTS,
    COST_RATIO,
    COVERAGE,
    EVIDENCE_USE,
    LEAST_NEED,
    SECOND_SETTING,
    SECOND_STAFF_GROUP,
    SETTING_IDS,
    SETTINGS,
    SITE_SHARE,
    STAFF_GROUPS,
    STAFF_SHARE_OF_COST,
    THEMES,
    WTE_COST_GBP,
    setting_table,
)
from optimiser.generate.parts import EffectRows, Part, effect_table, intervention_labels
from optimiser.generate.world import World


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


def care_interventions(rng: np.random.Generator, world: World, numbers: np.ndarray, with_site: bool) -> Part:
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
    identifiers, names = intervention_labels(theme["stub"].to_numpy(), theme["name"].to_numpy(), numbers)
    bridge = setting_table()["bridge"].to_numpy()[primary]
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
    settings = setting_table()
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
    return effect_table(identifiers, rows)


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
