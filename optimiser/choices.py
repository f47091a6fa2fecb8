"""Names the user types, checked against the names that exist, with a suggestion when one is close."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

#: How alike (difflib's ratio) a known name must be to a mistyped one to be suggested.
SIMILAR = 0.6


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """'; did you mean 'x'?' when a known name is close to `word`, otherwise ''."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=SIMILAR)
    return f"; did you mean {close[0]!r}?" if close else ""


def unknown_name(kind: str, word: str, known: Iterable[str]) -> str:
    """One line: the unknown name, every valid one, and the closest if it is close."""
    names = list(known)
    listed = ", ".join(names) if names else "none"
    return f"no {kind} {word!r} (valid: {listed}){did_you_mean(word, names)}"


class ChoiceError(ValueError):
    """A name or choice the user gave that does not exist or cannot be honoured: a plan, a size, a
    constraint family. The command line prints it as one line with exit status 2."""
