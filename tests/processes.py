"""Real processes for the tests that need them: the command line in a process of its own, the CBC
processes it starts (found through /proc), and a folder's files by their digests."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

#: The command line, as `python -m optimiser.cli` runs it.
CLI = [sys.executable, "-m", "optimiser.cli"]


def run_cli(
    *arguments: str, cwd: Path, preexec_fn: Callable[[], object] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the command line to its end; its exit status, stdout and stderr."""
    return subprocess.run(
        [*CLI, *arguments], capture_output=True, text=True, check=False, cwd=cwd, preexec_fn=preexec_fn
    )


def digests(folder: Path) -> dict[str, str]:
    """Every file of `folder` by name, with the SHA-256 of its bytes."""
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.iterdir())}


def cbc_children(parent: int) -> list[int]:
    """Processes named `cbc` whose parent is `parent` (read from /proc)."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            name = (entry / "comm").read_text().strip()
        except OSError:
            continue
        if int(fields[1]) == parent and name == "cbc":
            children.append(int(entry.name))
    return children


def _children(parent: int) -> list[tuple[int, bytes]]:
    """Each child of `parent` (read from /proc) with its command line."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == parent:
            children.append((int(entry.name), command))
    return children


def pool_workers(parent: int) -> list[int]:
    """The multiprocessing workers of `parent`: spawned ones (`spawn_main` in their command line)
    are its children; forked from a fork server, they are the children of its fork-server child."""
    workers = []
    for pid, command in _children(parent):
        if b"spawn_main" in command:
            workers.append(pid)
        elif b"forkserver" in command:
            workers.extend(child for child, _ in _children(pid))
    return sorted(workers)


def alive(pid: int) -> bool:
    """Whether process `pid` runs (a zombie, dead but not yet reaped, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for_cbc(process: subprocess.Popen[str], patience: float) -> list[int]:
    """The CBC processes `process` starts, once there is one (the test fails if none starts, or the
    process ends first, within `patience` seconds)."""
    deadline = time.monotonic() + patience
    while not (solvers := cbc_children(process.pid)):
        assert process.poll() is None and time.monotonic() < deadline, "CBC never started"
        time.sleep(0.05)
    return solvers
