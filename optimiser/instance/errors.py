"""The one error type raised for bad instance data: every problem found, one line each.

Validation goes on past the first problem, so that a planner fixing a file sees every defect of
one kind at once rather than one per run; `Problems` gathers them and `InstanceError` carries them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

#: The most problems listed; a file broken on every row would otherwise print a million lines.
PROBLEM_LIMIT = 20


@dataclass(frozen=True)
class Problem:
    """One defect, located as precisely as the data allows.

    `row` counts the way a spreadsheet does: the header is row 1, so the first data row is row 2
    (this is also the line number in a CSV file without embedded newlines).
    """

    file: str
    message: str
    row: int | str | None = None
    field: str | None = None

    def __str__(self) -> str:
        location = [self.file]
        if isinstance(self.row, int):
            location.append(f"row {self.row}")
        elif self.row is not None:
            location.append(self.row)
        if self.field is not None:
            location.append(f"field {self.field}")
        line = f"{', '.join(location)}: {self.message}"
        # Each problem is one line whatever text the data held, so line breaks are shown escaped.
        return line.replace("\r", "\\r").replace("\n", "\\n")


@dataclass
class InstanceError(Exception):
    """Bad instance data: the first problem in its own fields, then any others found in the same pass.

    Printed one problem per line, the first line being the first problem, so that a caller that
    only reads the first line (or `file`, `row`, `field`, `message`) sees what it always did.
    """

    file: str
    message: str
    row: int | str | None = None
    field: str | None = None
    more: tuple[Problem, ...] = ()
    #: Problems found beyond `PROBLEM_LIMIT`, counted but not listed.
    unlisted: int = 0

    @property
    def problems(self) -> list[Problem]:
        """Every listed problem, the first one first."""
        return [Problem(self.file, self.message, self.row, self.field), *self.more]

    def __str__(self) -> str:
        lines = [str(problem) for problem in self.problems]
        if self.unlisted:
            lines.append(f"… and {self.unlisted:,} more problems (the first {len(lines)} are listed)")
        return "\n".join(lines)

    @classmethod
    def of(cls, problems: list[Problem], unlisted: int = 0) -> InstanceError:
        """One error carrying `problems` (at least one), the first as its own fields."""
        first = problems[0]
        return cls(first.file, first.message, first.row, first.field, tuple(problems[1:]), unlisted)


@dataclass
class Problems:
    """Problems gathered during one validation pass, listed up to `limit` and counted beyond it."""

    limit: int = PROBLEM_LIMIT
    listed: list[Problem] = field(default_factory=list)
    unlisted: int = 0

    def __bool__(self) -> bool:
        return bool(self.listed)

    def add(self, file: str, message: str, row: int | str | None = None, field: str | None = None) -> None:
        self.add_problem(Problem(file, message, row, field))

    def add_problem(self, problem: Problem) -> None:
        if len(self.listed) < self.limit:
            self.listed.append(problem)
        else:
            self.unlisted += 1

    def add_rows(
        self,
        file: str,
        positions: np.ndarray,
        field: str,
        say: Callable[[int], str],
        row: Callable[[int], int],
    ) -> None:
        """A problem for each row position in `positions`; only as many are worded as can be listed,
        so that a million bad rows cost no more than twenty."""
        room = max(self.limit - len(self.listed), 0)
        for position in positions[:room]:
            self.listed.append(Problem(file, say(int(position)), row(int(position)), field))
        self.unlisted += max(int(positions.size) - room, 0)

    def extend(self, error: InstanceError) -> None:
        for problem in error.problems:
            self.add_problem(problem)
        self.unlisted += error.unlisted

    @contextmanager
    def gathering(self) -> Iterator[None]:
        """Run a check that raises `InstanceError`, keeping its problems and going on."""
        try:
            yield
        except InstanceError as error:
            self.extend(error)

    def raise_any(self) -> None:
        """Raise every problem gathered so far as one `InstanceError`, if there is any."""
        if self.listed:
            raise InstanceError.of(self.listed, self.unlisted)
