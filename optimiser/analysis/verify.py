"""`optimiser verify DIR`: check a results folder against its manifest, its instance and its model.

`manifest.json` and `summary.json` are read through their models (`optimiser.results.documents`),
so a field missing or of the wrong type fails like any check. In order, stopping at the first
failure, which names the file at fault:

1. every file `manifest.json` lists is present with the sha256 it records, and no file a run could
   write is there unlisted;
2. the instance is re-read from the path the manifest records, and its files hash as they did;
3. the model is rebuilt with the recorded options, and the stored solution (`solution.csv`) keeps
   every row and bound within `FEASIBILITY_TOLERANCE` (and integrality, for a MILP), and its c·x is
   `summary.json`'s objective within `OBJECTIVE_TOLERANCE`;
4. a run solved to optimality is solved again, with the recorded backend, and must reach the same
   objective within `RESOLVE_TOLERANCE` (plus the recorded gap for a MILP); an infeasible or
   unbounded run must come out the same again;
5. for a `compare --price-constraints` run, each family priced is solved again without it, and
   `constraint_prices.csv`'s objective without it and its price must be what that solve gives
   (`check_prices`); a family given no price must have none.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from optimiser.analysis.evaluate import VIOLATION_TOLERANCE
from optimiser.analysis.sweep.overrides import apply_overrides
from optimiser.instance.container import Instance
from optimiser.instance.errors import InstanceError
from optimiser.instance.load import load_instance
from optimiser.linear import LinearModel
from optimiser.models import build_model
from optimiser.models.occupancy import with_safe_occupancy
from optimiser.models.registry import FAMILY
from optimiser.results.documents import first_problem
from optimiser.results.documents.manifest import Manifest, RunOptions
from optimiser.results.documents.summary import SUMMARY, SolvedSummary
from optimiser.results.folder import MANIFEST, RESULT_FILES
from optimiser.results.manifest import FORMAT, file_digest, instance_fingerprint
from optimiser.solvers import SolveOptions, Status, solve

#: Exit status of a results folder that fails a check.
EXIT_VERIFY_FAILED = 8
#: A row or bound may be broken by this share of the largest of 1, its bound and Σ|a·x| (the
#: evaluator's own tolerance); an integer column may be this far from a whole number.
FEASIBILITY_TOLERANCE = VIOLATION_TOLERANCE
#: c·x of the stored solution against summary.json's objective, relative to max(1, |objective|).
OBJECTIVE_TOLERANCE = 1e-6
#: A fresh solve's objective against summary.json's, relative to max(1, |objective|).
RESOLVE_TOLERANCE = 1e-6


#: The table of `compare --price-constraints`, re-checked by solving again without each family.
PRICES = "constraint_prices.csv"
PRICE_COLUMNS = ("family", "status", "objective_with", "objective_without", "price", "price_tolerance")


class VerifyError(Exception):
    """A check that failed; the message starts with the file at fault."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")


def verify_folder(folder: Path) -> list[str]:
    """Run every check on `folder`; return the report's lines or raise `VerifyError`."""
    if not folder.is_dir():
        raise VerifyError(folder, "no such results folder")
    manifest = read_manifest(folder)
    report = [check_files(folder, manifest)]
    instance, line = check_instance(manifest)
    report.append(line)
    options = manifest.options
    # The families the run switched off (in instance.toml or by --without) stay off.
    without = tuple(options.families_switched_off)
    model = build_model(instance, options.objective, integer=options.integer, without=without)
    status = manifest.status
    if status in (Status.OPTIMAL.value, Status.FEASIBLE.value):
        report += check_solution(folder, model)
    if status == Status.FEASIBLE.value:
        report.append("not solved again: the run stopped at a limit before proving optimality")
    else:
        report.append(check_resolve(folder, model, manifest))
    if status == Status.OPTIMAL.value and PRICES in manifest.files:
        report.append(check_prices(folder, instance, model, manifest))
    return report


def read_manifest(folder: Path) -> Manifest:
    """The folder's manifest, read through its model: anything malformed is one line naming it."""
    path = folder / MANIFEST
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        raise VerifyError(path, "missing; not a results folder this tool wrote") from None
    except OSError as error:
        raise VerifyError(path, f"unreadable ({error})") from None
    try:
        raw = json.loads(text)
    except ValueError as error:
        raise VerifyError(path, f"unreadable ({error})") from None
    # Another layout is named as such before its fields are judged by this one's model.
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise VerifyError(path, f"not a manifest of format {FORMAT}, the one this tool reads")
    try:
        # Strict: the tool writes every value with its own type, so none needs coercing.
        return Manifest.model_validate_json(text, strict=True)
    except ValidationError as error:
        raise VerifyError(path, f"not a manifest this tool wrote: {first_problem(error)}") from None


def check_files(folder: Path, manifest: Manifest) -> str:
    """Every listed file present with its hash; no result file unlisted."""
    listed = manifest.files
    for name, digest in sorted(listed.items()):
        path = folder / name
        if not path.is_file():
            raise VerifyError(path, f"missing (listed in {MANIFEST})")
        if file_digest(path) != digest:
            raise VerifyError(
                path, f"edited since the run wrote it (its sha256 is not the one in {MANIFEST})"
            )
    present = set(os.listdir(folder)) - {MANIFEST}
    unlisted = sorted(name for name in present - set(listed) if name in RESULT_FILES)
    if unlisted:
        raise VerifyError(folder / unlisted[0], f"not written by this run (not in {MANIFEST})")
    others = sorted(present - set(listed))
    mine = f"; not checked, not the tool's: {', '.join(others)}" if others else ""
    return f"{len(listed)} files match {MANIFEST} (sha256){mine}"


def check_instance(manifest: Manifest) -> tuple[Instance, str]:
    """The instance as recorded, unchanged since the run, with the recorded safe occupancy."""
    recorded = manifest.instance
    path = Path(recorded.path)
    now = instance_fingerprint(path)
    if now.sha256 != recorded.sha256:
        changed = sorted(
            name
            for name in set(now.files) | set(recorded.files)
            if now.files.get(name) != recorded.files.get(name)
        )
        where = path / changed[0] if changed and path.is_dir() else path
        raise VerifyError(where, "changed since the run (its sha256 is not the one in the manifest)")
    try:
        # The run's --set changes are applied again, as the run applied them, before its options.
        instance = apply_overrides(load_instance(path), manifest.options.overrides)
        setting = manifest.options.safe_occupancy
        instance = instance if setting is None else with_safe_occupancy(instance, setting)
    except InstanceError as error:
        raise VerifyError(path, f"no longer loads ({error})") from None
    return instance, f"instance {path} unchanged (sha256 {recorded.sha256[:12]}…)"


def _number(text: str) -> float:
    """`text` as a float, or NaN when it is not a number (reported below as not finite)."""
    try:
        return float(text)
    except ValueError:
        return float("nan")


def read_solution(path: Path, model: LinearModel) -> np.ndarray:
    """The stored values, in the model's column order; every column once, no other."""
    try:
        # Values are read as text and parsed by Python's own float(), which is exact for the
        # shortest round-trip text the tool writes, whatever pandas' parser does by default.
        table = pd.read_csv(path, usecols=["column", "value"], dtype=str, keep_default_na=False)
    except (OSError, ValueError) as error:
        raise VerifyError(path, f"unreadable ({error})") from None
    names = model.column_names
    if table["column"].duplicated().any() or set(table["column"]) != set(names):
        unknown = sorted(set(table["column"]).symmetric_difference(names))
        raise VerifyError(path, f"its columns are not the model's (first difference: {unknown[:1]})")
    values = np.array([_number(text) for text in table["value"]], dtype=float)
    if not np.isfinite(values).all():
        raise VerifyError(path, "holds a value that is not a finite number")
    return pd.Series(values, index=table["column"].to_numpy()).reindex(names).to_numpy()


def _worst(values: np.ndarray, lower: np.ndarray, upper: np.ndarray, magnitude: np.ndarray) -> np.ndarray:
    """Each value's breach of its bounds, relative to the largest of 1, the bound and `magnitude`."""
    over = np.where(np.isfinite(upper), values - upper, 0.0) / np.maximum(
        np.maximum(1.0, np.abs(np.where(np.isfinite(upper), upper, 0.0))), magnitude
    )
    under = np.where(np.isfinite(lower), lower - values, 0.0) / np.maximum(
        np.maximum(1.0, np.abs(np.where(np.isfinite(lower), lower, 0.0))), magnitude
    )
    return np.maximum(np.maximum(over, under), 0.0)


def check_solution(folder: Path, model: LinearModel) -> list[str]:
    """The stored solution keeps the model and gives summary.json's objective."""
    path = folder / "solution.csv"
    x = read_solution(path, model)
    rows = _worst(model.matrix @ x, model.row_lower, model.row_upper, abs(model.matrix) @ np.abs(x))
    columns = _worst(x, model.col_lower, model.col_upper, np.abs(x))
    breaches = np.concatenate([rows, columns])
    names = np.concatenate([model.row_names, model.column_names])
    worst = int(np.argmax(breaches)) if breaches.size else 0
    if breaches.size and breaches[worst] > FEASIBILITY_TOLERANCE:
        raise VerifyError(
            path,
            f"breaks {names[worst]} by {breaches[worst]:.3g} of its scale "
            f"(tolerance {FEASIBILITY_TOLERANCE:g})",
        )
    fractional = np.abs(x - np.round(x)) * model.integer
    if fractional.size and fractional.max() > FEASIBILITY_TOLERANCE:
        column = model.column_names[int(np.argmax(fractional))]
        raise VerifyError(path, f"integer column {column} is {x[int(np.argmax(fractional))]!r}, not whole")
    objective = float(model.objective @ x + model.objective_constant)
    recorded = _recorded_objective(folder)
    if abs(objective - recorded) > OBJECTIVE_TOLERANCE * max(1.0, abs(recorded)):
        raise VerifyError(
            folder / "summary.json", f"objective {recorded!r} is not c·x of solution.csv ({objective!r})"
        )
    largest = f"{breaches[worst]:.2g}" if breaches.size else "0"
    return [
        f"solution.csv: {x.size:,} values keep all {model.shape[0]:,} rows and every bound within "
        f"{FEASIBILITY_TOLERANCE:g} (largest breach {largest})",
        f"c·x = {objective:.10g} is summary.json's objective within {OBJECTIVE_TOLERANCE:g}",
    ]


def _recorded_objective(folder: Path) -> float:
    """summary.json's objective value, read through its model."""
    path = folder / "summary.json"
    try:
        summary = SUMMARY.validate_json(path.read_bytes(), strict=True)
    except OSError as error:
        raise VerifyError(path, f"unreadable ({error})") from None
    except ValidationError as error:
        raise VerifyError(path, f"not a summary this tool wrote: {first_problem(error)}") from None
    if not isinstance(summary, SolvedSummary) or summary.objective.value is None:
        raise VerifyError(path, "holds no objective value")
    return summary.objective.value


def check_resolve(folder: Path, model: LinearModel, manifest: Manifest) -> str:
    """Solve again with the recorded backend and options; the same status and objective."""
    options = manifest.options
    backend = options.backend
    gap = float(options.mip_gap or 0.0)
    solution = solve(model, backend, SolveOptions(mip_gap=gap, lp_method=options.lp_method))
    status = manifest.status
    if solution.status.value != status:
        raise VerifyError(
            folder / MANIFEST,
            f"status {status!r}, but solved again with {backend} it is {solution.status.value!r}",
        )
    if status != Status.OPTIMAL.value:
        return f"solved again with {backend}: {status} again"
    recorded = _recorded_objective(folder)
    assert solution.objective is not None
    tolerance = RESOLVE_TOLERANCE + (gap if model.is_mip else 0.0)
    if abs(solution.objective - recorded) > tolerance * max(1.0, abs(recorded)):
        raise VerifyError(
            folder / "summary.json",
            f"objective {recorded!r}, but solved again with {backend} it is {solution.objective!r}",
        )
    return f"solved again with {backend}: optimal {solution.objective:.10g}, within {tolerance:g}"


def _read_prices(path: Path) -> pd.DataFrame:
    try:
        table = pd.read_csv(path, keep_default_na=False, na_values=[""])
    except (OSError, ValueError) as error:
        raise VerifyError(path, f"unreadable ({error})") from None
    missing = [column for column in PRICE_COLUMNS if column not in table.columns]
    if missing:
        raise VerifyError(path, f"has no column {missing[0]!r}")
    unknown = sorted(set(table["family"].astype(str)) - set(FAMILY))
    if unknown:
        raise VerifyError(path, f"prices {unknown[0]!r}, which is no constraint family")
    return table


def check_prices(folder: Path, instance: Instance, model: LinearModel, manifest: Manifest) -> str:
    """Each family priced, solved again without it: its objective and price as the table says."""
    path = folder / PRICES
    table = _read_prices(path)
    recorded = _recorded_objective(folder)
    solved = 0
    for row in table.itertuples(index=False):
        if abs(float(row.objective_with) - recorded) > OBJECTIVE_TOLERANCE * max(1.0, abs(recorded)):
            raise VerifyError(path, f"{row.family}: objective with it is not summary.json's {recorded!r}")
        if row.status == Status.OPTIMAL.value:
            _check_price(path, row, instance, model, manifest.options, recorded)
            solved += 1
        elif not (pd.isna(row.price) and pd.isna(row.objective_without)):
            raise VerifyError(path, f"{row.family}: status {row.status!r} but a price is given")
    backend = manifest.options.backend
    return f"{PRICES}: the {solved} prices of {len(table)} families confirmed by solving again with {backend}"


def _check_price(
    path: Path, row: Any, instance: Instance, model: LinearModel, options: RunOptions, recorded: float
) -> None:
    """One family's row: the model without it, solved again, gives its objective and its price."""
    gap = float(options.mip_gap or 0.0)
    without = (*options.families_switched_off, str(row.family))
    again = build_model(instance, options.objective, integer=options.integer, without=without)
    solution = solve(again, options.backend, SolveOptions(mip_gap=gap, lp_method=options.lp_method))
    if solution.status is not Status.OPTIMAL or solution.objective is None:
        raise VerifyError(path, f"{row.family}: solved again without it, {solution.status.value}")
    allowance = RESOLVE_TOLERANCE + (gap if model.is_mip else 0.0)
    tolerance = allowance * max(1.0, abs(solution.objective), abs(recorded))
    if abs(float(row.objective_without) - solution.objective) > tolerance:
        raise VerifyError(
            path,
            f"{row.family}: objective without it {row.objective_without!r}, "
            f"but solved again it is {solution.objective!r}",
        )
    # The price is with − without in the objective's sense, written as 0 within its tolerance.
    price = (1.0 if model.sense == "min" else -1.0) * (recorded - solution.objective)
    expected = 0.0 if abs(price) <= float(row.price_tolerance) else price
    if abs(float(row.price) - expected) > tolerance:
        raise VerifyError(path, f"{row.family}: price {row.price!r}, but solved again it is {expected!r}")
