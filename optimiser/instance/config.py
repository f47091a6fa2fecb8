"""`instance.toml`: the instance's identity, years, gap, bed targets, capital and options.

Validated with pydantic; every figure carries a `source` like the tables do.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Annotated

from pydantic import (
    AfterValidator,
    AllowInfNan,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    field_validator,
)

from optimiser.instance.errors import InstanceError
from optimiser.instance.fields import id_problem, magnitude_problem, year_problem
from optimiser.instance.schema import PRIORITIES
from optimiser.instance.sources import check_source


def _checked(problem: Callable[[str], str | None]) -> Callable[[str], str]:
    """A pydantic validator from a table field's check, so config and tables judge values alike."""

    def check(value: str) -> str:
        reason = problem(value)
        if reason:
            raise ValueError(reason)
        return value

    return check


def _plausible(value: float) -> float:
    reason = magnitude_problem(value)
    if reason:
        raise ValueError(reason)
    return value


Year = Annotated[str, Strict(), AfterValidator(_checked(year_problem))]
Identifier = Annotated[str, Strict(), AfterValidator(_checked(id_problem))]
# Numbers must be written as finite numbers: neither text such as "1.0", nor true/false, nor nan or
# inf, nor a magnitude no instance holds honestly (see `MAGNITUDE_LIMIT`).
Number = Annotated[float, Strict(), AllowInfNan(False), AfterValidator(_plausible)]
# Switches must be written as true or false, not as 1, 0 or "yes".
Flag = Annotated[bool, Strict()]

#: Where a value sits in the config document, as pydantic reports it, such as ("gap", 0, "year").
ConfigPath = tuple[str | int, ...]
#: Turns a config path into the file label, row and field that an error there is reported at.
Locator = Callable[[ConfigPath], tuple[str, int | str | None, str]]
#: Sections written as arrays of tables (`[[gap]]`) in instance.toml and as one sheet each in a workbook.
RECORD_SECTIONS = ("gap", "bed_targets", "capital", "fixed_contributions")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Sourced(_Strict):
    source: str

    @field_validator("source")
    @classmethod
    def _valid_source(cls, value: str) -> str:
        problem = check_source(value)
        if problem:
            raise ValueError(problem)
        return value


class GapEntry(_Sourced):
    """Net saving (£m) the plan must reach in a year against the do-nothing."""

    year: Year
    amount_gbpm: Number = Field(ge=0)


class BedTarget(_Sourced):
    """Most beds open in a setting (or `total`) in a year, at the setting's occupancy basis."""

    setting: Identifier
    year: Year
    beds: Number = Field(ge=0)


class CapitalBudget(_Sourced):
    """Capital (£m) available in a year."""

    year: Year
    budget_gbpm: Number = Field(ge=0)


class FixedContribution(_Sourced):
    """A saving (or, negative, a cost) in a year's money that no decision of the model changes.

    `amount_gbpm` is the whole effect on that year's income and expenditure against the
    do-nothing, capital charges included; `capital_gbpm` is capital spent in the year, counted
    against the capital budget only (its charge is already in the amount, so it is counted once).
    `priority`, if given, is the STP priority the contribution is reported under.
    """

    name: Identifier
    description: str = ""
    priority: str = ""
    year: Year
    amount_gbpm: Number
    capital_gbpm: Number = Field(default=0.0, ge=0)

    @field_validator("priority")
    @classmethod
    def _known_priority(cls, value: str) -> str:
        if value and value not in PRIORITIES:
            raise ValueError(f"unknown priority {value!r}; expected one of {PRIORITIES}")
        return value


class Parameter(_Sourced):
    value: Number


class CapitalChargeRate(Parameter):
    """Yearly charge on capital in use (PDC dividend plus depreciation), a share of the capital.

    Held to [0, 1): a negative charge would pay the plan for spending capital, and a rate of 1 or
    more is almost surely a percentage typed as a number (3.5 for 0.035).
    """

    value: Number = Field(ge=0, lt=1)


class DiscountRate(Parameter):
    """Real discount rate a year for multi-year money totals (HM Treasury Green Book: 0.035).

    Held to [0, 1): a negative rate would weigh later years above earlier ones, and a rate of 1
    or more is almost surely a percentage typed as a number (3.5 for 0.035). 0 means undiscounted.
    """

    value: Number = Field(ge=0, lt=1)


class SafeOccupancy(Parameter):
    """Occupancy a setting is planned at when `[options] safe_occupancy` names it (0.85: the Royal
    College of Psychiatrists' recommended most for adult mental-health beds).

    A share of a bed's year, above 0 and at most 1, like the settings table's occupancy.
    """

    value: Number = Field(gt=0, le=1)


class TravelCost(Parameter):
    """£ per patient-mile travelled, valuing the travel a service configuration asks of patients."""

    value: Number = Field(ge=0)


class MostServiceMoves(Parameter):
    """Most services a configuration may take away from a site that hosts them today (a pledge)."""

    value: Number = Field(ge=0)


class Parameters(_Strict):
    """System-wide numbers the formulation needs.

    The discount rate is required, not optional, so that every multi-year money total has a basis
    the instance states and sources; 0 is the way to ask for undiscounted totals. The safe occupancy
    is optional: it is used only when `[options] safe_occupancy` names a setting.
    """

    capital_charge_rate: CapitalChargeRate
    discount_rate: DiscountRate
    safe_occupancy: SafeOccupancy | None = None
    #: Read only by an instance with a service configuration (`service_sites`); 0 when absent.
    travel_cost_gbp_per_patient_mile: TravelCost | None = None
    most_service_moves: MostServiceMoves | None = None


class InvestmentBand(_Sourced):
    """Revenue invested per place in the given priorities must lie in [min, max] £m."""

    min_gbpm: Number = Field(ge=0)
    max_gbpm: Number = Field(ge=0)
    priorities: tuple[str, ...]
    year: Year

    @field_validator("priorities")
    @classmethod
    def _known_priorities(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [priority for priority in value if priority not in PRIORITIES]
        if unknown:
            raise ValueError(f"unknown priority {unknown[0]!r}; expected one of {PRIORITIES}")
        return value


class EquityFloor(_Sourced):
    """Each place's coverage of a place-level intervention must reach this share of the mean."""

    share: Number = Field(ge=0, le=1)


class Options(_Strict):
    """Modelling switches; these are an analyst's choices, not facts, so they carry no source."""

    #: Solve as a MILP by default: beds close in whole wards and site services open yes or no.
    integer: Flag = False
    #: Plan this setting at `[parameters.safe_occupancy]` instead of its stated occupancy basis
    #: (its beds and bed targets restated at the safe basis); unset plans every setting as stated.
    safe_occupancy: Identifier | None = None
    #: The solver's time limit when the command line gives none (a MILP instance sets it).
    time_limit_seconds: Number | None = Field(default=None, gt=0)


class InstanceSettings(_Strict):
    """The whole of `instance.toml`."""

    name: str = Field(min_length=1)
    title: str = Field(min_length=1)
    description: str = ""
    baseline_year: Year
    years: tuple[Year, ...] = Field(min_length=1)
    target_year: Year
    gap: tuple[GapEntry, ...] = Field(min_length=1)
    bed_targets: tuple[BedTarget, ...] = ()
    capital: tuple[CapitalBudget, ...] = ()
    fixed_contributions: tuple[FixedContribution, ...] = ()
    parameters: Parameters
    investment_band: InvestmentBand | None = None
    equity_floor: EquityFloor | None = None
    options: Options = Options()
    #: Constraint families switched on or off by name (`[families] equity_floor = false`); a family
    #: not named is on. The names are checked against the model's registry when it is built.
    families: dict[Identifier, Flag] = Field(default_factory=dict)

    @field_validator("years")
    @classmethod
    def _consecutive(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        starts = [int(year[:4]) for year in value]
        for year, start in zip(value, starts, strict=True):
            if int(year[5:]) != (start + 1) % 100:
                raise ValueError(f"{year!r} is not a financial year like 2020/21")
        if any(later != earlier + 1 for earlier, later in itertools.pairwise(starts)):
            raise ValueError("years must be consecutive and in order")
        return value


def year_start(year: str) -> int:
    """The calendar year a financial year starts in (`2020/21` → 2020)."""
    match = re.match(r"^(\d{4})/", year)
    if match is None:
        raise ValueError(f"{year!r} is not a financial year")
    return int(match.group(1))


def printable(text: str) -> str:
    """`text` as it is if it prints on one line, otherwise quoted and escaped, so errors stay one line."""
    return text if text and text.isprintable() else repr(text)


def toml_locator(label: str) -> Locator:
    """Locate config paths in instance.toml: `[[gap]] entry 1`, `[parameters.x]` or the top level."""

    def locate(path: ConfigPath) -> tuple[str, int | str | None, str]:
        names = [part for part in path if isinstance(part, str)]
        indices = [part for part in path if isinstance(part, int)]
        if not names:
            return label, None, "(document)"
        if names[0] in RECORD_SECTIONS and len(path) > 1:
            entry = f" entry {indices[0] + 1}" if indices else ""
            return label, f"[[{names[0]}]]{entry}", names[-1]
        if indices:
            return label, f"{'.'.join(names)} entry {indices[0] + 1}", names[-1]
        if len(names) > 1:
            return label, f"[{'.'.join(names[:-1])}]", names[-1]
        return label, None, names[0]

    return locate


def config_error(locate: Locator, path: ConfigPath, message: str) -> InstanceError:
    """An `InstanceError` about the config value at `path`, wherever the locator says it is written."""
    file, row, field = locate(path)
    return InstanceError(file, message, row, printable(field))
