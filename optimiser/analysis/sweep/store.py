"""Durable scenario records: one JSON line per finished scenario, appended, flushed and fsynced in
small groups, so that an interrupted sweep loses at most the group being written and `--resume`
skips every scenario already recorded.

The first line is a header naming the sweep (a hash of the instance and the spec); resuming into a
folder whose header names another sweep is refused rather than mixing two sweeps' results.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from optimiser.instance.errors import InstanceError

LOG_FILE = "scenarios.jsonl"
#: Records are fsynced after this many appends, or after `SYNC_SECONDS`, whichever comes first.
SYNC_GROUP = 16
SYNC_SECONDS = 1.0


def read_records(folder: Path, sweep_hash: str) -> dict[int, dict[str, Any]]:
    """The records already in `folder`'s log, by scenario number (a last line cut short by a kill
    is ignored); `InstanceError` if the log belongs to another sweep."""
    path = folder / LOG_FILE
    if not path.is_file():
        return {}
    records: dict[int, dict[str, Any]] = {}
    with path.open(encoding="utf-8") as log:
        lines = log.read().split("\n")
    if not lines or not lines[0]:
        return {}
    header = json.loads(lines[0])
    if header.get("sweep") != sweep_hash:
        raise InstanceError(
            str(path), "holds another sweep's results (another instance or spec); choose another --out"
        )
    for line in lines[1:]:
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue  # the last line, cut short when the sweep was killed
        records[int(record["scenario"])] = record
    return records


class RecordLog:
    """Appends records to the log; the header is written when the log is new."""

    def __init__(self, folder: Path, sweep_hash: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / LOG_FILE
        fresh = not path.is_file() or path.stat().st_size == 0
        self._file = path.open("a", encoding="utf-8")
        if not fresh:
            self._end_cut_line(path)
        self._pending = 0
        self._synced = time.monotonic()
        if fresh:
            self._file.write(json.dumps({"sweep": sweep_hash}) + "\n")
            self.sync()

    def _end_cut_line(self, path: Path) -> None:
        """A log killed mid-line gets a line break, so the next record starts a line of its own."""
        with path.open("rb") as log:
            log.seek(-1, os.SEEK_END)
            if log.read(1) != b"\n":
                self._file.write("\n")

    def append(self, record: dict[str, Any]) -> None:
        self._file.write(json.dumps(record, allow_nan=False) + "\n")
        self._pending += 1
        if self._pending >= SYNC_GROUP or time.monotonic() - self._synced >= SYNC_SECONDS:
            self.sync()

    def sync(self) -> None:
        self._file.flush()
        os.fsync(self._file.fileno())
        self._pending = 0
        self._synced = time.monotonic()

    def close(self) -> None:
        if not self._file.closed:
            self.sync()
            self._file.close()

    def __enter__(self) -> RecordLog:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
