"""Every document the tool writes, by the name `optimiser schema` takes, with its JSON Schema.

Kept apart from the package's `__init__`, so that a command writing one document (a solve writes
summary.json and manifest.json) does not build the models of all six.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from pydantic import BaseModel, TypeAdapter

from optimiser.results.documents.base import json_schema
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


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema of the document `name` (a key of `DOCUMENTS`), naming its dialect."""
    return {"$schema": DIALECT, **json_schema(DOCUMENTS[name].shape)}
