"""What is known about a constraint family, in one record that lives in the family's own module.

Each family module ends with its record(s): the stable name (the prefix of its rows, its docs
heading and its test module), the function that defines its rows, the unit of a row's bound, how
one unit of that bound reads in plain words (for shadow prices), and — for the families an
infeasibility diagnosis may relax — how the diagnosis speaks of it. `optimiser.models.registry`
lists the records in matrix order; nothing outside `models/` names a family.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from optimiser.linear import ModelBuilder
from optimiser.models.data import ModelData
from optimiser.models.variables import Columns

Define = Callable[[ModelBuilder, ModelData, Columns], None]

#: The unit of a row whose bound is in the intervention's own scale unit (people, sessions, …).
SCALE_UNITS = "scale units"


@dataclass(frozen=True)
class Relaxing:
    """How an infeasibility diagnosis relaxes a family and speaks of it.

    `words` names the family ("the gap"); `each_row`, if given, says one relaxed row's change with
    {label}, {limit} and {relaxed} filled in; otherwise the diagnosis gives the family's total
    change and its largest rows.
    """

    words: str
    each_row: str | None = None


@dataclass(frozen=True)
class ConstraintFamily:
    """One constraint family: its name, its rows' definition, its unit and its words."""

    name: str
    define: Define
    unit: str
    #: One unit of a row's bound in plain words, with {placeholders} for the row's labels.
    phrase: str
    #: Set for the families a diagnosis may relax (their limits are choices a board can revisit).
    relaxing: Relaxing | None = None
    #: A family that states a choice the system made — a pledge, a commitment, a policy floor —
    #: rather than a physical or accounting limit; `compare --price-constraints` prices only these.
    priced: bool = False

    @property
    def relaxable(self) -> bool:
        return self.relaxing is not None
