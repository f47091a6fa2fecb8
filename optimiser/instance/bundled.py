"""The instances that ship with the tool, found by name whether it runs from a checkout or from
an installed wheel.

A checkout keeps them in the top-level `instances/` folder; a wheel carries the same files as
`optimiser/instances/` (see `pyproject.toml`), so `optimiser solve tiny` works after `pip install`."""

from __future__ import annotations

from pathlib import Path

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


def resolve_instance(path: str | Path) -> Path:
    """`path` itself if it exists; otherwise the bundled instance of that name, if there is one."""
    location = Path(path)
    if location.exists() or location.name != str(path) or location.name not in bundled_names():
        return location
    return bundled_root() / location.name
