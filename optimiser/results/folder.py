"""A results folder (`solve --out DIR`) always holds one whole run.

- **One set.** A run writes its files into a hidden sibling `.DIR.partial-PID`, then `manifest.json`
  (what it wrote, with hashes: `optimiser.results.manifest`), and swaps the sibling into place in one step
  (`optimiser.io.folderswap`). DIR holds the previous run or the new one, never a mix; an error, a full
  disk or Ctrl-C before the swap leaves it untouched, and the sibling is removed on every way out.
- **The user's files are never touched.** DIR must be new, empty, or a folder this tool wrote (it
  holds `manifest.json`). Files in it that the previous manifest does not list are the user's: they
  are carried into the new run unchanged, and a user's file under a name a run writes is refused.
- **One run at a time.** A run holds an exclusive lock (`flock`) on `.DIR.lock` beside DIR from
  start to end; a second run on the same DIR is turned away (exit status 7).
- **Never where it could do harm.** DIR may not be `/`, the home folder, the working directory, or
  an instance folder or a folder inside one (it would overwrite the instance's tables).
"""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import numpy as np
import pandas as pd

from optimiser.instance.load import CONFIG_FILE
from optimiser.io import stopping
from optimiser.io.atomic import naming
from optimiser.io.folderswap import discard, mirror, restore, sibling, signals_held, swap_in
from optimiser.results.documents import Document, document_text
from optimiser.results.documents.manifest import Manifest

#: Exit statuses: DIR cannot be used as asked (2, bad input); a disk with no room for a result
#: file (6); another run holds DIR's lock (7).
EXIT_REFUSED = 2
EXIT_NO_ROOM = 6
EXIT_BUSY = 7
MANIFEST = "manifest.json"
#: Every file a run may write to its folder.
RESULT_FILES = (
    *(
        f"{name}.csv"
        for name in (
            "decisions",
            "beds",
            "finance",
            "workforce",
            "capital",
            "constraints",
            "solution",
            "optimal_mix",
            "comparison",
            "configuration",
            "sharing",
            # What `compare` writes beside the optimum's own tables.
            "mix_comparison",
            "mixes",
            "value_of_optimising",
            "plan_violations",
            "repaired_mix",
            "constraint_prices",
            "constraint_price_changes",
        )
    ),
    "summary.json",
    "compare.json",
    "diagnosis.json",
    "diagnosis.txt",
    MANIFEST,
)


class FolderError(Exception):
    """A results folder that cannot be used as asked; `exit_status` says how the tool ends."""

    exit_status = EXIT_REFUSED

    def __init__(self, folder: str | Path, reason: str) -> None:
        super().__init__(f"{folder}: {reason}")


class FolderBusyError(FolderError):
    """Another run holds the folder's lock."""

    exit_status = EXIT_BUSY


def refusal(folder: Path) -> str | None:
    """Why `folder` may not be a results folder, or None when it may."""
    real = folder.resolve()
    if real == Path(real.anchor):
        return "is the root of the file system; choose a new folder for the results"
    if real == Path.home().resolve():
        return "is your home folder; choose a new folder for the results"
    if real == Path.cwd().resolve():
        return "is the working directory itself; choose a new folder inside it"
    for place in (real, *real.parents):
        if (place / CONFIG_FILE).is_file():
            where = "is" if place == real else f"lies inside {place}, which is"
            return f"{where} an instance folder (it holds {CONFIG_FILE}); choose a folder outside it"
    return None


def previous_run(folder: Path, label: str | Path) -> frozenset[str]:
    """The names of the files the run now in `folder` wrote (none for a new or empty folder).

    Refuses a folder holding files without this tool's manifest, and a folder where a file of the
    user's has a name a run writes, since the new run would have to delete or overwrite it.
    """
    if not folder.exists():
        return frozenset()
    if not folder.is_dir():
        raise FileExistsError(errno.EEXIST, "file exists", str(label))
    entries = sorted(os.listdir(folder))
    if not entries:
        return frozenset()
    if MANIFEST not in entries:
        shown = ", ".join(entries[:3]) + (", …" if len(entries) > 3 else "")
        raise FolderError(
            label, f"holds files this tool did not write ({shown}); choose an empty or new folder"
        )
    ours = frozenset({MANIFEST, *_listed(folder / MANIFEST, Path(label) / MANIFEST)})
    clash = [name for name in entries if name not in ours and name in RESULT_FILES]
    if clash:
        raise FolderError(
            label, f"holds {clash[0]}, which this tool did not write; move it or choose another folder"
        )
    return ours


def _listed(manifest: Path, label: Path) -> list[str]:
    """The plain file names a manifest lists; a manifest this tool did not write is refused."""
    try:
        # Strict: a manifest is JSON this tool wrote, so no value needs coercing.
        names = list(Manifest.model_validate_json(manifest.read_bytes(), strict=True).files)
    except (OSError, ValueError):
        raise FolderError(label, "is not a manifest this tool wrote; choose an empty or new folder") from None
    if not all(isinstance(name, str) and name == Path(name).name not in ("", ".", "..") for name in names):
        raise FolderError(label, "lists files outside its folder; choose an empty or new folder")
    return names


@contextmanager
def _lock(folder: Path, label: str | Path) -> Iterator[None]:
    """Hold an exclusive lock on `.DIR.lock` beside `folder`; another holder means a busy folder."""
    path = folder.with_name(f".{folder.name}.lock")
    while True:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            raise FolderBusyError(
                label,
                "another optimiser run is writing its results here; wait for it or choose another --out",
            ) from None
        # The run that held the lock removes the file as it ends; a lock on a removed file guards
        # nothing, so a lock taken just then is taken again on the file now in place.
        with suppress(FileNotFoundError):
            if os.stat(path).st_ino == os.fstat(handle).st_ino:
                break
        os.close(handle)
    try:
        yield
    finally:
        with suppress(OSError):
            path.unlink()
        os.close(handle)


class ResultsFolder:
    """One run's files, staged beside the results folder until `commit` swaps them in."""

    def __init__(self, folder: Path, label: str, previous: frozenset[str]) -> None:
        self.folder = folder
        self.label = Path(label)
        self.previous = previous
        self.staging = sibling(folder, "partial")
        self.names: list[str] = []

    def _write(self, name: str, write: Callable[[Path], object]) -> Path:
        self.staging.mkdir(exist_ok=True)
        try:
            write(self.staging / name)
        except OSError as error:
            # Named as the user knows it: DIR/NAME, not the hidden staging folder.
            raise naming(error, self.label / name) from None
        self.names.append(name)
        return self.staging / name

    def write_table(
        self, name: str, frame: pd.DataFrame, spelled: dict[str, np.ndarray] | None = None
    ) -> Path:
        """Stage a result table as `NAME.csv`."""
        # The tables' module (with the summaries it reads) loads only where a table is written: the
        # folder is opened and locked before the solve, which needs none of it.
        from optimiser.results.tables import write_table

        return self._write(f"{name}.csv", lambda path: write_table(frame, path, spelled))

    def write_json(self, name: str, document: Document) -> Path:
        """Stage a JSON document (its model, `optimiser.results.documents`) as `NAME`."""
        return self.write_text(name, document_text(document))

    def write_text(self, name: str, text: str) -> Path:
        """Stage a text file as `NAME`."""
        return self._write(name, lambda path: path.write_bytes(text.encode("utf-8")))

    def commit(self, manifest: Callable[[list[Path]], Manifest]) -> list[Path]:
        """Write `manifest.json` (made from the staged files) and swap the run into place.

        The user's own files in the folder are linked into the new run first; the previous run's
        files are then removed with the folder swapped out. Returns the files as now in place.
        """
        staged = [self.staging / name for name in self.names]
        self.write_json(MANIFEST, manifest(staged))
        theirs = []
        if self.folder.is_dir():
            theirs = sorted(set(os.listdir(self.folder)) - self.previous)
            clash = sorted(set(theirs) & set(self.names))
            if clash:
                raise FolderError(self.label / clash[0], "appeared while the run was working; not replaced")
            self.staging.chmod(self.folder.stat().st_mode & 0o7777)
        mirror(self.folder, self.staging, theirs)
        # A run a signal stopped, even one whose exception Python dropped, keeps the previous run.
        stopping.stop_if_received()
        with signals_held():
            previous = swap_in(self.staging, self.folder)
            if previous is not None:
                discard(previous, self.folder, self.previous)
        return [self.folder / name for name in self.names]


@contextmanager
def results_folder(out: str | Path) -> Iterator[ResultsFolder]:
    """The results folder `out`, checked and locked, for one run to stage its files and commit.

    Whatever happens in the block, the staging folder is gone at its end and `out` holds one whole
    run: the previous one, or the new one if `commit` was reached.
    """
    folder = Path(os.path.abspath(out))
    reason = refusal(folder)
    if reason is not None:
        raise FolderError(out, reason)
    folder = folder.resolve()
    folder.parent.mkdir(parents=True, exist_ok=True)
    with _lock(folder, out):
        restore(folder, RESULT_FILES)
        run = ResultsFolder(folder, str(out), previous_run(folder, out))
        try:
            yield run
        finally:
            with signals_held():
                restore(folder, RESULT_FILES)
