"""Provenance: every value cites a seed file and line, or says it is an assumption and why."""

from __future__ import annotations

import re

from optimiser.instance.schema import SEED_CITATION

_CITATION = re.compile(rf"^{SEED_CITATION}(?:\s.*)?$")
_ASSUMPTION = re.compile(r"^assumption: \S.*$")
SOURCE_RULE = "`<seed file>:<line>[ note]` or `assumption: <reason>`, parts joined by '; '"


def check_source(text: str) -> str | None:
    """Return why `text` is not a valid source, or None if it is one.

    A source is one or more parts joined by "; ", each either a seed citation such as
    `004_9ddaced4f87d5ec2.txt:5348-5360 (acute NEL beds)` or `assumption: <reason>`.
    """
    if not isinstance(text, str) or not text.strip():
        return "missing source"
    for part in text.split("; "):
        if not (_CITATION.match(part) or _ASSUMPTION.match(part)):
            return f"source part {part[:40]!r} is not {SOURCE_RULE}"
    return None


def cited_lines(text: str) -> list[tuple[str, int, int]]:
    """The (file, first line, last line) of every seed citation in a source."""
    found = []
    for part in text.split("; "):
        match = re.match(r"^(\d{3}_[0-9a-f]{16}\.txt):(\d+)(?:-(\d+))?", part)
        if match:
            first = int(match.group(2))
            last = int(match.group(3) or first)
            found.append((match.group(1), first, last))
    return found


def is_assumption(text: str) -> bool:
    """True if any part of the source is an assumption."""
    return any(part.startswith("assumption: ") for part in text.split("; "))
