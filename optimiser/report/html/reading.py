"""Reading a results folder for the report, after checking it as `optimiser verify` does.

A folder from `solve` or `compare` must match its manifest (every file present with its sha256,
no result file unlisted) and its instance must be unchanged since the run; the report does not
solve again. A sweep folder has no manifest: its `sweep.json` must read, name its method, and hold
the table that method writes, with as many scenarios as it counts — so a sweep cut short is refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from optimiser.analysis.verify import VerifyError, check_files, check_instance, read_manifest
from optimiser.instance.container import Instance

#: What each sweep method writes beside sweep.json.
SWEEP_TABLES = {
    "one-at-a-time": "tornado.csv",
    "grid": "scenarios.csv",
    "monte-carlo": "scenarios.csv",
    "morris": "morris.csv",
    "pareto": "frontier.csv",
}


class ReportError(Exception):
    """A folder the report refuses; the message starts with the file at fault."""


@dataclass(frozen=True)
class Folder:
    """A checked results folder: what wrote it, its JSON documents and its tables."""

    path: Path
    kind: str  # solve, compare or sweep
    documents: dict[str, dict[str, Any]]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    instance: Instance | None = None

    def has(self, name: str) -> bool:
        return name in self.tables

    def table(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def _json(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"{path}: missing") from None
    except (OSError, ValueError) as error:
        raise ReportError(f"{path}: unreadable ({error})") from None
    if not isinstance(document, dict):
        raise ReportError(f"{path}: not a JSON object")
    return document


def _tables(folder: Path, names: list[str]) -> dict[str, pd.DataFrame]:
    tables = {}
    for name in names:
        try:
            tables[name.removesuffix(".csv")] = pd.read_csv(folder / name, keep_default_na=True)
        except (OSError, ValueError) as error:
            raise ReportError(f"{folder / name}: unreadable ({error})") from None
    return tables


def read_folder(path: Path) -> Folder:
    """The folder at `path`, checked; `ReportError` names the file at fault."""
    if not path.is_dir():
        raise ReportError(f"{path}: no such results folder")
    if (path / "manifest.json").exists():
        return _read_run(path)
    if (path / "sweep.json").exists():
        return _read_sweep(path)
    raise ReportError(f"{path}: neither manifest.json nor sweep.json; not a folder this tool wrote")


def _read_run(path: Path) -> Folder:
    try:
        manifest = read_manifest(path)
        check_files(path, manifest)
        instance, _ = check_instance(manifest)
    except VerifyError as error:
        raise ReportError(str(error)) from None
    if manifest.status not in ("optimal", "time limit, feasible incumbent"):
        raise ReportError(f"{path / 'manifest.json'}: status {manifest.status}, no solution to report")
    listed = sorted(name for name in manifest.files if name.endswith(".csv") and name != "solution.csv")
    documents = {
        name.removesuffix(".json"): _json(path / name)
        for name in ("summary.json", "compare.json")
        if name in manifest.files
    }
    kind = "compare" if "compare" in documents else "solve"
    return Folder(path, kind, documents, _tables(path, listed), instance)


def _read_sweep(path: Path) -> Folder:
    document = _json(path / "sweep.json")
    method = document.get("spec", {}).get("method") if isinstance(document.get("spec"), dict) else None
    if method not in SWEEP_TABLES:
        raise ReportError(f"{path / 'sweep.json'}: no sweep method this tool runs ({method!r})")
    expected = SWEEP_TABLES[method]
    names = sorted(
        {expected}
        | {
            name
            for name in ("scenarios.csv", "mix_quantiles.csv", "frontier_mix.csv")
            if (path / name).exists()
        }
    )
    if not (path / expected).exists():
        raise ReportError(f"{path / expected}: missing; the {method} sweep did not finish")
    tables = _tables(path, names)
    counted = document.get("counts", {}).get("scenarios")
    if "scenarios" in tables and counted != len(tables["scenarios"]):
        raise ReportError(
            f"{path / 'scenarios.csv'}: {len(tables['scenarios'])} scenarios, sweep.json counts {counted}; "
            "the sweep did not finish (run it again with --resume)"
        )
    return Folder(path, "sweep", {"sweep": document}, tables)
