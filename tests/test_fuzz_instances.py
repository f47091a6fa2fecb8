"""Fuzzing at scale (issue 10, item 4): mutated instances end in a valid load or an `InstanceError`
whose message has one line per problem, each naming its file; never another exception.

About 2,270 generated cases run in process: most mutate the raw tables and config document the
readers return and call `validate_table` or `build_instance` directly; some go through real files
for encodings, line endings, separators and TOML syntax, and a few through workbooks. Settings are
derandomised and keep no example database, so every CI run tries the same cases.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimiser.instance.csvfile import read_csv
from optimiser.instance.errors import InstanceError
from optimiser.instance.load import build_instance, load_instance, read_folder
from optimiser.instance.schema import TABLES, TableSpec
from optimiser.instance.tables import validate_table
from optimiser.instance.write import write_workbook

from .fuzz_mutations import cell_values, config_edit, table_edits

TINY = Path(__file__).resolve().parents[1] / "instances" / "tiny"
DOCUMENT, RAW, LABELS, LOCATE = read_folder(TINY)
CONFIG_LABEL = str(TINY / "instance.toml")
#: The tables tiny has a file (and a workbook sheet) for: an optional table it leaves empty has none.
FILED = tuple(spec for spec in TABLES if (TINY / spec.file_name).exists())


def fuzz(examples: int) -> Callable[[Any], Any]:
    """Deterministic hypothesis settings: the same cases on every run, no deadline on slow machines."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def assert_reported(error: InstanceError, files: set[str]) -> None:
    """One line per problem, each the problem itself and naming one of `files`; then the count of
    problems not listed, if any."""
    lines = str(error).splitlines()
    problems = error.problems
    assert lines[: len(problems)] == [str(problem) for problem in problems]
    assert len(lines) == len(problems) + (1 if error.unlisted else 0), lines
    for problem in problems:
        assert problem.file in files or any(problem.file.startswith(f"{file}[") for file in files), problem
        assert problem.message.strip(), problem


def load_or_report(load: Callable[[], object], files: set[str]) -> object | None:
    try:
        return load()
    except InstanceError as error:
        assert_reported(error, files)
        return None


def typed_or_refused(spec: TableSpec, frame: pd.DataFrame, edits: list[Any], label: str) -> None:
    """`frame` with `edits` made is typed by its table's spec, or refused naming only its file."""
    for edit in edits:
        frame = edit(frame)
    load_or_report(lambda: validate_table(spec, frame, label), {label})


@fuzz(1200)
@given(spec=st.sampled_from(TABLES), edits=st.lists(table_edits(), min_size=1, max_size=3))
def test_a_mutated_table_is_typed_or_refused(spec: TableSpec, edits: list[Any]) -> None:
    typed_or_refused(spec, RAW[spec.name], edits, LABELS[spec.name])


@fuzz(400)
@given(
    changes=st.lists(st.tuples(st.sampled_from(TABLES), table_edits()), min_size=1, max_size=3),
)
def test_an_instance_with_mutated_tables_loads_or_is_refused(changes: list[tuple[TableSpec, Any]]) -> None:
    raw = dict(RAW)
    for spec, edit in changes:
        raw[spec.name] = edit(raw[spec.name])
    files = {*LABELS.values(), CONFIG_LABEL}
    load_or_report(lambda: build_instance(str(TINY), DOCUMENT, raw, LABELS, LOCATE), files)


@fuzz(250)
@given(edits=st.lists(config_edit(DOCUMENT), min_size=1, max_size=3))
def test_a_mutated_config_loads_or_is_refused(edits: list[Any]) -> None:
    document = DOCUMENT
    for edit in edits:
        document = edit(document)
    files = {*LABELS.values(), CONFIG_LABEL}
    load_or_report(lambda: build_instance(str(TINY), document, RAW, LABELS, LOCATE), files)


def _encode(text: str, how: str) -> bytes:
    if how in ("cp1252", "utf-16", "utf-16-le", "utf-8-sig"):
        return text.encode(how, errors="replace")
    replaced = {"cr": ("\n", "\r"), "crlf": ("\n", "\r\n"), "semicolons": (",", ";"), "tabs": (",", "\t")}
    old, new = replaced.get(how, ("", ""))
    return (text.replace(old, new) if old else text).encode()


ENCODINGS = ["utf-8", "cp1252", "utf-16", "utf-16-le", "utf-8-sig", "cr", "crlf", "semicolons", "tabs"]
BYTE_EDITS = st.one_of(
    st.tuples(
        st.just("insert"), st.integers(0, 400), st.sampled_from([b'"', b",", b"\n", b"\r", b"\x00", b"\xff"])
    ),
    st.tuples(st.just("cut"), st.integers(0, 400), st.just(b"")),
    st.tuples(st.just("none"), st.just(0), st.just(b"")),
)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@fuzz(250)
@given(
    spec=st.sampled_from(FILED),
    encoding=st.sampled_from(ENCODINGS),
    byte_edit=BYTE_EDITS,
    value=cell_values(),
)
def test_a_csv_file_in_any_encoding_is_read_or_refused(
    scratch: Path, spec: TableSpec, encoding: str, byte_edit: tuple[str, int, bytes], value: str
) -> None:
    text = (TINY / spec.file_name).read_text(encoding="utf-8")
    lines = text.split("\n")
    if len(lines) > 2:
        # A cell of the first data row replaced, quoted as a CSV writer would quote it.
        quoted = '"' + value.replace('"', '""') + '"'
        lines[1] = ",".join([quoted, *lines[1].split(",")[1:]])
    data = _encode("\n".join(lines), encoding)
    kind, at, inserted = byte_edit
    at = min(at, len(data))
    data = data[:at] + inserted + data[at:] if kind == "insert" else data[:at] if kind == "cut" else data
    path = scratch / spec.file_name
    path.write_bytes(data)

    def read_and_validate() -> pd.DataFrame:
        return validate_table(spec, read_csv(path), str(path))

    load_or_report(read_and_validate, {str(path)})


TOML_PIECES = ["[", "]", "=", '"', "\n", "#", "[[gap]]\n", "x = ", "\x00", "\ufeff", "é", "{", "1e999", "'''"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(shutil.copytree(TINY, tmp_path_factory.mktemp("toml") / "tiny"))


@fuzz(150)
@given(
    at=st.integers(0, 2000),
    piece=st.sampled_from(TOML_PIECES),
    cut=st.integers(0, 3),
    encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]),
)
def test_instance_toml_with_broken_syntax_is_refused_in_one_line_per_problem(
    folder: Path, at: int, piece: str, cut: int, encoding: str
) -> None:
    text = (TINY / "instance.toml").read_text(encoding="utf-8").replace("two", "twö", 1)
    at = min(at, len(text))
    broken = text[:at] + piece + text[at + cut :]
    (folder / "instance.toml").write_bytes(broken.encode(encoding, errors="replace"))
    load_or_report(
        lambda: load_instance(folder),
        {str(folder / "instance.toml"), *(str(folder / spec.file_name) for spec in TABLES)},
    )


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(load_instance(TINY), tmp_path_factory.mktemp("book") / "tiny.xlsx")


@fuzz(20)
@given(
    sheet=st.sampled_from(["instance", "gap", "parameters", *(spec.name for spec in FILED)]),
    row=st.integers(1, 6),
    column=st.integers(1, 9),
    value=st.one_of(cell_values(), st.sampled_from([1e308, -1.0, True, "=SUM(A1:A2)"])),
    action=st.sampled_from(["cell", "cell", "rename", "delete"]),
)
def test_a_mutated_workbook_loads_or_is_refused(
    book: Path, scratch: Path, sheet: str, row: int, column: int, value: object, action: str
) -> None:
    workbook = openpyxl.load_workbook(book)
    if action == "rename":
        workbook[sheet].title = f"{sheet}_renamed"
    elif action == "delete":
        del workbook[sheet]
    elif isinstance(value, str) and not value.isprintable():
        return  # openpyxl refuses to write control characters; Excel cannot hold them either
    else:
        workbook[sheet].cell(row=row, column=column, value=value)
    target = scratch / "mutated.xlsx"
    workbook.save(target)
    load_or_report(lambda: load_instance(target), {str(target)})


def run_validate(path: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "optimiser.cli", "validate", str(path)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_the_command_line_lists_several_problems_one_per_line_and_exits_2(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(TINY, tmp_path / "tiny"))
    places = folder / "places.csv"
    places.write_text(places.read_text().replace("50000", "1e308").replace("North", "NA"))
    (folder / "settings.csv").write_bytes((folder / "settings.csv").read_bytes().replace(b"\n", b"\r"))
    result = run_validate(folder)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    lines = result.stderr.splitlines()
    reason = "1e+308 is beyond ±1e+12, the largest magnitude an instance may hold, got '1e308'"
    assert lines[0] == f"error: {places}, row 2, field population: {reason}"
    assert lines[1] == f"{places}, row 3, field population: {reason}"
    assert len(lines) == 2


@pytest.mark.parametrize("content", [b"PK\x03\x04 not really a zip", b""])
def test_the_command_line_refuses_a_broken_workbook_in_one_line(content: bytes, tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    book.write_bytes(content)
    result = run_validate(book)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"error: {book}: not a readable workbook: BadZipFile: File is not a zip file"
    ]
