"""What no decision changes and what the plan is committed to: fixed contributions and commitments.

Both are sized from the plan, so that every generated instance carries them, at every size, and the
plan keeps them: the benchmarks then time the model users solve, fixed contributions in the gap and
capital rows and a `commitment` row per committed deployment and year. Both are benchmark-only:
their sources say they are set from the plan's own evaluation.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from optimiser.generate.parameters import (
    CAPITAL_CHARGE_RATE,
    COMMITTED_SHARE,
    IT_CAPITAL_SHARE,
    IT_REVENUE_SHARE,
    OTHER_SCHEMES_SHARE,
)
from optimiser.generate.parts import COMMITMENT_COLUMNS

OTHER_SCHEMES = ("other_schemes", "Other schemes: savings the plan counts but no decision scales", "other")
IT_PROGRAMME = (
    "it_programme",
    "Committed IT programme: revenue and capital charge, its capital spend",
    "efficiency",
)


def fixed_contributions(net: np.ndarray, years: tuple[str, ...], source: str) -> list[dict[str, Any]]:
    """`[[fixed_contributions]]` entries from the plan's net saving in each year before them.

    Other schemes save a share of the plan's target-year net saving, reached in equal steps by the
    target year. A committed IT programme spends a share of it as capital in equal parts each year;
    its amount is a yearly revenue cost plus the capital charge on the capital spent so far, and its
    capital counts against the capital budget.
    """
    target = float(net[-1])
    if target <= 0:
        raise RuntimeError(f"the generated plan saves nothing in {years[-1]} ({target:.3f} £m)")
    count = len(years)
    other = np.round(OTHER_SCHEMES_SHARE * target * np.arange(1, count + 1) / count, 3)
    capital = np.full(count, round(IT_CAPITAL_SHARE * target / count, 3))
    cost = np.round(IT_REVENUE_SHARE * target + CAPITAL_CHARGE_RATE * np.cumsum(capital), 3)
    other_source = (
        f"{source} (other schemes: {OTHER_SCHEMES_SHARE:.0%} of the plan's target-year net saving, "
        "in equal steps)"
    )
    it_source = (
        f"{source} (IT programme: capital {IT_CAPITAL_SHARE:.0%} and revenue {IT_REVENUE_SHARE:.0%} a year "
        f"of the plan's target-year net saving, capital spent in equal parts and charged at "
        f"{CAPITAL_CHARGE_RATE:.1%})"
    )
    return _entries(OTHER_SCHEMES, years, other, np.zeros(count), other_source) + _entries(
        IT_PROGRAMME, years, -cost, capital, it_source
    )


def _entries(
    what: tuple[str, str, str], years: tuple[str, ...], amount: np.ndarray, capital: np.ndarray, source: str
) -> list[dict[str, Any]]:
    """One contribution's entries, one per year (capital left out where there is none)."""
    name, description, priority = what
    entries = []
    for year, money, spend in zip(years, amount.tolist(), capital.tolist(), strict=True):
        entry = {"name": name, "description": description, "priority": priority, "year": year}
        entry |= {"amount_gbpm": money} | ({"capital_gbpm": spend} if spend else {}) | {"source": source}
        entries.append(entry)
    return entries


def commitments(tables: dict[str, pd.DataFrame], source: str) -> pd.DataFrame:
    """Floors at a share of the plan's own scale in each year for two interventions: the system-level
    scheme and the place-level care intervention the plan starts earliest (of those, the one running
    in the most places; then the first), at every location the plan runs them.

    A floor that rounds to 0 (a year before the plan starts) is left out.
    """
    interventions = tables["interventions"]
    plan = tables["planned_mix"]
    running = plan[plan["scale"] > 0]
    start = running.groupby("intervention", sort=False)["year"].min()
    places = running.groupby("intervention", sort=False)["location"].nunique()
    ranked = pd.DataFrame(
        {
            "intervention": interventions["intervention"],
            "level": interventions["level"],
            "start": interventions["intervention"].map(start),
            "places": -interventions["intervention"].map(places).fillna(0),
        }
    ).dropna(subset=["start"])
    ranked = ranked.sort_values(["start", "places"], kind="stable")
    chosen = ranked[ranked["level"].isin(["system", "place"])].drop_duplicates("level")["intervention"]
    rows = plan[plan["intervention"].isin(chosen)]
    floor = np.floor(rows["scale"].to_numpy() * COMMITTED_SHARE * 100) / 100
    committed = rows.assign(min_scale=floor)[floor > 0]
    return committed[COMMITMENT_COLUMNS].assign(source=source).reset_index(drop=True)
