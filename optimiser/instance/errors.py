"""The one error type raised for bad instance data, printed as a single line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class InstanceError(Exception):
    """Bad instance data, located as precisely as the data allows.

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
        return f"{', '.join(location)}: {self.message}"
