"""`manifest.json`: what a results folder holds and how it was made, for `optimiser verify`.

Its shape is `optimiser.results.documents.manifest.Manifest`. It records the instance (its path
and the sha256 of every file the loader reads, and one hash of them all), the options the run was
given, the versions of the tool, its libraries and the solver, the run's start and end (UTC,
ISO 8601), its status, and the sha256 of every file written. Times live only here and in
`summary.json`; the result tables themselves are byte-identical run to run.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from optimiser.instance.load import CONFIG_FILE, WORKBOOK_SUFFIXES
from optimiser.instance.schema import TABLES
from optimiser.results.documents.base import RunStatus
from optimiser.results.documents.manifest import InstanceFingerprint, Manifest, RunOptions, SolverVersion

#: The manifest's layout; `verify` refuses one it does not know.
FORMAT = 1
#: Packages whose versions can change an answer, by the name the manifest gives them.
PACKAGES = {
    "optimiser": "nhs-planning-optimiser",
    "numpy": "numpy",
    "pandas": "pandas",
    "scipy": "scipy",
    "highspy": "highspy",
    "pulp": "pulp",
    "pyomo": "pyomo",
}


def file_digest(path: Path) -> str:
    """The sha256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def instance_files(location: Path) -> list[Path]:
    """The files an instance is read from: its workbook, or instance.toml and its CSV tables."""
    if location.suffix.lower() in WORKBOOK_SUFFIXES and location.is_file():
        return [location]
    names = [CONFIG_FILE, *(spec.file_name for spec in TABLES)]
    return [location / name for name in names if (location / name).is_file()]


def instance_fingerprint(location: str | Path) -> InstanceFingerprint:
    """The instance's absolute path, each of its files' sha256, and one sha256 over them all.

    The overall hash is that of `sha256sum`-style lines (digest, two spaces, name), in the fixed
    order of `instance_files`, so it changes when any file's bytes or name change.
    """
    path = Path(location).resolve()
    files = {file.name: file_digest(file) for file in instance_files(path)}
    lines = "".join(f"{digest}  {name}\n" for name, digest in files.items())
    return InstanceFingerprint(path=str(path), sha256=hashlib.sha256(lines.encode()).hexdigest(), files=files)


def package_versions() -> dict[str, str | None]:
    """The installed version of each package in `PACKAGES` (None if absent)."""
    return dict(_installed_versions())


@functools.cache
def _installed_versions() -> dict[str, str | None]:
    # Looked up once a process: each lookup searches the path and parses a package's metadata, and a
    # solve asks while its solver runs (`run_solve`'s `meanwhile`), before its manifest is written.
    versions: dict[str, str | None] = {}
    for name, distribution in PACKAGES.items():
        try:
            versions[name] = metadata.version(distribution)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def utc_now() -> str:
    """The time now in UTC, ISO 8601 to the millisecond: `2026-12-02T15:30:52.123Z`."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def manifest_document(
    *,
    command: str,
    status: RunStatus,
    instance: InstanceFingerprint,
    options: RunOptions,
    solver: SolverVersion,
    started: str,
    files: list[Path],
) -> Manifest:
    """The manifest of a run that wrote `files` (their names and sha256, in name order)."""
    return Manifest(
        format=FORMAT,
        command=command,
        status=status,
        started=started,
        finished=utc_now(),
        instance=instance,
        options=options,
        versions=package_versions(),
        solver=solver,
        files={path.name: file_digest(path) for path in sorted(files, key=lambda path: path.name)},
    )
