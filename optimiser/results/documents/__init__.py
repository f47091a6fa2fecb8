"""The JSON documents the tool writes, as pydantic models with a JSON Schema each.

Every writer builds its document's model and writes it with `document_text` (the deterministic
writer); every reader (`optimiser verify`, the results folder) validates through the same model, so
a malformed or tampered document is a one-line error. `optimiser schema NAME` prints a schema from
the registry of them all (`registry.py`), which only that command imports: a solve writes two
documents and need not build the models of the other four.

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

from pydantic import ValidationError

from optimiser.results.documents.base import Document, document_text, write_document

__all__ = ["Document", "document_text", "first_problem", "write_document"]


def first_problem(error: ValidationError) -> str:
    """A validation error in one line: where the first problem is, what it is, and how many more."""
    problems = error.errors(include_url=False)
    first = problems[0]
    where = ".".join(str(part) for part in first["loc"]) or "the document"
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{where}: {first['msg']}{more}"
