"""The instances that ship with the tool, found by name whether it runs from a checkout or from
an installed wheel.

A checkout keeps them in the top-level `instances/` folder; a wheel carries the same files as
`optimiser/instances/` (see `pyproject.toml`), so `optimiser solve tiny` works after `pip install`."""

from __future__ import annotations

from pathlib import Path

from optimiser.choices import unknown_name
from optimiser.instance.errors import InstanceError

_PACKAGE = Path(__file__).resolve().parents[1]
#: Where the bundled instances may be: inside the installed package, then beside it in a checkout.
_CANDIDATES = (_PACKAGE / "instances", _PACKAGE.parent / "instances")


def bundled_root() -> Path:
    """The folder that holds the bundled instances (the checkout's, if neither exists)."""
    return next((folder for folder in _CANDIDATES if folder.is_dir()), _CANDIDATES[-1])


def bundled_names() -> list[str]:
    """The names of the bundled instances, sorted."""
    root = bundled_root()
    if not root.is_dir():
        return []
    return sorted(entry.name for entry in root.iterdir() if (entry / "instance.toml").is_file())


def resolve_instance(path: str | Path, *, bundled: bool = False) -> Path:
    """Where the instance `path` names: a folder or workbook, or the bundled instance of that name.

    A bare name that is both a bundled instance and something in the working folder is ambiguous,
    and an error says how to pick one, rather than one silently shadowing the other. With
    `bundled`, `path` must be a bundled instance's name.
    """
    location = Path(path)
    names = bundled_names()
    if bundled:
        if str(path) not in names:
            raise InstanceError(str(path), unknown_name("bundled instance", str(path), names))
        return bundled_root() / str(path)
    if location.name != str(path) or location.name not in names:
        return location
    if location.exists():
        raise InstanceError(
            str(path),
            f"both a bundled instance and a {'folder' if location.is_dir() else 'file'} here; "
            f"write ./{path} for the one here or --bundled {path} for the bundled one",
        )
    return bundled_root() / location.name
