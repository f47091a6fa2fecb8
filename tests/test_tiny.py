"""tiny evaluates to the numbers worked by hand in instances/tiny/README.md."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from optimiser.analysis.evaluate import Evaluation

from .conftest import TINY, summary_of

#: Hand arithmetic is exact; this only absorbs floating-point rounding.
EXACT = 1e-9


def test_beds_by_site(tiny_plan: Evaluation) -> None:
    beds = summary_of(tiny_plan).beds_by_site.set_index("site")
    assert beds.loc["hospital", "beds"] == pytest.approx(92.5, abs=EXACT)
    assert beds.loc["bought", "beds"] == pytest.approx(17.5, abs=EXACT)
    assert beds.loc["hospital", "do_nothing"] == pytest.approx(100.0, abs=EXACT)


def test_closures_follow_need(tiny_plan: Evaluation) -> None:
    closed = tiny_plan.model.variable("closed", tiny_plan.x)
    assert closed["value"].tolist() == pytest.approx([7.5], abs=EXACT)


def test_net_saving_and_gap(tiny_plan: Evaluation) -> None:
    finance = summary_of(tiny_plan).finance.loc["2020/21"]
    assert finance["net_saving"] == pytest.approx(0.72125, abs=EXACT)  # £115,000 + £206,250 + £400,000
    assert finance["urgent_care"] == pytest.approx(0.32125, abs=EXACT)
    assert finance["efficiency"] == pytest.approx(0.4, abs=EXACT)
    assert finance["revenue_cost"] == pytest.approx(0.6, abs=EXACT)


def test_the_one_broken_limit_is_the_gap(tiny_plan: Evaluation) -> None:
    violations = tiny_plan.violations
    assert violations["constraint"].tolist() == ["gap[2020/21]"]
    assert violations["amount"].iloc[0] == pytest.approx(0.27875, abs=EXACT)  # £1m − £721,250
    assert violations["unit"].iloc[0] == "£m"


def test_admissions_and_staff(tiny_plan: Evaluation) -> None:
    summary = summary_of(tiny_plan)
    assert summary.admissions.loc["total", "result"] == pytest.approx(600.0, abs=EXACT)
    needed = summary.workforce.set_index("place")["needed"]
    assert needed.to_dict() == pytest.approx({"north": 0.5, "south": 0.5}, abs=EXACT)


def test_cli_json_shape(tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "tiny.json"
    result = subprocess.run(
        [sys.executable, "-m", "optimiser.cli", "evaluate", str(TINY), "--json", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(target.read_text())
    assert document["instance"] == "tiny" and document["plan"] == "planned"
    assert document["target_year"] == "2020/21"
    assert document["beds"]["total"] == {"baseline": 120.0, "do_nothing": 120.0, "result": 110.0}
    assert document["admissions"] == {"baseline": 700.0, "do_nothing": 700.0, "result": 600.0}
    assert document["finance"]["gap"] == 1.0
    assert document["finance"]["net_saving"] == pytest.approx(0.72125, abs=EXACT)
    assert set(document["finance"]["by_priority"]) >= {
        "place",
        "prevention",
        "urgent_care",
        "efficiency",
        "other",
    }
    sites = [entry["site"] for entry in document["beds_by_site"]]
    assert {"site": "hospital", "setting": "acute", "year": "2020/21"}.items() <= document["beds_by_site"][
        sites.index("hospital")
    ].items()
    assert document["violations"] == [
        {"constraint": "gap[2020/21]", "amount": 0.27875, "unit": "£m", "direction": "short"}
    ]


def test_unknown_plan_is_a_clear_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "optimiser.cli", "evaluate", str(TINY), "--plan", "nope"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "no plan 'nope'" in result.stderr
