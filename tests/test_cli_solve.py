"""`optimiser solve` and `optimiser export` from the command line: files, names, exit codes, determinism."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from optimiser.analysis import solve as solve_module
from optimiser.analysis.evaluate import PlanError
from optimiser.analysis.solve import plan_standing, run_solve
from optimiser.instance.container import Instance
from optimiser.solvers import Status

from .conftest import DERBYSHIRE, TINY
from .processes import run_cli as _run

TABLES = (
    "decisions",
    "beds",
    "finance",
    "workforce",
    "capital",
    "constraints",
    "solution",
    "comparison",
    "optimal_mix",
)


@pytest.fixture(scope="module")
def derbyshire_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("solve") / "out"
    result = _run("solve", str(DERBYSHIRE), "--out", str(out), cwd=out.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_solve_writes_every_table(derbyshire_out: Path) -> None:
    for name in TABLES:
        assert (derbyshire_out / f"{name}.csv").stat().st_size > 0, name
    summary = json.loads((derbyshire_out / "summary.json").read_text())
    assert summary["status"] == "optimal"
    assert summary["objective"]["name"] == "min-cost"
    assert summary["solver"]["name"] == "cbc" and summary["solver"]["version"].startswith("2.10")
    assert set(summary["beds"]) == {"acute_nel", "community", "mh_adult", "mh_dementia", "total"}
    assert summary["beds"]["total"]["result"] <= 1236.0 + 1e-6
    assert summary["net_saving"] >= summary["gap"] - 1e-6
    assert summary["violations"] == []


def test_multi_year_money_is_a_stated_present_value(derbyshire_out: Path) -> None:
    summary = json.loads((derbyshire_out / "summary.json").read_text())
    basis = "present value at 3.5% a year, discounted to 2017/18"
    assert summary["objective"]["basis"] == basis
    assert summary["investment"]["capital_basis"] == basis
    capital = pd.read_csv(derbyshire_out / "capital.csv")
    # Year t of 2017/18 … 2020/21 counts 1/1.035^t; capital.csv keeps each year's own spend.
    factors = [1.0, 1 / 1.035, 1 / 1.035**2, 1 / 1.035**3]
    assert capital["year"].tolist() == ["2017/18", "2018/19", "2019/20", "2020/21"]
    assert capital["spend_gbpm"].sum() > 0
    expected = sum(factor * spend for factor, spend in zip(factors, capital["spend_gbpm"], strict=True))
    assert summary["investment"]["capital_gbpm"] == pytest.approx(expected, rel=1e-9)


def test_decisions_are_tidy(derbyshire_out: Path) -> None:
    decisions = pd.read_csv(derbyshire_out / "decisions.csv")
    assert list(decisions.columns) == [
        "intervention",
        "location",
        "level",
        "year",
        "scale",
        "share_of_eligible",
        "revenue_cost_gbpm",
        "capital_gbpm",
        "capital_charge_gbpm",
        "saving_gbpm",
        "beds",
        "wte",
        "position",
        "reduced_cost",
        "held_by",
    ]
    assert not decisions.duplicated(["intervention", "location", "year"]).any()
    assert decisions["share_of_eligible"].between(0, 1 + 1e-9).all()


def test_names_match_the_exported_model(derbyshire_out: Path, tmp_path: Path) -> None:
    mps = tmp_path / "model.mps"
    result = _run("export", str(DERBYSHIRE), "--mps", str(mps), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = mps.read_text().splitlines()
    rows = lines[lines.index("ROWS") + 2 : lines.index("COLUMNS")]
    exported_rows = [line.split()[1] for line in rows]
    constraints = pd.read_csv(derbyshire_out / "constraints.csv", keep_default_na=False)
    assert constraints["name"].tolist() == exported_rows
    columns = {
        line.split()[0]
        for line in lines[lines.index("COLUMNS") + 1 : lines.index("RHS")]
        if "MARKER" not in line
    }
    solution = pd.read_csv(derbyshire_out / "solution.csv")
    assert set(solution["column"]) == columns


def test_constraints_restate_duals_in_plain_units(derbyshire_out: Path) -> None:
    constraints = pd.read_csv(derbyshire_out / "constraints.csv", keep_default_na=False)
    nonzero = constraints[constraints["dual"] != 0]
    assert len(nonzero) > 0 and (nonzero["binding"] == "yes").all()
    assert (
        nonzero["dual_in_plain_units"].str.match(r"^[+−]£[0-9.,e+-]+m of present-value cost per extra ").all()
    )
    band = nonzero[nonzero["family"] == "investment_band"].iloc[0]
    place = band["name"].split("[")[1].split(",")[0]
    # The band binds on one edge, named in the words: its floor or its ceiling.
    edge = {"lower": "floor", "upper": "ceiling"}[band["edge"]]
    assert f"investment band's {edge} in " in band["dual_in_plain_units"]
    assert place not in band["dual_in_plain_units"]


def test_a_row_is_binding_exactly_when_its_slack_reads_zero(derbyshire_out: Path) -> None:
    constraints = pd.read_csv(derbyshire_out / "constraints.csv", keep_default_na=False)
    assert ((constraints["binding"] == "yes") == (constraints["slack"] == 0)).all()
    assert (constraints["slack"] >= 0).all()


@pytest.mark.parametrize("backend", ["cbc", "highs"])
def test_same_options_give_byte_identical_tables(backend: str, tmp_path: Path) -> None:
    outputs = []
    for run in ("first", "second"):
        out = tmp_path / run
        result = _run("solve", str(TINY), "--backend", backend, "--out", str(out), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        outputs.append({name: (out / f"{name}.csv").read_bytes() for name in TABLES})
    assert outputs[0] == outputs[1]


def test_export_lp_solves_to_the_same_optimum(tmp_path: Path) -> None:
    import highspy

    lp = tmp_path / "model.lp"
    assert _run("export", str(TINY), "--lp", str(lp), cwd=tmp_path).returncode == 0
    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    solver.readModel(str(lp))
    solver.run()
    assert solver.getInfo().objective_function_value == pytest.approx(0.646875, abs=1e-7)
    assert "scale(step_up,south,2020/21)" in lp.read_text()


def test_bad_instance_is_exit_2_for_solve(tmp_path: Path) -> None:
    result = _run("solve", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr


def test_a_bundled_instance_is_found_by_name(tmp_path: Path) -> None:
    result = _run("validate", "tiny", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert str(TINY) in result.stdout.replace("\n", "")


def test_an_unknown_instance_names_the_bundled_ones(tmp_path: Path) -> None:
    result = _run("validate", "nowhere", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: nowhere: no such instance folder or workbook "
        "(bundled: burton-derby-2017, derbyshire-stp-2016, tiny)"
    ]


def test_a_folder_named_like_a_bundled_instance_is_picked_by_its_path(tmp_path: Path) -> None:
    """The bare name is ambiguous (tests/test_cli_names.py); `./tiny` is the folder here."""
    result = _run("convert", str(TINY), "tiny", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    result = _run("validate", "./tiny", cwd=tmp_path)
    assert result.stdout.startswith("tiny: valid"), result.stdout


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--time-limit", "-1", "a time limit is a positive number of seconds, not -1"),
        ("--time-limit", "0", "a time limit is a positive number of seconds, not 0"),
        ("--time-limit", "nan", "not a finite number: nan"),
        ("--mip-gap", "2", "a relative gap is a share from 0 to below 1 (1e-4 is 0.01%), not 2"),
        ("--mip-gap", "-0.1", "a relative gap is a share from 0 to below 1 (1e-4 is 0.01%), not -0.1"),
        ("--mip-gap", "tight", "not a number: tight"),
    ],
)
def test_bad_solver_options_exit_2(tmp_path: Path, option: str, value: str, message: str) -> None:
    result = _run("solve", str(TINY), "--out", "out", option, value, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"error: optimiser solve: argument {option}: {message}"]
    assert not (tmp_path / "out").exists()


def test_an_out_folder_that_is_a_file_exits_1_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("not a folder")
    result = _run("solve", str(TINY), "--out", "taken", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["error: cannot write taken: file exists"]


def test_a_run_says_what_it_is_doing(tiny: Instance) -> None:
    messages: list[str] = []
    run = run_solve(tiny, progress=messages.append)
    assert run.solution.status is Status.OPTIMAL
    rows, columns = run.model.shape
    assert messages == [
        f"Building the min-cost model of {tiny.name}",
        f"Solving {rows:,} rows × {columns:,} columns ({run.model.matrix.nnz:,} nonzeros) with cbc",
    ]


def test_the_plan_valued_while_the_solver_runs_is_the_plan_valued_after(tiny: Instance) -> None:
    calls: list[str] = []
    run = run_solve(tiny, plan="planned", meanwhile=lambda: calls.append("meanwhile"))
    assert calls == ["meanwhile"]
    assert run.valued is not None and run.valued.plan == "planned"
    alone = run_solve(tiny)
    assert alone.valued is None
    assert plan_standing(run, "planned") == plan_standing(alone, "planned")
    standing = plan_standing(run, "planned")
    assert standing is not None and standing[0] == "planned"


def test_an_error_valuing_the_plan_is_raised_where_the_standing_is_asked_for(
    tiny: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise PlanError("the plan cannot be read")

    monkeypatch.setattr(solve_module, "plan_decisions", broken)
    # The solve itself goes on: an infeasible or failed run never asks for the plan's standing.
    run = run_solve(tiny, plan="planned")
    assert run.solution.status is Status.OPTIMAL
    with pytest.raises(PlanError, match="cannot be read"):
        plan_standing(run, "planned")


def test_piped_output_has_no_progress_lines(tmp_path: Path) -> None:
    result = _run("solve", str(TINY), "--out", "out", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("Optimal — min-cost")
