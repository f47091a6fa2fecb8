"""Files written whole or not at all.

Every file the tool writes outside a results folder (an exported model, an evaluation's JSON, a
converted instance) goes through `atomic_write`: the bytes go to a hidden sibling
`.NAME.partial-PID`, which is renamed over NAME only once it is complete and closed, and which is
removed on every way out of the write (an error, a full disk, Ctrl-C, `SystemExit`). A reader of
NAME sees the old file or the new one, never half of one. A failure is raised as an `OSError` that
names NAME, not the hidden partial, so the one-line message points at the file the user asked for.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

#: Errors that mean there was no room for the file: a full disk, a quota, a file-size limit.
NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
#: What every partial file's name ends with, before the writer's process id.
PARTIAL = ".partial-"


class NoRoomError(OSError):
    """A file could not be written for want of room (disk full, quota or file-size limit)."""


def partial_path(path: Path) -> Path:
    """The hidden sibling a write of `path` goes to until it is complete."""
    return path.with_name(f".{path.name}{PARTIAL}{os.getpid()}")


def naming(error: OSError, path: Path) -> OSError:
    """`error` as raised for `path`: a `NoRoomError` when there was no room, else a plain `OSError`."""
    kind = NoRoomError if error.errno in NO_ROOM else OSError
    return kind(error.errno or 0, error.strerror or str(error), str(path))


@contextmanager
def atomic_write(path: str | Path) -> Iterator[BinaryIO]:
    """A binary stream whose bytes replace `path` only if the `with` block completes."""
    target = Path(path)
    partial = partial_path(target)
    try:
        with open(partial, "wb", buffering=1 << 20) as stream:
            yield stream
        os.replace(partial, target)
    except OSError as error:
        with suppress(OSError):
            partial.unlink()
        raise naming(error, target) from None
    except BaseException:
        with suppress(OSError):
            partial.unlink()
        raise


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write `data` to `path` whole or not at all."""
    with atomic_write(path) as stream:
        stream.write(data)
    return Path(path)


def write_text(path: str | Path, text: str) -> Path:
    """Write `text` as UTF-8 to `path` whole or not at all."""
    return write_bytes(path, text.encode("utf-8"))
