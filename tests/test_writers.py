"""The LP and MPS writers write the very bytes main's writers wrote (golden digests, see
`tests/writer_cases.py`), whatever the size of the chunks they stream in, and CBC solves the LP file
to the MPS file's objective. (The MPS writer's memory is measured at county size, where the target
is set, by `benchmarks/writers.py`.)"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from optimiser.io import chunks
from optimiser.io.lp import lp_text, write_lp
from optimiser.io.mps import write_mps
from optimiser.linear import LinearModel, ModelBuilder, Terms
from optimiser.solvers import SolveOptions
from optimiser.solvers.cbc import run_cbc

from .writer_cases import CASES, GOLDEN, digests, fingerprint

#: CBC's objective from the LP and from the MPS file agree to this relative difference (both solve
#: the same LP to 1e-9 feasibility; the text of every number reads back exactly)...
SAME_OBJECTIVE = 1e-9
#: ...or to the last of the eight decimals CBC prints.
PRINTED = 1e-8


@cache
def _model(name: str) -> LinearModel:
    return CASES[name]()


def _golden(name: str) -> dict[str, str]:
    golden: dict[str, dict[str, str]] = json.loads(GOLDEN.read_text(encoding="utf-8"))
    expected = golden[name]
    assert fingerprint(_model(name)) == expected["model"], (
        f"the {name} model itself changed since the golden digests were taken; if the writers did not "
        "change, regenerate them with `python -m tests.writer_cases`"
    )
    return expected


@pytest.mark.parametrize("name", list(CASES))
def test_the_files_are_main_writers_bytes(name: str) -> None:
    expected = _golden(name)
    written = digests(_model(name))
    assert {kind: written[kind] for kind in ("lp", "mps", "mps_cbc")} == {
        kind: expected[kind] for kind in ("lp", "mps", "mps_cbc")
    }


@pytest.mark.parametrize("name", ["edges", "tiny", "derbyshire"])
def test_the_bytes_do_not_depend_on_the_chunk_size(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Chunks of three lines cut through columns, rows, integer runs and sections everywhere.
    monkeypatch.setattr(chunks, "SMALLEST", 3)
    monkeypatch.setattr(chunks, "LARGEST", 3)
    assert chunks.chunk_size(10_000) == 3
    expected = _golden(name)
    written = digests(_model(name))
    assert {kind: written[kind] for kind in ("lp", "mps", "mps_cbc")} == {
        kind: expected[kind] for kind in ("lp", "mps", "mps_cbc")
    }


@pytest.mark.parametrize("name", ["tiny", "derbyshire", "small"])
def test_cbc_solves_the_lp_file_to_the_mps_files_objective(name: str, tmp_path: Path) -> None:
    # CBC numbers an LP file's columns in the order it meets them, so only its objective, read from
    # the first line of its solution file, is compared.
    model = _model(name)
    objectives = []
    for path in (write_lp(model, tmp_path / "model.lp"), write_mps(model, tmp_path / "model.mps")):
        solution_file, output, _ = run_cbc(path, SolveOptions(), mip=model.is_mip)
        status, _, value = solution_file.read_text().partition("\n")[0].partition(" - objective value ")
        assert status == "Optimal", output[-500:]
        objectives.append(float(value))
    assert objectives[0] == pytest.approx(objectives[1], rel=SAME_OBJECTIVE, abs=PRINTED)


def test_an_lp_file_spells_names_in_utf8_with_round_brackets() -> None:
    builder = ModelBuilder()
    places = pd.DataFrame({"place": ["Sheffield–Rotherham", "Bolsover"]})
    scale = builder.add_variables("scale", places, upper=np.array([2.0, np.inf]))
    builder.add_constraints(
        "cap", places.iloc[:1], Terms(np.array([0, 0]), np.array([0, 1]), np.array([1.0, -0.5])), upper=3.0
    )
    columns = np.arange(scale.size)
    builder.set_objective("cost", Terms(columns, columns, np.array([1.5, 0.0])), sense="min")
    assert lp_text(builder.build()) == (
        "\\ NHS planning optimiser model; [ ] in names are written ( ) as LP format requires\n"
        "\\ objective cost, constant 0.0 not written below\n"
        "Minimize\n"
        " objective: + 1.5 scale(Sheffield–Rotherham)\n"
        "Subject To\n"
        " cap(Sheffield–Rotherham): + 1 scale(Sheffield–Rotherham) - 0.5 scale(Bolsover) <= 3\n"
        "Bounds\n"
        " 0 <= scale(Sheffield–Rotherham) <= 2\n"
        "End\n"
    )
