"""The STP's money by year: the yearly gap, the fixed contributions and the commitments.

- **Yearly gap.** The seed does not give a do-nothing gap for each year; it gives the financial
  plan's position after the plan (revised allocations, expenditure, surplus or deficit "as per
  model", 004:3781-3837) and the do-nothing's end point, £219m by 2020/21 (871). Each year's required
  net saving is the do-nothing spend less that year's revised allocation plus the position the plan
  allows that year (a deficit before 2020/21, break-even by 2020/21, the £219m gap). The do-nothing
  spend between 2016/17 (£1,725m, 3795) and 2020/21 (£2,167m = £1,948m + £219m, 3791 and 871; the
  seed's £2,167m at 3868) is an assumption: one constant growth rate.
- **Fixed contributions.** What no decision of the model changes: the efficiency and "other"
  priorities' savings beyond their named schemes (the seed's priority totals less the named schemes'
  net at the STP's scale), and the commitments the model does not scale — Seven Day Services and
  CAMHS (one-off, 2017/18) and the Local Digital Roadmap (revenue by year, £33m of capital charged
  over an IT life). They count against the gap once, in the year's money, as the seed's net position
  counts its investments (3638-3639); the national allocations that fund them (3815-3823) sit below
  the model's line and are not credited.
- **Commitments.** GP Forward View, the Mental Health Taskforce and place development are decisions
  with floors in every year at the seed's money (3703-3725; place support allocated, 1655).
"""

from __future__ import annotations

import assumptions as assumed
import numpy as np
import pandas as pd
import seed_facts as seed
from catalogue import STEADY, Spec
from seed_facts import cite

YEARS = assumed.YEARS


def do_nothing_spend() -> dict[str, float]:
    """Do-nothing spend (£m) in each planning year, at one growth rate from 2016/17 to 2020/21."""
    first = seed.EXPENDITURE[0][0]
    last = seed.REVISED_ALLOCATIONS[0][-1] + seed.GAP[0]
    rate = (last / first) ** (1 / (len(seed.FINANCIAL_PLAN_YEARS) - 1))
    return {year: first * rate ** (step + 1) for step, year in enumerate(YEARS)}


def yearly_gap() -> list[dict[str, object]]:
    """`[[gap]]` entries: the net saving each year needs against the do-nothing."""
    spend = do_nothing_spend()
    entries = []
    for step, year in enumerate(YEARS):
        column = step + 1  # the financial plan starts a year earlier, in 2016/17
        allocation = seed.REVISED_ALLOCATIONS[0][column]
        line = seed.REVISED_ALLOCATIONS[1] + 2 * column
        if year == YEARS[-1]:
            entries.append(
                {"year": year, "amount_gbpm": seed.GAP[0], "source": cite(seed.GAP[1], "NHS gap £219m")}
            )
            continue
        allowed = seed.POSITION_AS_PER_MODEL[0][column]
        amount = round(spend[year] - allocation + allowed, 6)
        position_line = seed.POSITION_AS_PER_MODEL[1] + 2 * column
        source = (
            f"{cite(line, f'revised allocation £{allocation:,.0f}m')}; "
            f"{cite(position_line, f'position allowed £{allowed:,.0f}m as per model')}; "
            f"{assumed.DO_NOTHING_REASON} (do-nothing £{spend[year]:,.1f}m)"
        )
        entries.append({"year": year, "amount_gbpm": amount, "source": source})
    return entries


def commitments(specs: tuple[Spec, ...], shares: dict[str, pd.Series]) -> pd.DataFrame:
    """Floors by year for the committed decisions, at the seed's phasing of their target scale."""
    rows = []
    for spec in specs:
        if not spec.mandated:
            continue
        assert isinstance(spec.phasing, tuple), spec.intervention
        for location, fraction in shares[spec.intervention].items():
            for year, step in zip(YEARS, spec.phasing, strict=True):
                source = f"{spec.mandate_source}; {spec.phasing_source}"
                rows.append((spec.intervention, location, year, spec.target * fraction * step, source))
    return pd.DataFrame(rows, columns=["intervention", "location", "year", "min_scale", "source"])


def commitment_contributions() -> list[dict[str, object]]:
    """The commitments the model does not scale, as fixed costs by year."""
    entries = []
    for name, description, (values, line) in (
        ("seven_day_services", "Seven Day Services (national priority)", seed.SEVEN_DAY_SERVICES),
        ("camhs", "CAMHS (national priority)", seed.CAMHS),
    ):
        for year, value in zip(YEARS, values, strict=True):
            if value:
                entries.append(_entry(name, description, "", year, -value / 1000, 0.0, _one_off_source(line)))
    return entries + digital_roadmap()


def _one_off_source(line: int) -> str:
    return (
        f"{cite(line, 'national priority investment, £000s, 2017/18 only')}; "
        f"{cite(3649, 'within the financial plan, so against the gap')}"
    )


def digital_roadmap() -> list[dict[str, object]]:
    """The LDR: its revenue by year and the charge on its £33m of capital, over an IT life.

    The seed claims no saving of its own for the LDR (it enables the other priorities, 5301), so
    it is a fixed commitment rather than a decision with a benefit the seed does not state.
    """
    revenue, line = seed.DIGITAL_ROADMAP_REVENUE
    capital = seed.DIGITAL_ROADMAP_CAPITAL[0] * np.array(assumed.LDR_CAPITAL_PHASING)
    in_use = np.cumsum(capital)
    entries = []
    for position, year in enumerate(YEARS):
        charge = assumed.IT_CHARGE_RATE * in_use[position]
        amount = -(revenue[position] / 1000 + charge)
        source = (
            f"{cite(line + 6 * position, f'Digital Roadmap £{revenue[position]:,}k revenue')}; "
            f"{cite(seed.DIGITAL_ROADMAP_CAPITAL[1], '£33m programme')}; "
            f"{assumed.LDR_CAPITAL_REASON}; {assumed.IT_CHARGE_REASON}"
        )
        entries.append(
            _entry(
                "digital_roadmap",
                "Local Digital Roadmap (national priority)",
                "efficiency",
                year,
                round(amount, 9),
                round(float(capital[position]), 9),
                source,
            )
        )
    return entries


def residual_contributions(residual_2020: dict[str, float]) -> list[dict[str, object]]:
    """The efficiency and "other" savings beyond the named schemes, phased as the schemes are."""
    entries = []
    for priority, (name, description, line, named) in RESIDUALS.items():
        total = residual_2020[priority]
        for year, step in zip(YEARS, STEADY, strict=True):
            source = (
                f"{cite(line, named)}; "
                + assumed.assume(
                    f"the priority's total less its named schemes' net at the STP's scale, "
                    f"£{total:,.3f}m by 2020/21 (calibration)"
                )
                + "; "
                + f"{cite(4177, 'phased as the schemes, 1% a year productivity to 5% by 2020/21')}"
            )
            entries.append(_entry(name, description, priority, year, round(total * step, 6), 0.0, source))
    return entries


#: Priority: (contribution, description, seed line of the priority's total, what that line says).
RESIDUALS = {
    "efficiency": (
        "other_provider_efficiency",
        "Ambulance provider efficiency and other schemes (004:3276)",
        seed.NET_IMPACT["efficiency"][1],
        "system efficiency nets £124m",
    ),
    "other": (
        "other_schemes",
        "Children's, maternity, LD and other schemes (004:4218-4227)",
        seed.TOTAL_NET_BENEFIT[1],
        "£222m in all, of which £55m beyond the four named priorities (004:5291-5345)",
    ),
}


def _entry(
    name: str, description: str, priority: str, year: str, amount: float, capital: float, source: str
) -> dict[str, object]:
    entry: dict[str, object] = {"name": name, "description": description}
    if priority:
        entry["priority"] = priority
    entry.update({"year": year, "amount_gbpm": amount})
    if capital:
        entry["capital_gbpm"] = capital
    entry["source"] = source
    return entry
