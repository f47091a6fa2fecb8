"""The JSON documents are pydantic models with a schema (issue 11, item 3): every document a real run
writes on tiny reads back through its model into the very same bytes, keeps the schema
`optimiser schema NAME` prints, and comes out byte-identical from a second run (wall-clock times
aside); `verify` and the results folder read manifests and summaries through the models, so a
tampered one is a one-line error, never a traceback."""

from __future__ import annotations

import filecmp
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any, get_args

import jsonschema
import pytest
from pydantic import BaseModel

from optimiser.analysis.verify import EXIT_VERIFY_FAILED
from optimiser.cli import main
from optimiser.results.documents import document_text
from optimiser.results.documents.base import RunStatus
from optimiser.results.documents.registry import DOCUMENTS, schema
from optimiser.results.documents.summary import FailedStatus, SolvedStatus
from optimiser.solvers import Status

from .conftest import TINY

EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3
#: A one-at-a-time sweep of one cost over two values: two warm re-solves of tiny.
ONE_AT_A_TIME = """method = "one-at-a-time"
[[parameter]]
name = "back_office_cost"
table = "effects"
where = { intervention = "back_office", effect = "revenue_cost" }
field = "value"
multiply = { low = 0.5, high = 1.5, values = [0.5, 1.5] }
"""
PARETO = 'method = "pareto"\n[pareto]\npoints = 3\n'
#: The plan judged in four scenarios of delivery: sweep.json's statistics of evaluate mode.
EVALUATE = """method = "monte-carlo"
mode = "evaluate"
plan = "planned"
samples = 4
seed = 5

[delivery]
multiply = { distribution = "uniform", low = 0.8, high = 1.05 }
"""
#: A gap of £100m, a hundred times tiny's own £1m, which its two small interventions cannot close.
IMPOSSIBLE_GAP = "gap[2020/21].amount_gbpm=100"
#: Each document, by its schema's name, and where a run of `_runs` writes it.
WRITTEN = {
    "summary": ("solve/summary.json", "compare/summary.json", "infeasible/summary.json"),
    "manifest": ("solve/manifest.json", "compare/manifest.json", "infeasible/manifest.json"),
    "diagnosis": ("infeasible/diagnosis.json",),
    "evaluation": ("evaluation.json",),
    "sweep": ("sweep/sweep.json", "pareto/sweep.json", "judged/sweep.json"),
    "comparison": ("compare/compare.json",),
}
CASES = [(name, path) for name, paths in WRITTEN.items() for path in paths]


def _runs(folder: Path) -> Path:
    """Every command that writes a JSON document, run on tiny through the CLI's own `main`."""
    folder.mkdir(parents=True)
    (folder / "sweep.toml").write_text(ONE_AT_A_TIME)
    (folder / "pareto.toml").write_text(PARETO)
    (folder / "judged.toml").write_text(EVALUATE)
    tiny = str(TINY)
    assert main(["solve", tiny, "--out", str(folder / "solve")]) == 0
    # With the families priced, so that the manifest records them among its options.
    assert main(["compare", tiny, "--out", str(folder / "compare"), "--price-constraints"]) == 0
    assert main(["evaluate", tiny, "--json", str(folder / "evaluation.json")]) == 0
    infeasible = ["solve", tiny, "--set", IMPOSSIBLE_GAP, "--out", str(folder / "infeasible")]
    assert main(infeasible) == EXIT_INFEASIBLE
    for name in ("sweep", "pareto", "judged"):
        arguments = ["sweep", tiny, "--spec", str(folder / f"{name}.toml"), "--out", str(folder / name)]
        assert main(arguments) == 0
    return folder


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _runs(tmp_path_factory.mktemp("documents") / "first")


@pytest.fixture(scope="module")
def again(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _runs(tmp_path_factory.mktemp("documents") / "again")


def _read(name: str, path: Path) -> BaseModel:
    """A written document read through its model, strictly (no value coerced)."""
    shape = DOCUMENTS[name].shape
    if isinstance(shape, type):
        return shape.model_validate_json(path.read_bytes(), strict=True)
    model = shape.validate_json(path.read_bytes(), strict=True)
    assert isinstance(model, BaseModel)
    return model


@pytest.mark.parametrize(("name", "where"), CASES)
def test_a_written_document_keeps_its_model_and_its_schema(runs: Path, name: str, where: str) -> None:
    path = runs / where
    # Read through the model and written again, the document is the same bytes: the model holds
    # every field, in the file's order, with the file's numbers.
    assert document_text(_read(name, path)) == path.read_text(encoding="utf-8")
    document = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema(name), cls=jsonschema.Draft202012Validator)
    # The schema is not vacuous: without its first field, the document breaks it.
    first = next(iter(document))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {key: value for key, value in document.items() if key != first},
            schema(name),
            cls=jsonschema.Draft202012Validator,
        )


@pytest.mark.parametrize("name", list(WRITTEN))
def test_the_schema_command_prints_a_json_schema(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", name]) == 0
    printed = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(printed)
    assert printed == schema(name)
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_schema_command_lists_the_documents_and_refuses_others(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert set(DOCUMENTS) == set(WRITTEN)
    assert main(["schema", "--list"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert listed == list(WRITTEN)
    assert main(["schema", "summaries"]) == EXIT_BAD_INPUT
    error = capsys.readouterr().err.strip()
    assert error == (
        "error: no document 'summaries' (valid: summary, manifest, diagnosis, evaluation, sweep, "
        "comparison); did you mean 'summary'?"
    )


def test_the_documents_know_every_status_a_run_ends_with() -> None:
    assert set(get_args(RunStatus)) == {status.value for status in Status}
    # summary.json is told apart by its status: with a solution, or infeasible or unbounded.
    assert set(get_args(SolvedStatus)) | set(get_args(FailedStatus)) <= set(get_args(RunStatus))
    assert not set(get_args(SolvedStatus)) & set(get_args(FailedStatus))


def _without_timings(document: dict[str, Any]) -> dict[str, Any]:
    """The document with its wall-clock times (and, in a manifest, the hash of summary.json, which
    holds times) left out: what must be the same from run to run."""
    document = {key: value for key, value in document.items() if key not in ("wall_seconds", "started")}
    document.pop("finished", None)
    if "files" in document:
        document["files"] = {name: hash for name, hash in document["files"].items() if name != "summary.json"}
    return document


@pytest.mark.parametrize(("name", "where"), CASES)
def test_a_second_run_writes_the_same_document(runs: Path, again: Path, name: str, where: str) -> None:
    first, second = runs / where, again / where
    if name in ("diagnosis", "evaluation", "comparison"):
        assert filecmp.cmp(first, second, shallow=False)
        return
    untimed = [_without_timings(json.loads(path.read_text(encoding="utf-8"))) for path in (first, second)]
    # Written by the same writer, equal documents are equal bytes.
    assert json.dumps(untimed[0], indent=2) == json.dumps(untimed[1], indent=2)


def _tampered(runs: Path, tmp_path: Path, edit: Any, file: str = "manifest.json") -> Path:
    """A copy of the solve's results with `file` edited by `edit` (and, for another file than the
    manifest, its hash in the manifest forged to match, so only the model can catch it)."""
    folder = Path(shutil.copytree(runs / "solve", tmp_path / "out"))
    document = json.loads((folder / file).read_text(encoding="utf-8"))
    edit(document)
    (folder / file).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    if file != "manifest.json":
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        manifest["files"][file] = hashlib.sha256((folder / file).read_bytes()).hexdigest()
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return folder


def _verify_failure(folder: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(["verify", str(folder)]) == EXIT_VERIFY_FAILED
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and "Traceback" not in error, error
    return error


def _set_integer(document: dict[str, Any]) -> None:
    document["options"]["integer"] = "false"


def _drop_backend(document: dict[str, Any]) -> None:
    del document["options"]["backend"]


def _unknown_status(document: dict[str, Any]) -> None:
    document["status"] = "solved"


def _hash_as_number(document: dict[str, Any]) -> None:
    document["files"]["beds.csv"] = 12345


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        (_set_integer, "options.integer: Input should be a valid boolean"),
        (_drop_backend, "options.backend: Field required"),
        (_unknown_status, "status: Input should be"),
        (_hash_as_number, "files.beds.csv: Input should be a valid string"),
    ],
)
def test_verify_refuses_a_malformed_manifest_in_one_line(
    runs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: Any, where: str
) -> None:
    folder = _tampered(runs, tmp_path, edit)
    error = _verify_failure(folder, capsys)
    assert error.startswith(
        f"error: verify failed: {folder / 'manifest.json'}: not a manifest this tool wrote: {where}"
    ), error


def _objective_as_text(document: dict[str, Any]) -> None:
    document["objective"]["value"] = str(document["objective"]["value"])


def _drop_solver(document: dict[str, Any]) -> None:
    del document["solver"]


@pytest.mark.parametrize("edit", [_objective_as_text, _drop_solver])
def test_verify_refuses_a_malformed_summary_in_one_line(
    runs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: Any
) -> None:
    folder = _tampered(runs, tmp_path, edit, "summary.json")
    error = _verify_failure(folder, capsys)
    assert error.startswith(
        f"error: verify failed: {folder / 'summary.json'}: not a summary this tool wrote: "
    )


def test_a_folder_whose_manifest_is_malformed_is_not_written_over(
    runs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _tampered(runs, tmp_path, _drop_backend)
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert main(["solve", str(TINY), "--out", str(folder)]) == EXIT_BAD_INPUT
    error = capsys.readouterr().err.strip()
    assert error == (
        f"error: {folder / 'manifest.json'}: is not a manifest this tool wrote; choose an empty or new folder"
    )
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
