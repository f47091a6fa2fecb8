"""The parts a table specification is made of: a field and a table (see `schema` for the tables)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["id", "text", "number", "bool", "year", "source"]


@dataclass(frozen=True)
class Field:
    """One column of a table: its kind, whether it may be blank, and its admissible range."""

    name: str
    kind: Kind
    description: str
    nullable: bool = False
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    choices: tuple[str, ...] | None = None
    #: A field with a default is optional: a file may leave its column out, or a cell blank, and
    #: the default holds; writers leave the column out when every row holds the default, so files
    #: written before the field existed stay canonical.
    default: str | None = None


@dataclass(frozen=True)
class TableSpec:
    """One CSV table (one workbook sheet) of an instance."""

    name: str
    description: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]

    #: An optional table may be left out of an instance (no file, no sheet): it is then empty, and
    #: writers leave it out while it is empty, so instances written before it existed stay as they are.
    optional: bool = False

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields)


def source_field() -> Field:
    return Field("source", "source", "seed file and line (`004_…txt:5348`) or `assumption: <why>`")
