"""`optimiser sweep` end to end: a 200-scenario Monte Carlo on Derbyshire, exported scenarios solved on
their own, the same table from one process, two processes, a Dask cluster and a re-run, and a
sweep killed half-way by a real signal that resumes to the same table."""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from rich.console import Console

from optimiser.analysis.sweep.execute import Workers
from optimiser.analysis.sweep.run import run_sweep
from optimiser.analysis.sweep.spec import load_spec
from optimiser.analysis.sweep.store import LOG_FILE
from optimiser.cli import sweep as cli_sweep
from optimiser.cli.common import EXIT_SOLVER_FAILED
from optimiser.cli.sweep import sweep
from optimiser.instance.container import Instance
from optimiser.solvers.cbc import CBC_ENVIRONMENT, cbc_path

from .processes import pool_workers

#: Right-hand sides and costs: the kind of parameter whose warm re-solves are quick.
MONTE_CARLO = """
method = "monte-carlo"
samples = {samples}
seed = 7

[[parameter]]
name = "gap_2020"
table = "gap"
where = {{ year = "2020/21" }}
field = "amount_gbpm"
multiply = {{ distribution = "triangular", low = 0.9, mode = 1.0, high = 1.05 }}

[[parameter]]
name = "capital_2018"
table = "capital"
where = {{ year = "2018/19" }}
field = "budget_gbpm"
multiply = {{ distribution = "uniform", low = 0.7, high = 1.3 }}

[[parameter]]
name = "acute_target"
table = "bed_targets"
where = {{ setting = "acute_nel", year = "2020/21" }}
field = "beds"
set = {{ distribution = "normal", mean = 940, sd = 15 }}

[[parameter]]
name = "case_management_cost"
table = "effects"
where = {{ intervention = "case_management", effect = "revenue_cost" }}
field = "value"
multiply = {{ distribution = "lognormal", median = 1.0, sigma = 0.1 }}
"""


def _cli(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "optimiser.cli", *arguments],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def _spec(tmp_path: Path, samples: int) -> Path:
    path = tmp_path / f"sweep_{samples}.toml"
    path.write_text(MONTE_CARLO.format(samples=samples))
    return path


def test_a_200_scenario_monte_carlo_on_derbyshire_and_its_exported_scenarios(tmp_path: Path) -> None:
    spec = _spec(tmp_path, 200)
    out = tmp_path / "sweep"
    result = _cli(
        "sweep", "derbyshire-stp-2016", "--spec", str(spec), "--out", str(out), "--jobs", "2", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(out / "scenarios.csv")
    assert table["scenario"].tolist() == list(range(1, 201))
    assert table["status"].isin(["optimal", "infeasible"]).all()
    document = json.loads((out / "sweep.json").read_text())
    assert document["engine"].startswith("linear map")
    assert document["counts"]["scenarios"] == 200
    assert document["counts"]["cold_checked"] == 10  # 5% of 200, the spec's default share
    # The Parquet copy holds the same table (columns empty in every row read back as None, not NaN).
    filled = [column for column in table.columns if table[column].notna().any()]
    pd.testing.assert_frame_equal(
        pd.read_parquet(out / "scenarios.parquet")[filled], table[filled], check_dtype=False
    )
    # A sample of scenarios, exported as instance folders, solved from scratch by `optimiser solve`.
    for number in (1, 77, 200):
        folder = tmp_path / f"scenario_{number}"
        exported = _cli(
            "sweep",
            "derbyshire-stp-2016",
            "--spec",
            str(spec),
            "--export-scenario",
            str(number),
            "--out",
            str(folder),
            cwd=tmp_path,
        )
        assert exported.returncode == 0, exported.stderr
        solved = _cli(
            "solve",
            str(folder),
            "--backend",
            "highs",
            "--out",
            str(tmp_path / f"solved_{number}"),
            cwd=tmp_path,
        )
        row = table[table["scenario"] == number].iloc[0]
        if row["status"] == "infeasible":
            assert solved.returncode == 3
            continue
        assert solved.returncode == 0, solved.stderr
        summary = json.loads((tmp_path / f"solved_{number}" / "summary.json").read_text())
        assert summary["objective"]["value"] == pytest.approx(row["objective"], rel=1e-7)
        assert summary["net_saving"] == pytest.approx(row["net_saving"], rel=1e-7, abs=1e-7)


#: Scenarios of the sweeps run several ways and interrupted.
SMALL = 24


@pytest.fixture(scope="module")
def reference(derbyshire: Instance, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small sweep run in this process, uninterrupted: the table every other way must reproduce."""
    folder = tmp_path_factory.mktemp("reference")
    path = _spec(folder, SMALL)
    run_sweep(derbyshire, load_spec(path), str(path), folder / "out")
    return folder


@pytest.mark.parametrize(
    "workers", [Workers(), Workers(jobs=2), Workers(dask_local=2)], ids=["again", "jobs2", "dask"]
)
def test_a_rerun_two_processes_and_dask_give_the_same_table(
    derbyshire: Instance, reference: Path, tmp_path: Path, workers: Workers
) -> None:
    path = reference / f"sweep_{SMALL}.toml"
    run_sweep(derbyshire, load_spec(path), str(path), tmp_path / "out", workers=workers)
    assert (tmp_path / "out" / "scenarios.csv").read_bytes() == (
        reference / "out" / "scenarios.csv"
    ).read_bytes()


def test_a_sweep_on_a_running_dask_scheduler_gives_the_same_table(reference: Path, tmp_path: Path) -> None:
    """`--scheduler ADDRESS` through the command line, on a real scheduler with two worker processes
    listening on TCP, as a user's cluster would be (here started beside the test)."""
    from dask.distributed import LocalCluster

    from optimiser.cli import main

    path = reference / f"sweep_{SMALL}.toml"
    out = tmp_path / "out"
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, protocol="tcp"
    ) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://")
        code = main(
            ["sweep", "derbyshire-stp-2016", "--spec", str(path), "--out", str(out), "--scheduler", address]
        )
    assert code == 0
    assert (out / "scenarios.csv").read_bytes() == (reference / "out" / "scenarios.csv").read_bytes()
    assert json.loads((out / "sweep.json").read_text())["workers"] == f"dask scheduler {address}"


@pytest.mark.parametrize("stop", [signal.SIGTERM])
def test_a_sweep_killed_half_way_resumes_to_the_same_table(
    reference: Path, tmp_path: Path, stop: signal.Signals
) -> None:
    path = reference / f"sweep_{SMALL}.toml"
    out = tmp_path / "interrupted"
    command = [
        sys.executable,
        "-m",
        "optimiser.cli",
        "sweep",
        "derbyshire-stp-2016",
        "--spec",
        str(path),
        "--out",
        str(out),
    ]
    process = subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    log = out / LOG_FILE
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if log.is_file() and log.read_text().count("\n") >= 8:
            break
        time.sleep(0.05)
    process.send_signal(stop)
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 128 + stop, errors
    finished = log.read_text().count("\n") - 1
    assert 0 < finished < SMALL
    assert not (out / "scenarios.csv").exists()
    resumed = _cli(
        "sweep", "derbyshire-stp-2016", "--spec", str(path), "--out", str(out), "--resume", cwd=tmp_path
    )
    assert resumed.returncode == 0, resumed.stderr
    assert (out / "scenarios.csv").read_bytes() == (reference / "out" / "scenarios.csv").read_bytes()
    document = json.loads((out / "sweep.json").read_text())
    assert document["wall_seconds"]["solved_now"] == SMALL - finished


def test_a_killed_worker_is_one_line_and_a_resume_gives_the_same_table(
    reference: Path, tmp_path: Path
) -> None:
    path = reference / f"sweep_{SMALL}.toml"
    out = tmp_path / "lost"
    arguments = ["sweep", "derbyshire-stp-2016", "--spec", str(path), "--out", str(out), "--jobs", "2"]
    process = subprocess.Popen(
        [sys.executable, "-m", "optimiser.cli", *arguments],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    log = out / LOG_FILE
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and not (log.is_file() and log.read_text().count("\n") >= 4):
        time.sleep(0.05)
    workers = pool_workers(process.pid)
    assert workers, "no worker process to kill"
    # A worker killed outright, as the kernel's out-of-memory killer would.
    os.kill(workers[0], signal.SIGKILL)
    _, errors = process.communicate(timeout=120)
    assert process.returncode == EXIT_SOLVER_FAILED, errors
    lines = errors.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: a worker process died"), errors
    assert "--resume" in lines[0]
    assert not (out / "scenarios.csv").exists()
    resumed = _cli(*arguments, "--resume", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert (out / "scenarios.csv").read_bytes() == (reference / "out" / "scenarios.csv").read_bytes()


def test_a_second_sweep_into_a_finished_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "sweep.json").write_text("{}")
    result = _cli(
        "sweep", "derbyshire-stp-2016", "--spec", str(_spec(tmp_path, 3)), "--out", str(out), cwd=tmp_path
    )
    assert result.returncode == 2
    assert "already holds a sweep" in result.stderr


def test_a_solver_that_crashes_on_some_scenarios_fails_only_those(
    derbyshire: Instance, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "cbc.toml"
    spec.write_text('backend = "cbc"\n' + MONTE_CARLO.format(samples=6))
    run_sweep(derbyshire, load_spec(spec), str(spec), tmp_path / "whole")
    # CBC itself, except that from its fifth run on it dies of a segmentation fault, as a solver
    # crashing in native code would: the base solve and the first scenarios are unharmed.
    count = tmp_path / "count"
    crashing = tmp_path / "cbc"
    crashing.write_text(
        "#!/bin/bash\n"
        f'n=$(( $(cat {count} 2>/dev/null || echo 0) + 1 )); echo "$n" > {count}\n'
        '[ "$n" -ge 5 ] && kill -SEGV $$\n'
        f'exec {cbc_path()} "$@"\n'
    )
    crashing.chmod(0o755)
    monkeypatch.setenv(CBC_ENVIRONMENT, str(crashing))
    document = run_sweep(derbyshire, load_spec(spec), str(spec), tmp_path / "crashed")
    whole = pd.read_csv(tmp_path / "whole" / "scenarios.csv")
    crashed = pd.read_csv(tmp_path / "crashed" / "scenarios.csv")
    assert crashed["scenario"].tolist() == whole["scenario"].tolist() == [1, 2, 3, 4, 5, 6]
    failed = crashed["status"].str.startswith("error")
    assert 0 < failed.sum() < len(crashed)
    assert crashed.loc[failed, "status"].str.contains("SIGSEGV").all()
    assert crashed.loc[failed, "objective"].isna().all()
    # The scenarios that ran are the uninterrupted sweep's, figure for figure.
    pd.testing.assert_frame_equal(crashed[~failed], whole[~failed])
    assert sum(count for status, count in document["counts"]["by_status"].items() if "SIGSEGV" in status) == (
        failed.sum()
    )


def _sweep_arguments(spec: Path, out: Path) -> argparse.Namespace:
    return argparse.Namespace(
        instance="derbyshire-stp-2016",
        bundled=False,
        spec=str(spec),
        out=str(out),
        export_scenario=None,
        jobs=1,
        dask_local=0,
        scheduler=None,
        resume=False,
    )


def test_the_progress_bar_shows_done_of_total_failures_and_rate(
    reference: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A rate from the first record on, however fast this machine sweeps.
    monkeypatch.setattr(cli_sweep, "RATE_SECONDS", 0.0)
    # On a terminal: the bar's frames, its escape codes taken out.
    stream = io.StringIO()
    terminal = Console(file=stream, force_terminal=True, width=160)
    assert sweep(_sweep_arguments(reference / f"sweep_{SMALL}.toml", tmp_path / "shown"), terminal) == 0
    frames = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", stream.getvalue()).split("\r")
    bars = [frame for frame in frames if frame.startswith("Scenarios")]
    assert bars and f"{SMALL}/{SMALL} 0 failed" in bars[-1]
    assert any(re.search(rf" \d+/{SMALL} 0 failed [\d.]+ a second", frame) for frame in bars)
    # Piped: no bar at all, only the account of the sweep.
    piped = io.StringIO()
    assert (
        sweep(_sweep_arguments(reference / f"sweep_{SMALL}.toml", tmp_path / "piped"), Console(file=piped))
        == 0
    )
    assert "Scenarios" not in piped.getvalue() and piped.getvalue().startswith(f"Swept {SMALL} scenarios")
