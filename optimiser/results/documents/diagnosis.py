"""diagnosis.json: why a model is infeasible — the least relaxation of the elastic families together,
then of each alone (`optimiser.analysis.diagnose`)."""

from __future__ import annotations

from pydantic import Field

from optimiser.results.documents.base import Document


class RelaxedRow(Document):
    """One limit the relaxation moves."""

    row: int = Field(description="the row's position in the model")
    name: str = Field(description="the row's name, e.g. gap[2020/21]")
    family: str = Field(description="its constraint family")
    unit: str = Field(description="the unit of its limit: £m, beds or WTE")
    limit: float = Field(description="the limit as the instance sets it, in `unit`")
    relaxed_limit: float = Field(description="the limit that would make the model feasible, in `unit`")
    change: float = Field(description="relaxed_limit - limit, in `unit`")


class Relaxation(Document):
    """The least relaxation of some families (largest change first)."""

    families: list[str] = Field(description="the families allowed to move")
    feasible: bool = Field(description="whether relaxing them alone can make the model feasible")
    verified: bool = Field(description="whether re-solving with the relaxed limits confirmed it")
    rows: list[RelaxedRow]


class Diagnosis(Document):
    """diagnosis.json of an infeasible run."""

    explanation: list[str] = Field(description="the diagnosis in plain words, one line per finding")
    relaxations: list[Relaxation] = Field(description="all the families together first, then each alone")
