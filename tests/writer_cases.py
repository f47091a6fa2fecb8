"""The models whose LP and MPS files are pinned by golden digests, and how the digests are taken.

The digests in `tests/golden/writers.json` were taken with the writers as they stood before the LP
writer was vectorised and the MPS writer made to stream; the rewritten writers must reproduce them
byte for byte. Each case also records a fingerprint of the model itself (its matrix, bounds, costs,
names and sense), so that a failure says whether the writer or the model changed. Regenerate the
file (`python -m tests.writer_cases`) only when the model changed and the writers did not.

The cases: `tiny` and `derbyshire` (the bundled instances), `small` (a seeded generated instance),
and `edges`, a synthetic model with every shape the writers treat apart: ranged, equality, `≤` and
`≥` rows, a row with no entries, a column in no row and not in the objective, free, fixed,
lower-unbounded and integer columns (in two runs), awkward numbers and a maximising objective with a
constant.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from optimiser.instance.load import load_instance
from optimiser.io.lp import lp_text
from optimiser.io.mps import write_mps_stream
from optimiser.linear import LinearModel, ModelBuilder, Terms
from optimiser.models import build_model
from optimiser.solvers.result import solver_objective

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "writers.json"
SMALL_SEED = 20161021


def _shipped(name: str) -> LinearModel:
    return build_model(load_instance(ROOT / "instances" / name), "min-cost")


def _small() -> LinearModel:
    from optimiser.generate import write_generated_size

    with tempfile.TemporaryDirectory() as folder:
        path = write_generated_size("small", SMALL_SEED, Path(folder) / "small")
        return build_model(load_instance(path), "min-cost")


def _edges() -> LinearModel:
    """A synthetic maximisation over 40 columns and 30 rows with every kind of row and column."""
    rng = np.random.default_rng(7)
    builder = ModelBuilder()
    index = pd.DataFrame({"place": [f"p{i}" for i in range(20)], "year": ["2020/21"] * 20})
    lower = np.where(np.arange(20) % 5 == 0, -np.inf, rng.choice([0.0, -2.5, 1e-7], size=20))
    upper = np.where(np.arange(20) % 4 == 0, np.inf, rng.choice([3.0, 12345.678, 1e12], size=20))
    upper[3] = lower[3] = 2.0  # fixed
    upper[10] = np.inf  # with lower -inf at 10: free
    builder.add_variables("scale", index, lower=lower, upper=np.maximum(upper, lower))
    builder.add_variables("count", index.iloc[:10], upper=5.0, integer=True)
    builder.add_variables("spare", index.iloc[:5])
    builder.add_variables("more", index.iloc[:5], integer=True, lower=-1.0, upper=1.0)
    entries = 120
    terms = Terms(
        rng.integers(0, 29, entries),  # row 29 is left empty
        rng.integers(0, 35, entries),  # columns 35-39 are only in the objective or nowhere
        rng.choice([1.0, -1.0, 0.1, -0.3333333333333333, 2.5e-9, 7e15, 1234.5], size=entries),
    )
    rows = pd.DataFrame({"site": [f"site {i % 3}" for i in range(30)], "k": [str(i) for i in range(30)]})
    row_lower = np.tile([-np.inf, 1.0, 0.0, -5.5, 0.25], 6)
    row_upper = np.tile([4.0, np.inf, 0.0, 5.5, 1e9], 6)
    builder.add_constraints("balance", rows, terms, lower=row_lower, upper=row_upper)
    costs = np.where(np.arange(40) % 3 == 0, 0.0, rng.normal(size=40))
    costs[[36, 37]] = 0.0  # columns 36 and 37 are in no row and not in the objective
    columns = np.flatnonzero(costs)
    builder.set_objective("net", Terms(columns, columns, costs[columns]), sense="max", constant=-12.75)
    return builder.build()


CASES: dict[str, Callable[[], LinearModel]] = {
    "edges": _edges,
    "tiny": lambda: _shipped("tiny"),
    "derbyshire": lambda: _shipped("derbyshire-stp-2016"),
    "small": _small,
}


def fingerprint(model: LinearModel) -> str:
    """A digest of everything a writer reads from the model."""
    digest = hashlib.sha256()
    matrix = model.matrix.tocsr()
    for array in (
        matrix.indptr.astype(np.int64),
        matrix.indices.astype(np.int64),
        matrix.data,
        model.col_lower,
        model.col_upper,
        model.integer,
        model.row_lower,
        model.row_upper,
        model.objective,
        model.tie_break,
    ):
        digest.update(np.ascontiguousarray(array).tobytes())
    for names in (model.row_names, model.column_names):
        digest.update("\n".join(names.astype(str).tolist()).encode())
    digest.update(f"{model.sense} {model.objective_name} {model.objective_constant!r}".encode())
    return digest.hexdigest()


def _mps(model: LinearModel, **options: object) -> bytes:
    buffer = io.BytesIO()
    write_mps_stream(model, buffer, **options)  # type: ignore[arg-type]
    return buffer.getvalue()


def digests(model: LinearModel) -> dict[str, str]:
    """The model's fingerprint and the SHA-256 of each file written from it."""
    files = {
        "lp": lp_text(model).encode("utf-8"),
        "mps": _mps(model),
        "mps_cbc": _mps(model, costs=solver_objective(model)[0], generic=True),
    }
    return {"model": fingerprint(model)} | {
        name: hashlib.sha256(data).hexdigest() for name, data in files.items()
    }


def main() -> int:
    golden = {name: digests(case()) for name, case in CASES.items()}
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text(json.dumps(golden, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"Wrote {GOLDEN}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
