"""The writers benchmark records the files it wrote and the ratios taken from them; the linopy anchor
is skipped, not failed, without linopy, and stops the benchmark when its optimum is not ours. (The
linopy build itself runs only under `python -m benchmarks.run` with the `bench` extra installed.)"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the benchmarks are a folder of the checkout, not an installed package

from benchmarks import linopy_build  # noqa: E402
from benchmarks.registry import Size  # noqa: E402
from benchmarks.suite import SizeResult  # noqa: E402
from benchmarks.writers import measure_writers, render_writers, target_lines, writer_ratios  # noqa: E402
from optimiser.instance.load import load_instance  # noqa: E402
from optimiser.io.lp import lp_text  # noqa: E402
from optimiser.io.mps import mps_bytes  # noqa: E402
from optimiser.models import build_model  # noqa: E402

from .conftest import TINY  # noqa: E402


def test_the_writers_benchmark_reports_the_files_it_wrote() -> None:
    result = SizeResult("tiny")
    measure_writers(Size("tiny", path=TINY), result, rounds=3)
    model = build_model(load_instance(TINY), "min-cost")
    assert result.file_bytes["write_lp"] == len(lp_text(model).encode())
    assert result.file_bytes["write_mps_named"] == len(mps_bytes(model))
    shares = {"write_mps_named_memory_share", "write_mps_cbc_memory_share"}
    assert set(writer_ratios(result)) == {"lp_over_mps", *shares}
    assert len(target_lines({"tiny": result})) == 2
    assert render_writers({"tiny": result})[-1].startswith(f"| tiny | {model.matrix.nnz:,} |")


def test_without_linopy_the_anchor_is_skipped_with_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "linopy", None)  # as if it were not installed
    assert not linopy_build.linopy_available()
    assert "pip install -e '.[bench]'" in linopy_build.LINOPY_MISSING


def test_a_linopy_optimum_that_is_not_ours_stops_the_benchmark() -> None:
    linopy_build.check_linopy_objective(207.87211174, 207.87211174 * (1 + 1e-9), "derbyshire")
    with pytest.raises(RuntimeError, match="derbyshire: the linopy model's optimum"):
        linopy_build.check_linopy_objective(207.9, 207.87211174, "derbyshire")
