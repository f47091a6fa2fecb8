"""The evaluation of a plan (`optimiser evaluate --json`), and the parts summary.json shares with it:
beds, money and the limits broken. Figures are rounded to 6 decimals; None where there is none."""

from __future__ import annotations

from pydantic import Field

from optimiser.results.documents.base import Document

Figure = float | None


class BedFigures(Document):
    """Beds open (or admissions a year) in the target year: before, doing nothing, and with the plan."""

    baseline: Figure = Field(description="in the baseline year")
    do_nothing: Figure = Field(description="in the target year with no intervention (demand growth only)")
    result: Figure = Field(description="in the target year with the decisions")


class SiteBeds(Document):
    """One site's beds of one setting in one year (beds)."""

    site: str
    setting: str
    year: str = Field(description="financial year, e.g. 2020/21")
    beds: Figure = Field(description="beds open with the decisions")
    needed: Figure = Field(description="beds the remaining demand needs at the setting's occupancy")
    baseline: Figure = Field(description="beds open in the baseline year")
    do_nothing: Figure = Field(description="beds open with no intervention")


class ByPriority(Document):
    """Net saving in the target year by the priority each intervention counts under (£m a year)."""

    place: Figure
    prevention: Figure
    urgent_care: Figure
    efficiency: Figure
    other: Figure
    beds_kept_open: Figure = Field(
        description="the fixed cost of owned beds left open beyond need (≤ 0), or of beds short (£m a year); "
        "with the priorities it sums to net_saving"
    )


class Finance(Document):
    """Money in the target year, £m a year (undiscounted)."""

    gap: float = Field(description="the financial gap to close (£m); 0 where the year has none")
    net_saving: Figure = Field(description="savings less revenue costs (£m)")
    by_priority: ByPriority
    fixed_contributions: Figure = Field(description="savings and commitments no decision changes (£m)")
    gap_for_decisions: Figure = Field(description="the gap less the fixed contributions (£m)")
    revenue_cost: Figure = Field(description="revenue cost of the interventions and staff (£m)")
    capital_spend: Figure = Field(description="capital spent in the year (£m)")
    workforce_cost: Figure = Field(description="recruitment and redeployment (£m)")


class StaffGroup(Document):
    """One staff group's whole-time equivalents in the target year, over all places (WTE)."""

    staff_group: str
    needed: Figure = Field(description="WTE the beds and interventions need")
    available: Figure = Field(description="WTE in post")
    hired: Figure = Field(description="WTE recruited")
    redeployed: Figure = Field(description="WTE moved from closed beds")


class CapitalYear(Document):
    """Capital in one year (£m, undiscounted)."""

    year: str
    spend: Figure = Field(description="capital spent (£m)")
    budget: Figure = Field(description="the year's capital budget (£m); None where it has none")


class Violation(Document):
    """A limit the decisions break."""

    constraint: str = Field(description="the row or column broken, e.g. gap[2020/21]")
    amount: Figure = Field(description="how far past its limit, in `unit`")
    unit: str = Field(description="the row's unit: £m, beds, WTE, or the intervention's scale unit")
    direction: str = Field(description="over (above an upper limit) or short (below a lower one)")


class PlanValue(Document):
    """A plan's value under an objective, as solve and compare give it (c·x + c0, no tie-breaks)."""

    name: str = Field(description="the objective: min-cost, max-saving or min-beds")
    value: float = Field(description="the plan's value, in `unit`")
    unit: str = Field(description="£m for money objectives, beds for min-beds")
    sense: str = Field(description="min or max")
    basis: str = Field(description="how the years are weighed, e.g. present value at 3.5% a year")


class Evaluation(Document):
    """`optimiser evaluate --json`: a plan judged by the model's limits, in the target year."""

    instance: str
    plan: str = Field(description="the plan's id in planned_mix (or the run's label)")
    target_year: str
    beds: dict[str, BedFigures] = Field(description="beds by setting, then `total`")
    beds_by_site: list[SiteBeds]
    bed_bridge: dict[str, dict[str, Figure]] = Field(
        description="beds avoided in the target year, by step then setting (and total)"
    )
    bed_trajectory: dict[str, dict[str, Figure]] = Field(
        description="beds open by year (and `baseline`), then setting (and total)"
    )
    admissions: BedFigures = Field(description="admissions a year over all cohorts")
    admissions_by_cohort: dict[str, BedFigures] = Field(description="admissions a year by cohort")
    finance: Finance
    workforce: list[StaffGroup]
    capital: list[CapitalYear]
    violations: list[Violation]
    objective: PlanValue = Field(description="the plan's value under --objective")
