"""What every JSON document shares: a pydantic model that refuses keys it does not know, and the
one way a document becomes text (`document_text`: the deterministic writer's own formatting)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter

from optimiser.io.atomic import write_text

#: The words a solve ends with (`optimiser.solvers.Status`'s values; tests/test_documents.py
#: checks the two agree). Spelled here so a schema needs no solver imported.
RunStatus = Literal[
    "optimal",
    "time limit, feasible incumbent",
    "infeasible",
    "unbounded",
    "no solution",
    "rejected",
    "error",
]


class Document(BaseModel):
    """A JSON document or a part of one. Fields are written in the order they are declared, so a
    model's order is its file's order; a key the model does not declare is refused on reading."""

    model_config = ConfigDict(extra="forbid")


def document_text(document: BaseModel | dict[str, Any]) -> str:
    """A document as the tool writes it: indented, keys in the model's order, a newline at the end.
    Non-finite numbers are refused: they are not JSON."""
    data = document.model_dump(mode="json") if isinstance(document, BaseModel) else document
    return json.dumps(data, indent=2, sort_keys=False, allow_nan=False) + "\n"


def write_document(document: BaseModel, path: Path) -> None:
    """Write a document whole or not at all (`optimiser.io.atomic`)."""
    write_text(path, document_text(document))


def json_schema(shape: type[BaseModel] | TypeAdapter[Any]) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) a document of this shape keeps."""
    if isinstance(shape, TypeAdapter):
        return shape.json_schema()
    return shape.model_json_schema()
