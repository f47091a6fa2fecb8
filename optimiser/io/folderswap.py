"""Swapping a whole folder into place, and tidying what a swap leaves beside it.

A results folder is written as a hidden sibling and put in place with one system call: Linux's
`renameat2(RENAME_EXCHANGE)` swaps the two names atomically, so a reader of the folder sees the old
run or the new one and never a mix, and the folder never goes missing. Where the system cannot
exchange (not Linux, an old kernel or C library, a file system without it) two renames do it: the
old folder to `.DIR.previous-PID`, the new one into place; between them, for microseconds, DIR does
not exist, and `restore` puts the old run back if the tool dies in that gap.

Files of the user's own in the old folder are carried into the new one as hard links before the
swap, and `discard` removes from the old folder only what the tool wrote or what is the very same
file (the same inode) in the new one, so nothing of the user's is ever deleted.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import signal
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from optimiser.io.atomic import PARTIAL

#: `renameat2`'s flag to swap two names, and the "relative to the working directory" descriptor.
RENAME_EXCHANGE = 2
AT_FDCWD = -100
#: Errors by which a system says it cannot exchange two names (rather than that this swap failed).
NO_EXCHANGE = frozenset({errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP})
#: Signals held back while folders are swapped, so that Ctrl-C cannot split a swap from its tidying.
HELD = frozenset({signal.SIGINT, signal.SIGTERM, signal.SIGHUP})


def sibling(folder: Path, kind: str, pid: int | None = None) -> Path:
    """The hidden sibling `.NAME.KIND-PID` of `folder` (this process's when `pid` is None)."""
    return folder.with_name(f".{folder.name}.{kind}-{os.getpid() if pid is None else pid}")


def _renameat2() -> Callable[[int, bytes, int, bytes, int], int] | None:
    """The C library's `renameat2`, or None where it has none (glibc before 2.28, not Linux)."""
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange(first: Path, second: Path) -> bool:
    """Swap the names of two existing paths in one step; False where the system cannot."""
    function = _renameat2()
    if function is None:
        return False
    if function(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(second))


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP back until the block ends; they are delivered after it."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def swap_in(staging: Path, folder: Path) -> Path | None:
    """Put `staging` at `folder`; return where the folder's previous contents now are, if any."""
    if not folder.exists():
        os.rename(staging, folder)
        return None
    if exchange(staging, folder):
        return staging
    backup = sibling(folder, "previous")
    os.rename(folder, backup)
    try:
        os.rename(staging, folder)
    except BaseException:
        os.rename(backup, folder)
        raise
    return backup


def mirror(source: Path, target: Path, names: Collection[str]) -> None:
    """Hard-link the entries `names` of `source` into `target` (folders recreated, links copied)."""
    for name in names:
        origin, copy = source / name, target / name
        if origin.is_symlink():
            os.symlink(os.readlink(origin), copy)
        elif origin.is_dir():
            copy.mkdir()
            mirror(origin, copy, sorted(os.listdir(origin)))
        elif origin.exists():
            os.link(origin, copy, follow_symlinks=False)


def _same(left: Path, right: Path) -> bool:
    """Whether two paths are one file: the same inode, or links to the same place."""
    try:
        if left.is_symlink() or right.is_symlink():
            return left.is_symlink() and right.is_symlink() and os.readlink(left) == os.readlink(right)
        first, second = left.lstat(), right.lstat()
    except OSError:
        return False
    return (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)


def _written(entry: Path, ours: Collection[str]) -> bool:
    """Whether `entry` is a plain file the tool wrote: one of `ours`, or a partial file of its own."""
    plain = entry.is_file() and not entry.is_symlink()
    return plain and (entry.name in ours or (entry.name.startswith(".") and PARTIAL in entry.name))


def discard(old: Path, live: Path, ours: Collection[str]) -> list[Path]:
    """Empty and remove `old`, a folder swapped out of `live` or never swapped in.

    Removed: plain files named in `ours` (what the tool writes), and entries that are the same file
    in `live` (the user's files, linked across). Anything else (a file of the user's made during
    the swap) is moved into `live` if its name is free there; what cannot be moved is left in `old`,
    which is then kept and returned in the list of what was kept.
    """
    kept = []
    for entry in sorted(old.iterdir()):
        twin = live / entry.name
        if entry.is_dir() and not entry.is_symlink() and twin.is_dir():
            kept += discard(entry, twin, ())
        elif _written(entry, ours) or _same(entry, twin):
            entry.unlink()
        elif live.is_dir() and not twin.exists() and not twin.is_symlink():
            os.rename(entry, twin)
        else:
            kept.append(entry)
    if not kept:
        old.rmdir()
    return kept


def restore(folder: Path, ours: Collection[str]) -> list[Path]:
    """Tidy what runs killed outright left beside `folder`; call only while holding its lock.

    A previous run moved aside and never replaced goes back into place; every other staging or
    previous sibling is discarded. Returns anything that had to be kept.
    """
    kept: list[Path] = []
    if not folder.parent.is_dir():
        return kept
    pattern = re.compile(rf"\.{re.escape(folder.name)}\.(partial|previous)-\d+")
    found = [
        (match.group(1), path)
        for path in sorted(folder.parent.iterdir())
        if (match := pattern.fullmatch(path.name)) and path.is_dir() and not path.is_symlink()
    ]
    # The previous run goes back first, so that the user's files linked into a staging folder are
    # recognised as theirs (the same inode in the folder) when the staging folder is discarded.
    for kind, path in found:
        if kind == "previous" and not folder.exists():
            os.rename(path, folder)
    for _, path in found:
        if path.exists():
            kept += discard(path, folder, ours)
    return kept
