"""The benchmark registry: instance sizes, and which comparisons run at which size.

Sizes are seeded `optimiser generate` instances (plus the real Derbyshire STP). Solving through
PuLP and Pyomo repeats the very same CBC run as the native path, so at the national size only their
model building is timed; everything else runs at every size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
SEED = 20161021  # the STP's submission date


@dataclass(frozen=True)
class Size:
    """One instance size and what is measured on it."""

    name: str
    path: Path | None = None  # a shipped instance; None means generated
    library_solves: bool = True  # also solve through PuLP and Pyomo (not only build)
    sweep: bool = False  # measure warm re-solves against cold rebuilds
    sweep_scenarios: int = 41  # half-percent steps of the gap
    repeats: int = 3  # timing repeats for the fast phases (best of)
    tags: tuple[str, ...] = field(default_factory=tuple)


SIZES: dict[str, Size] = {
    "small": Size("small", tags=("smoke",)),
    "derbyshire": Size("derbyshire", path=ROOT / "instances" / "derbyshire-stp-2016", sweep=True),
    "region": Size("region", sweep=True),
    "county": Size("county", library_solves=False),
    "nhs-england": Size("nhs-england", library_solves=False),
}
DEFAULT_ORDER = ("small", "derbyshire", "region", "county", "nhs-england")


def instance_path(size: Size) -> Path:
    """The size's instance folder, generating it (once, into the cache) if it is synthetic."""
    if size.path is not None:
        return size.path
    from optimiser.generate import write_generated_size

    target = CACHE / f"{size.name}-{SEED}"
    if not (target / "instance.toml").exists():
        write_generated_size(size.name, SEED, target)
    return target
