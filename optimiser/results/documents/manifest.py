"""manifest.json: what a results folder holds and how it was made (`optimiser.results.manifest`
builds it; `optimiser verify` and the results folder read it through this model)."""

from __future__ import annotations

from pydantic import Field

from optimiser.results.documents.base import Document, RunStatus

Sha256 = str


class InstanceFingerprint(Document):
    """The instance a run read."""

    path: str = Field(description="absolute path of the instance folder or workbook")
    sha256: Sha256 = Field(description="sha256 of `sha256sum`-style lines over its files, in load order")
    files: dict[str, Sha256] = Field(description="sha256 of each file the loader reads, by file name")


class RunOptions(Document):
    """The options the run was given; `verify` rebuilds and re-solves with them."""

    objective: str = Field(description="min-cost, max-saving or min-beds")
    backend: str = Field(description="cbc, highs, pulp or pyomo")
    integer: bool = Field(description="whether scales were whole units (a MILP)")
    time_limit: float | None = Field(description="the solver's time limit (seconds); None for none")
    mip_gap: float | None = Field(description="relative MIP gap the solver stops at")
    lp_method: str = Field(description="the LP algorithm asked for (auto, simplex, barrier, …)")
    plan: str | None = Field(description="the plan the optimum is compared with")
    safe_occupancy: str | None = Field(description="the setting planned at its safe occupancy, if any")
    families_switched_off: list[str] = Field(
        default_factory=list, description="constraint families off (instance.toml or --without)"
    )
    overrides: list[str] = Field(default_factory=list, description="the run's --set changes, in order")
    price_constraints: list[str] | None = Field(
        default=None,
        # Written only by `compare --price-constraints`; other runs' manifests have no such key.
        exclude_if=lambda families: families is None,
        description="the constraint families compare --price-constraints priced",
    )


class SolverVersion(Document):
    name: str
    version: str | None


class Manifest(Document):
    """manifest.json of a results folder."""

    format: int = Field(description="the manifest's layout; verify reads format 1")
    command: str = Field(description="the command that wrote the folder: solve or compare")
    status: RunStatus
    started: str = Field(description="start of the run, UTC, ISO 8601 to the millisecond")
    finished: str = Field(description="end of the run, UTC, ISO 8601 to the millisecond")
    instance: InstanceFingerprint
    options: RunOptions
    versions: dict[str, str | None] = Field(
        description="installed versions of the packages that shape an answer"
    )
    solver: SolverVersion
    files: dict[str, Sha256] = Field(description="sha256 of every file the run wrote, by name, in name order")
