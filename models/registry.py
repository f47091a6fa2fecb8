"""Every constraint family, in the order its rows appear in the matrix, and which are switched on.

A family is switched off by `[families] NAME = false` in instance.toml or by `--without NAME` on the
command line (as Calliope's `active: false`): its rows are not built, and every other row and
column is as it would be. Analyses that price a limit (a pledge, a target) compare the two.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from optimiser.choices import ChoiceError, unknown_name
from optimiser.models.bed_balance import BED_BALANCE
from optimiser.models.bed_targets import BED_TARGET
from optimiser.models.capital import CAPITAL
from optimiser.models.choice import COUNTY_SERVICES_FAMILY, PATIENT_CHOICE_FAMILY
from optimiser.models.closures import CLOSURE_MONOTONE
from optimiser.models.cohort_caps import COHORT_CAP
from optimiser.models.commitments import COMMITMENT
from optimiser.models.configuration import (
    DEMAND_MET_FAMILY,
    MINIMUM_VOLUME_FAMILY,
    SHARED_MONOTONE_FAMILY,
    SITE_CAPACITY_FAMILY,
)
from optimiser.models.equity_floor import COVERAGE_MEAN, EQUITY_FLOOR
from optimiser.models.evidence_caps import EVIDENCE_CAP
from optimiser.models.family import ConstraintFamily
from optimiser.models.gap import GAP
from optimiser.models.investment_band import INVESTMENT_BAND
from optimiser.models.pledges import (
    COMMUNITY_SERVICES_KEPT_FAMILY,
    COMMUNITY_SERVICES_NEW_FAMILY,
    DISTRICT_GENERAL_HOSPITAL_FAMILY,
    SERVICE_MOVES_FAMILY,
    SPECIALISED_SERVICES_FAMILY,
)
from optimiser.models.scale import SCALE_MONOTONE, SCALE_RAMP
from optimiser.models.services import SERVICE_LINK, SERVICE_MONOTONE
from optimiser.models.turnover import NATURAL_TURNOVER_FAMILY
from optimiser.models.wards import WHOLE_WARDS
from optimiser.models.workforce import HIRING_LIMIT, REDEPLOYMENT, STAFF_MONOTONE, WORKFORCE

REGISTRY: tuple[ConstraintFamily, ...] = (
    BED_BALANCE,
    BED_TARGET,
    CLOSURE_MONOTONE,
    GAP,
    WORKFORCE,
    HIRING_LIMIT,
    REDEPLOYMENT,
    STAFF_MONOTONE,
    CAPITAL,
    SCALE_MONOTONE,
    SCALE_RAMP,
    COMMITMENT,
    COHORT_CAP,
    EVIDENCE_CAP,
    INVESTMENT_BAND,
    COVERAGE_MEAN,
    EQUITY_FLOOR,
    SERVICE_LINK,
    SERVICE_MONOTONE,
    WHOLE_WARDS,
    DEMAND_MET_FAMILY,
    SITE_CAPACITY_FAMILY,
    MINIMUM_VOLUME_FAMILY,
    SHARED_MONOTONE_FAMILY,
    DISTRICT_GENERAL_HOSPITAL_FAMILY,
    SPECIALISED_SERVICES_FAMILY,
    COMMUNITY_SERVICES_KEPT_FAMILY,
    COMMUNITY_SERVICES_NEW_FAMILY,
    PATIENT_CHOICE_FAMILY,
    COUNTY_SERVICES_FAMILY,
    NATURAL_TURNOVER_FAMILY,
    SERVICE_MOVES_FAMILY,
)

#: Each family's record by name.
FAMILY = {family.name: family for family in REGISTRY}


class FamilyError(ChoiceError):
    """A family switch names no family (printed as one line, exit status 2)."""


def check_family_names(names: Iterable[str], where: str) -> None:
    """Raise `FamilyError` for the first name that is no constraint family, saying where it was given."""
    for name in names:
        if name not in FAMILY:
            raise FamilyError(f"{where}: {unknown_name('constraint family', name, FAMILY)}")


def active_families(
    switches: Mapping[str, bool], without: Iterable[str] = (), *, where: str = "instance.toml [families]"
) -> tuple[ConstraintFamily, ...]:
    """The families to build: all, less those switched off in `switches` or named in `without`."""
    without = tuple(without)
    check_family_names(switches, where)
    check_family_names(without, "--without")
    off = {name for name, on in switches.items() if not on} | set(without)
    return tuple(family for family in REGISTRY if family.name not in off)


def families_to_price(names: Iterable[str] = ()) -> tuple[ConstraintFamily, ...]:
    """The families `compare --price-constraints` re-solves without: those named (each checked, in
    the order given, once each), or else every family marked `priced`, in matrix order."""
    names = tuple(dict.fromkeys(names))
    check_family_names(names, "--price-constraints")
    if names:
        return tuple(FAMILY[name] for name in names)
    return tuple(family for family in REGISTRY if family.priced)
