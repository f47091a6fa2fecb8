"""A disk that fills while the tool writes: one line naming the file, exit status 6, and nothing
replaced — the results folder keeps its previous run, an exported model or workbook its previous
bytes (or no file at all), and no partial file or staging folder is left behind.

The fault is real. `RLIMIT_FSIZE` (with SIGXFSZ ignored) makes every write past a size fail with
EFBIG, as a full disk fails with ENOSPC, and needs no privileges; where user namespaces allow it,
a small tmpfs fills for real.
"""

from __future__ import annotations

import hashlib
import re
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import TINY

EXIT_NO_ROOM = 6
#: Larger than tiny's small result tables, smaller than its constraints, MPS, LP and workbook.
LIMIT = 1000


def _run(*arguments: str, cwd: Path, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    def at_most() -> None:
        # Ignored, SIGXFSZ no longer kills the writer: the write fails with EFBIG instead.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    return subprocess.run(
        [sys.executable, "-m", "optimiser.cli", *arguments],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        preexec_fn=at_most,
    )


def _digests(folder: Path) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.iterdir())}


def test_a_full_disk_while_writing_results_keeps_the_previous_run(tmp_path: Path) -> None:
    earlier = _run("solve", str(TINY), "--backend", "highs", "--out", "out", cwd=tmp_path)
    assert earlier.returncode == 0, earlier.stderr
    before = _digests(tmp_path / "out")
    result = _run("solve", str(TINY), "--backend", "highs", "--out", "out", cwd=tmp_path, limit=LIMIT)
    assert result.returncode == EXIT_NO_ROOM, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    found = re.fullmatch(
        r"error: cannot write out/(\w+\.\w+): file too large; nothing was replaced", lines[0]
    )
    assert found is not None, lines[0]
    assert (tmp_path / "out" / found.group(1)).stat().st_size > LIMIT
    assert _digests(tmp_path / "out") == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize(
    ("arguments", "target"),
    [
        (["export", str(TINY), "--mps", "model.mps"], "model.mps"),
        (["export", str(TINY), "--lp", "model.lp"], "model.lp"),
        (["convert", str(TINY), "book.xlsx"], "book.xlsx"),
    ],
)
def test_a_full_disk_leaves_no_file_and_no_partial(tmp_path: Path, arguments: list[str], target: str) -> None:
    result = _run(*arguments, cwd=tmp_path, limit=LIMIT)
    assert result.returncode == EXIT_NO_ROOM, result.stdout + result.stderr
    assert result.stderr.strip().splitlines() == [
        f"error: cannot write {target}: file too large; nothing was replaced"
    ]
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_keeps_the_previous_file(tmp_path: Path) -> None:
    assert _run("export", str(TINY), "--mps", "model.mps", cwd=tmp_path).returncode == 0
    assert _run("evaluate", str(TINY), "--json", "plan.json", cwd=tmp_path).returncode == 0
    before = _digests(tmp_path)
    assert sorted(before) == ["model.mps", "plan.json"]
    result = _run(
        "export", str(TINY), "--mps", "model.mps", "--objective", "min-beds", cwd=tmp_path, limit=LIMIT
    )
    assert result.returncode == EXIT_NO_ROOM
    assert _digests(tmp_path) == before


def test_evaluate_json_on_a_full_disk(tmp_path: Path) -> None:
    result = _run("evaluate", str(TINY), "--json", "plan.json", cwd=tmp_path, limit=200)
    assert result.returncode == EXIT_NO_ROOM, result.stdout + result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: cannot write plan.json: file too large; nothing was replaced"
    ]
    assert list(tmp_path.iterdir()) == []


def _tmpfs_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


@pytest.mark.skipif(not _tmpfs_works(), reason="needs user namespaces to mount a small tmpfs")
def test_a_really_full_tmpfs_keeps_the_previous_run(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    # Both runs inside one mount namespace, where a 64 KiB tmpfs (16 pages) holds the first run's
    # files and fills while the second stages its own.
    script = (
        f"mount -t tmpfs -o size=64k tmpfs {disk} && cd {disk} && "
        f"{sys.executable} -m optimiser.cli solve {TINY} --backend highs --out out > /dev/null && "
        "sha256sum out/* > before && "
        f"{{ {sys.executable} -m optimiser.cli solve {TINY} --backend highs --out out > /dev/null; "
        "echo exit $?; } && sha256sum out/* | cmp - before && ls -A"
    )
    result = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.split() == ["exit", str(EXIT_NO_ROOM), "before", "out"]
    line = result.stderr.strip()
    assert re.fullmatch(
        r"error: cannot write out/\w+\.\w+: no space left on device; nothing was replaced", line
    )
