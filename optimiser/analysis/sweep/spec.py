"""The sweep specification (`SWEEP.toml`), validated with pydantic; a defect is one line naming the
spec file and the key.

```toml
method = "monte-carlo"        # one-at-a-time | grid | monte-carlo | morris | pareto
mode = "optimise"             # optimise: re-solve each scenario; evaluate: judge a fixed plan
plan = "planned"              # mode = "evaluate": a plan of the instance
objective = "min-cost"
samples = 200
seed = 7

[[parameter]]
name = "discharge_to_assess_beds"
table = "effects"
where = { intervention = "discharge_to_assess", effect = "bed_days_avoided" }
field = "value"
multiply = { distribution = "triangular", low = 0.5, mode = 0.9, high = 1.1 }
```
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
import pydantic
from pydantic import AllowInfNan, BaseModel, ConfigDict, Field, Strict, model_validator

from optimiser.instance.errors import InstanceError

Number = Annotated[float, Strict(), AllowInfNan(False)]
METHODS = ("one-at-a-time", "grid", "monte-carlo", "morris", "pareto")
DISTRIBUTIONS = ("uniform", "triangular", "normal", "lognormal")
#: Effects that are benefits, which a common delivery factor scales together (costs are not scaled:
#: a scheme that under-delivers still costs what it costs).
Benefit = Literal["admissions_avoided", "bed_days_avoided", "direct_saving"]
BENEFITS: tuple[Benefit, ...] = ("admissions_avoided", "bed_days_avoided", "direct_saving")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Range(_Strict):
    """What values a parameter takes: `low`/`high` (one-at-a-time, morris, uniform), `values`
    (grid), or a distribution for monte-carlo.

    `normal` is given by `mean` and `sd`, `lognormal` by its `median` and `sigma` (the standard
    deviation of its logarithm). A normal draw is truncated to [`low`, `high`], `low` being 0 when
    not given, because every field a sweep scales (effects, costs, budgets, targets) must stay ≥ 0.
    """

    distribution: Literal["uniform", "triangular", "normal", "lognormal"] | None = None
    low: Number | None = None
    mode: Number | None = None
    high: Number | None = None
    mean: Number | None = None
    sd: Number | None = Field(default=None, gt=0)
    median: Number | None = Field(default=None, gt=0)
    sigma: Number | None = Field(default=None, gt=0)
    values: tuple[Number, ...] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _complete(self) -> Range:
        needs = {
            "uniform": ("low", "high"),
            "triangular": ("low", "mode", "high"),
            "normal": ("mean", "sd"),
            "lognormal": ("median", "sigma"),
        }
        if self.distribution is not None:
            missing = [key for key in needs[self.distribution] if getattr(self, key) is None]
            if missing:
                raise ValueError(f"a {self.distribution} distribution needs {', '.join(missing)}")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low {self.low:g} is above high {self.high:g}")
        if self.distribution == "triangular" and not (self.low <= self.mode <= self.high):  # type: ignore[operator]
            raise ValueError("a triangular distribution needs low ≤ mode ≤ high")
        return self


class Parameter(_Strict):
    """One uncertain input: the rows of a table it selects, the field, and its range."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    table: str
    where: dict[str, str | tuple[str, ...]] = Field(default_factory=dict)
    field: str
    multiply: Range | None = None
    set: Range | None = None

    @model_validator(mode="after")
    def _one_range(self) -> Parameter:
        if (self.multiply is None) == (self.set is None):
            raise ValueError("give exactly one of multiply and set")
        return self

    @property
    def range(self) -> Range:
        chosen = self.multiply if self.multiply is not None else self.set
        assert chosen is not None
        return chosen

    @property
    def operation(self) -> str:
        return "multiply" if self.multiply is not None else "set"


class Delivery(_Strict):
    """A common delivery factor: one draw scaling every benefit together, the way schemes
    under-deliver together (HM Treasury Green Book supplementary guidance on optimism bias)."""

    multiply: Range
    effects: tuple[Benefit, ...] = BENEFITS


class Correlation(_Strict):
    """Two parameters drawn together: their Latin-hypercube columns joined by a Gaussian copula
    with correlation `rho`, each keeping its own distribution."""

    parameters: tuple[str, str]
    rho: float = Field(gt=-1, lt=1)


class Pareto(_Strict):
    """The frontier of the sweep's objective against beds in the target year, by the
    epsilon-constraint method: a row caps the beds, and only its right-hand side moves."""

    points: int = Field(default=11, ge=2)


class SweepSpec(_Strict):
    """The whole sweep specification."""

    method: Literal["one-at-a-time", "grid", "monte-carlo", "morris", "pareto"]
    mode: Literal["optimise", "evaluate"] = "optimise"
    plan: str = "planned"
    objective: Literal["min-cost", "max-saving", "min-beds"] = "min-cost"
    samples: int = Field(default=100, ge=1)
    seed: int = 0
    #: Morris: trajectories and grid levels.
    trajectories: int = Field(default=10, ge=2)
    levels: int = Field(default=4, ge=2)
    #: The share of scenarios (drawn with the seed) re-solved cold to check the warm answer.
    cold_check: float = Field(default=0.05, ge=0, le=1)
    #: `highs`: each scenario warm from the base basis; `cbc`: each scenario's MPS written from its
    #: changed matrix (no rebuild) and solved by CBC.
    backend: Literal["highs", "cbc"] = "highs"
    parameter: tuple[Parameter, ...] = ()
    delivery: Delivery | None = None
    correlation: tuple[Correlation, ...] = ()
    pareto: Pareto = Pareto()

    @model_validator(mode="after")
    def _fits_method(self) -> SweepSpec:
        names = [parameter.name for parameter in self.parameters]
        duplicated = sorted({name for name in names if names.count(name) > 1})
        if duplicated:
            raise ValueError(f"parameter name {duplicated[0]!r} is used twice")
        if self.method != "pareto" and not self.parameters:
            raise ValueError(f"method {self.method!r} needs at least one [[parameter]]")
        needs = {
            "one-at-a-time": ("low", "high"),
            "morris": ("low", "high"),
            "grid": ("values",),
            "monte-carlo": ("distribution",),
        }.get(self.method, ())
        for parameter in self.parameters:
            missing = [key for key in needs if getattr(parameter.range, key) is None]
            if missing:
                raise ValueError(
                    f"parameter {parameter.name!r}: method {self.method!r} needs {', '.join(missing)}"
                )
        for pair in self.correlation:
            unknown = [name for name in pair.parameters if name not in names and name != "delivery"]
            if unknown:
                raise ValueError(f"correlation names no parameter {unknown[0]!r}")
            if pair.parameters[0] == pair.parameters[1]:
                raise ValueError(f"correlation pairs {pair.parameters[0]!r} with itself")
        if self.correlation and self.method != "monte-carlo":
            raise ValueError("correlation applies only to method 'monte-carlo'")
        if self.correlation:
            self._check_correlations()
        if self.mode == "evaluate" and self.method in ("pareto", "morris"):
            raise ValueError(f"method {self.method!r} runs only in mode 'optimise'")
        return self

    def _check_correlations(self) -> None:
        """The pairs' correlations must make a valid (positive definite) correlation matrix."""
        names = [parameter.name for parameter in self.parameters]
        matrix = np.eye(len(names))
        for pair in self.correlation:
            first, second = (names.index(name) for name in pair.parameters)
            matrix[first, second] = matrix[second, first] = pair.rho
        if np.linalg.eigvalsh(matrix).min() <= 0:
            raise ValueError("the correlations given do not make a valid correlation matrix")

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        """The parameters, with the common delivery factor (if any) as one more, named `delivery`."""
        if self.delivery is None:
            return self.parameter
        delivery = Parameter(
            name="delivery",
            table="effects",
            where={"effect": self.delivery.effects},
            field="value",
            multiply=self.delivery.multiply,
        )
        return (*self.parameter, delivery)


def load_spec(path: str | Path) -> SweepSpec:
    """Read and validate a sweep spec; `InstanceError` (one line: file, key, what is wrong) if bad."""
    file = Path(path)
    try:
        document = tomllib.loads(file.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InstanceError(str(file), "missing file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InstanceError(str(file), f"not valid TOML: {error}") from None
    return spec_from_document(document, str(file))


def spec_from_document(document: dict[str, object], label: str) -> SweepSpec:
    try:
        return SweepSpec.model_validate(document)
    except pydantic.ValidationError as error:
        first = error.errors()[0]
        key = ".".join(_key_part(part) for part in first["loc"]) or "(document)"
        message = first["msg"].replace("Value error, ", "")
        return _raise(label, key, message)


def _key_part(part: str | int) -> str:
    return f"[{part + 1}]" if isinstance(part, int) else str(part)


def _raise(label: str, key: str, message: str) -> SweepSpec:
    raise InstanceError(label, message, None, key.replace(".[", "["))
