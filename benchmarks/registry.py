"""The benchmark registry: instance sizes, and which comparisons run at which size.

Sizes are seeded `optimiser generate` instances (plus the real Derbyshire STP). Solving through
PuLP and Pyomo repeats the very same CBC run as the native path, so at the national size only their
model building is timed; everything else runs at every size.

Generated instances are cached in `benchmarks/.cache/`, each under a key that digests everything
that shapes it: the size's numbers, the seed, every module of the installed `optimiser` (the
generator and the evaluation and validation it calibrates through) and the versions of the numerical
libraries that draw and compute it. A change to any of them writes a fresh instance; a stale one is
never used, and is removed.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
SEED = 20161021  # the STP's submission date
#: Libraries whose versions can change what a seed draws or how a plan evaluates.
#: tomli-w writes the generated instance.toml.
LIBRARIES = ("numpy", "pandas", "scipy", "pydantic", "openpyxl", "tomli-w")


@dataclass(frozen=True)
class Size:
    """One instance size and what is measured on it."""

    name: str
    path: Path | None = None  # a shipped instance; None means generated
    library_solves: bool = True  # also solve through PuLP and Pyomo (not only build)
    sweep: bool = False  # measure warm re-solves against cold rebuilds
    sweep_scenarios: int = 41  # half-percent steps of the gap
    writers: bool = False  # time the LP writer against the MPS writer (benchmarks/writers.py)
    repeats: int = 3  # timing repeats for the fast phases (best of)
    floor_rounds: int = 3  # alternating rounds of `optimiser solve` and bare CBC (median of)
    tags: tuple[str, ...] = field(default_factory=tuple)


SIZES: dict[str, Size] = {
    "small": Size("small", tags=("smoke",)),
    "derbyshire": Size("derbyshire", path=ROOT / "instances" / "derbyshire-stp-2016", sweep=True),
    "region": Size("region", sweep=True),
    "county": Size("county", library_solves=False, writers=True),
    "nhs-england": Size("nhs-england", library_solves=False),
}
DEFAULT_ORDER = ("small", "derbyshire", "region", "county", "nhs-england")


def source_digest(roots: Iterable[Path]) -> str:
    """A digest of every Python file under `roots`: its path relative to its root, and its bytes."""
    digest = hashlib.sha256()
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            digest.update(f"{root.name}/{path.relative_to(root).as_posix()}\0".encode())
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def source_roots() -> list[Path]:
    """The folders whose Python code shapes a generated instance: the whole installed `optimiser`
    (the generator in `optimiser/generate/`, the instance writer in `optimiser/instance/write.py`,
    and the evaluation and validation the generator calibrates through) and the formulation."""
    import optimiser
    import optimiser.models

    return [Path(optimiser.__file__).parent, Path(optimiser.models.__file__).parent]


def cache_key(name: str, seed: int, roots: list[Path] | None = None) -> str:
    """What a generated size's cache folder is keyed by: the size's numbers, the seed, the code that
    generates, calibrates and writes it (`roots`, by default `source_roots()`), and the Python and
    library versions it runs on."""
    from optimiser.generate import resolve_size

    versions = [f"{library}=={importlib.metadata.version(library)}" for library in LIBRARIES]
    digest = source_digest(source_roots() if roots is None else roots)
    parts = [repr(resolve_size(name)), str(seed), sys.version.split()[0], *versions, digest]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def instance_path(size: Size) -> Path:
    """The size's instance folder, generating it (once, into the cache) if it is synthetic.

    The folder is written beside the cache entry and renamed into place once complete, so an
    interrupted run never leaves a partial instance to be used; entries of the same size and seed
    under another key are stale and removed.
    """
    if size.path is not None:
        return size.path
    from optimiser.generate import write_generated_size

    stem = f"{size.name}-{SEED}"
    target = CACHE / f"{stem}-{cache_key(size.name, SEED)}"
    if not target.is_dir():
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=f".{stem}-", dir=CACHE) as scratch:
            write_generated_size(size.name, SEED, Path(scratch) / "instance")
            (Path(scratch) / "instance").rename(target)
    stale = re.compile(rf"^{re.escape(stem)}(-[0-9a-f]{{16}})?$")
    for folder in CACHE.iterdir():
        if folder != target and folder.is_dir() and stale.match(folder.name):
            shutil.rmtree(folder, ignore_errors=True)
    return target
