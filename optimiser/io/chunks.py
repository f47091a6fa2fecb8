"""Cutting a long run of lines into chunks, so that a writer holds only one chunk's text at a time.

The model writers emit one line per matrix entry (MPS) or one term per entry (LP); a whole file's
worth of fixed-width byte arrays would be several times the file itself. They walk instead over
groups (columns or rows), a chunk of groups at a time, sized so that each chunk holds a small share
of the file's lines.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

#: Smallest and largest chunk, in lines. Between them a chunk holds about 1/SHARE of the lines, which
#: bounds a writer's working memory to a few percent of its file whatever the file's size.
SMALLEST = 4_096
LARGEST = 100_000
SHARE = 128


def chunk_size(lines: int) -> int:
    """How many lines a chunk of a file of `lines` lines should hold."""
    return int(min(LARGEST, max(SMALLEST, lines // SHARE)))


def group_chunks(lines_per_group: np.ndarray) -> Iterator[tuple[int, int]]:
    """`(start, stop)` ranges of groups whose lines add up to about one chunk each (a single group
    larger than a chunk is a chunk of its own); together they cover every group, in order."""
    ends = np.cumsum(lines_per_group, dtype=np.int64)
    total = int(ends[-1]) if ends.size else 0
    size = chunk_size(total)
    start = 0
    while start < ends.size:
        before = int(ends[start - 1]) if start else 0
        stop = int(np.searchsorted(ends, before + size, side="right"))
        stop = max(stop, start + 1)
        yield start, stop
        start = stop


def ragged(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For groups of `counts` lines: the group of every line, and the line's position in its group."""
    owner = np.repeat(np.arange(counts.size), counts)
    starts = np.cumsum(counts) - counts
    return owner, np.arange(owner.size) - starts[owner]
