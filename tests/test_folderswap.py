"""The pieces under a results folder's one-set guarantee, on real files: a write is whole or absent,
a swap exchanges two folders (or, where the system cannot, renames twice), and what a killed run
left beside a folder is put back or tidied without deleting anything of the user's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from optimiser.io import folderswap
from optimiser.io.atomic import atomic_write, write_text
from optimiser.io.folderswap import discard, mirror, restore, swap_in

RESULTS = ("decisions.csv", "summary.json", "manifest.json")


def _folder(path: Path, files: dict[str, str]) -> Path:
    path.mkdir()
    for name, text in files.items():
        (path / name).write_text(text)
    return path


def _contents(path: Path) -> dict[str, str]:
    return {entry.name: entry.read_text() for entry in sorted(path.iterdir()) if entry.is_file()}


@pytest.mark.parametrize("fault", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_write_keeps_the_old_file_and_leaves_no_partial(
    tmp_path: Path, fault: BaseException
) -> None:
    target = write_text(tmp_path / "model.mps", "old\n")
    with pytest.raises(type(fault)) as raised, atomic_write(target) as stream:
        stream.write(b"new, half")
        raise fault
    assert [path.name for path in tmp_path.iterdir()] == ["model.mps"]
    assert target.read_text() == "old\n"
    if isinstance(fault, OSError):
        assert raised.value.filename == str(target)


@pytest.mark.parametrize("can_exchange", [True, False])
def test_a_swap_puts_the_new_run_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, can_exchange: bool
) -> None:
    if not can_exchange:
        # The fallback is what runs where renameat2 is missing: two renames.
        monkeypatch.setattr(folderswap, "exchange", lambda first, second: False)
    live = _folder(tmp_path / "out", {"decisions.csv": "old", "notes.txt": "mine"})
    staging = _folder(tmp_path / ".out.partial-1", {"decisions.csv": "new"})
    mirror(live, staging, ["notes.txt"])
    previous = swap_in(staging, live)
    assert previous is not None and _contents(live) == {"decisions.csv": "new", "notes.txt": "mine"}
    assert discard(previous, live, RESULTS) == []
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out"]
    assert _contents(live) == {"decisions.csv": "new", "notes.txt": "mine"}


def test_a_file_made_during_the_swap_is_moved_not_deleted(tmp_path: Path) -> None:
    live = _folder(tmp_path / "out", {"decisions.csv": "new", "clash.txt": "theirs, new"})
    old = _folder(tmp_path / ".out.partial-1", {"decisions.csv": "old", "late.txt": "late", "clash.txt": "x"})
    kept = discard(old, live, RESULTS)
    assert _contents(live) == {"clash.txt": "theirs, new", "decisions.csv": "new", "late.txt": "late"}
    assert kept == [old / "clash.txt"] and _contents(old) == {"clash.txt": "x"}


def test_restore_puts_back_a_run_moved_aside_by_a_killed_swap(tmp_path: Path) -> None:
    live = tmp_path / "out"
    _folder(tmp_path / ".out.previous-123", {"decisions.csv": "old", "notes.txt": "mine"})
    staging = _folder(
        tmp_path / ".out.partial-456", {"decisions.csv": "new", ".summary.json.partial-456": "{"}
    )
    os.link(tmp_path / ".out.previous-123" / "notes.txt", staging / "notes.txt")
    assert restore(live, RESULTS) == []
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out"]
    assert _contents(live) == {"decisions.csv": "old", "notes.txt": "mine"}


def test_restore_leaves_other_folders_alone(tmp_path: Path) -> None:
    live = _folder(tmp_path / "out", {"decisions.csv": "old"})
    other = _folder(tmp_path / ".out.partial-7.partial-8", {"decisions.csv": "someone's"})
    assert restore(live, RESULTS) == []
    assert _contents(other) == {"decisions.csv": "someone's"}
