"""The JSON documents the tool writes, as pydantic models with a JSON Schema each.

Every writer builds its document's model and writes it with `document_text` (the deterministic
writer); every reader (`optimiser verify`, the results folder) validates through the same model, so
a malformed or tampered document is a one-line error. `optimiser schema NAME` prints a schema.

| name | file | model |
| --- | --- | --- |
| summary | summary.json | `SolvedSummary` or `FailedSummary` |
| manifest | manifest.json | `Manifest` |
| diagnosis | diagnosis.json | `Diagnosis` |
| evaluation | evaluate --json | `Evaluation` |
| sweep | sweep.json | `Sweep` or `ParetoSweep` |
| comparison | compare.json | `Comparison` |
"""

from __future__ import annotations

from typing import Any, NamedTuple

from pydantic import BaseModel, TypeAdapter, ValidationError

from optimiser.results.documents.base import Document, document_text, json_schema, write_document
from optimiser.results.documents.comparison import Comparison
from optimiser.results.documents.diagnosis import Diagnosis
from optimiser.results.documents.evaluation import Evaluation
from optimiser.results.documents.manifest import Manifest
from optimiser.results.documents.summary import SUMMARY
from optimiser.results.documents.sweep import SWEEP

#: The JSON Schema dialect pydantic writes.
DIALECT = "https://json-schema.org/draft/2020-12/schema"


class DocumentKind(NamedTuple):
    """A document the tool writes: its file, and its model (or a union of models)."""

    file: str
    shape: type[BaseModel] | TypeAdapter[Any]


#: Every document, by the name `optimiser schema` takes.
DOCUMENTS: dict[str, DocumentKind] = {
    "summary": DocumentKind("summary.json (solve, compare)", SUMMARY),
    "manifest": DocumentKind("manifest.json (solve, compare)", Manifest),
    "diagnosis": DocumentKind("diagnosis.json (an infeasible solve)", Diagnosis),
    "evaluation": DocumentKind("evaluate --json FILE", Evaluation),
    "sweep": DocumentKind("sweep.json (sweep)", SWEEP),
    "comparison": DocumentKind("compare.json (compare)", Comparison),
}

__all__ = ["DOCUMENTS", "Document", "document_text", "first_problem", "schema", "write_document"]


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema of the document `name` (a key of `DOCUMENTS`), naming its dialect."""
    return {"$schema": DIALECT, **json_schema(DOCUMENTS[name].shape)}


def first_problem(error: ValidationError) -> str:
    """A validation error in one line: where the first problem is, what it is, and how many more."""
    problems = error.errors(include_url=False)
    first = problems[0]
    where = ".".join(str(part) for part in first["loc"]) or "the document"
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{where}: {first['msg']}{more}"
