"""`optimiser schema NAME`: the JSON Schema of a document the tool writes; `--list` names them."""

from __future__ import annotations

import argparse
import json
import sys

from rich.console import Console

from optimiser.choices import ChoiceError, unknown_name
from optimiser.results.documents.registry import DOCUMENTS, schema


def run(arguments: argparse.Namespace, console: Console) -> int:
    if arguments.list:
        width = max(len(name) for name in DOCUMENTS)
        for name, kind in DOCUMENTS.items():
            console.print(f"{name:<{width}}  {kind.file}", markup=False, highlight=False, soft_wrap=True)
        return 0
    if arguments.name not in DOCUMENTS:
        raise ChoiceError(unknown_name("document", arguments.name, DOCUMENTS))
    # The schema itself, plain, so that it can be piped into a validator.
    sys.stdout.write(json.dumps(schema(arguments.name), indent=2, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 0
