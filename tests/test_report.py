"""`optimiser report`: real solve, compare and sweep folders as one self-contained HTML page.

Every folder is written by the real command (in process, through `main`), and every number the test
looks for is formatted here from the folder's own summary.json or compare.json, as the page states
it: money to two decimals in £m, beds to one decimal.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from optimiser.cli import main
from optimiser.report.html.formatting import MISSING, plain

TINY = Path(__file__).resolve().parents[1] / "instances" / "tiny"
DERBYSHIRE = Path(__file__).resolve().parents[1] / "instances" / "derbyshire-stp-2016"
BURTON = Path(__file__).resolve().parents[1] / "instances" / "burton-derby-2017"
#: The exit status of a folder that fails a check (as `optimiser verify`).
REFUSED = 8

TORNADO = """method = "one-at-a-time"

[[parameter]]
name = "back_office_cost"
table = "effects"
where = { intervention = "back_office", effect = "revenue_cost" }
field = "value"
multiply = { low = 0.5, high = 1.5 }

[[parameter]]
name = "step_up_cost"
table = "effects"
where = { intervention = "step_up", effect = "revenue_cost" }
field = "value"
multiply = { low = 0.5, high = 1.5 }
"""
MONTE_CARLO = """method = "monte-carlo"
mode = "evaluate"
samples = 12
seed = 7

[[parameter]]
name = "gap_2020"
table = "gap"
where = { year = "2020/21" }
field = "amount_gbpm"
multiply = { distribution = "triangular", low = 0.9, mode = 1.0, high = 1.05 }
"""
PARETO = 'method = "pareto"\n[pareto]\npoints = 3\n'
GRID = TORNADO.replace("one-at-a-time", "grid").replace(
    "{ low = 0.5, high = 1.5 }", "{ values = [0.5, 1.5] }"
)
MORRIS = TORNADO.replace('"one-at-a-time"', '"morris"\ntrajectories = 3')


def _run(*arguments: str) -> None:
    assert main(list(arguments)) == 0, arguments


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Real results folders: solve and compare on tiny and Derbyshire, and three sweeps."""
    root = tmp_path_factory.mktemp("report")
    made = {}
    for name, instance in (("tiny", TINY), ("derbyshire", DERBYSHIRE)):
        for command in ("solve", "compare"):
            made[f"{command}-{name}"] = root / f"{command}-{name}"
            # tiny's comparison also prices its constraint families (quick there).
            priced = ["--price-constraints"] if (command, name) == ("compare", "tiny") else []
            _run(command, str(instance), "--out", str(made[f"{command}-{name}"]), *priced)
    for name, spec, instance in (
        ("tornado", TORNADO, TINY),
        ("monte-carlo", MONTE_CARLO, DERBYSHIRE),
        ("pareto", PARETO, DERBYSHIRE),
        ("grid", GRID, TINY),
        ("morris", MORRIS, TINY),
    ):
        path = root / f"{name}.toml"
        path.write_text(spec)
        made[name] = root / name
        _run("sweep", str(instance), "--spec", str(path), "--out", str(made[name]))
    return made


def _report(folder: Path, name: str = "report.html") -> str:
    target = folder.parent / f"{folder.name}-{name}"
    _run("report", str(folder), "-o", str(target))
    return target.read_text(encoding="utf-8")


def _text(page: str) -> str:
    """The page's text as a reader sees it: no tags, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def _charts(page: str) -> dict[str, tuple[int, int]]:
    """Each chart's id: its marks in the SVG and the rows of its table."""
    found = {}
    for identifier, body in re.findall(r'<figure id="([^"]+)" class="chart"[^>]*>(.*?)</figure>', page, re.S):
        marks = len(re.findall(rf'id="{re.escape(identifier)}-mark-\d+"', body))
        tbody = re.search(r"<tbody>(.*?)</tbody>", body, re.S)
        assert tbody is not None, identifier
        found[identifier] = (marks, tbody.group(1).count("<tr>"))
    return found


def _money(value: float) -> str:
    return f"£{value:,.2f}m"


def _beds(value: float) -> str:
    return f"{value:,.1f} beds"


@pytest.mark.parametrize("name", ["solve-tiny", "compare-derbyshire"])
def test_the_key_numbers_are_the_summary_s(folders: dict[str, Path], name: str) -> None:
    folder = folders[name]
    summary = json.loads((folder / "summary.json").read_text())
    text = _text(_report(folder))
    assert (
        f"Optimum (min-cost) {_money(summary['objective']['value'])} {summary['objective']['basis']}" in text
    )
    assert f"under the same objective {_money(summary['plan']['objective_value'])}" in text
    assert f"{_money(summary['net_saving'])} against a gap of {_money(summary['gap'])}" in text
    assert f"Beds in {summary['target_year']} {_beds(summary['beds']['total']['result'])}" in text


def test_the_derbyshire_headline_against_the_seed(folders: dict[str, Path]) -> None:
    """The STP's £219m gap and its 1,236-bed total target (instance.toml, from the seed)."""
    text = _text(_report(folders["compare-derbyshire"]))
    assert "against a gap of £219.00m" in text
    assert "against a total bed target of 1,236.0 beds" in text
    document = json.loads((folders["compare-derbyshire"] / "compare.json").read_text())
    assert (
        f"Repaired plan under the same objective {_money(document['mixes']['repaired']['objective'])}" in text
    )


@pytest.mark.parametrize(
    "name",
    [
        "solve-tiny",
        "compare-tiny",
        "solve-derbyshire",
        "compare-derbyshire",
        "tornado",
        "monte-carlo",
        "pareto",
    ],
)
def test_every_chart_has_a_mark_per_row_of_its_table(folders: dict[str, Path], name: str) -> None:
    charts = _charts(_report(folders[name]))
    assert charts
    for identifier, (marks, rows) in charts.items():
        assert marks == rows > 0, identifier


def test_the_charts_hold_every_row_of_their_tables(folders: dict[str, Path]) -> None:
    """The tables behind the charts are the folder's: one capital bar per year, one bar per
    tornado parameter, one point per frontier point and per Monte Carlo scenario."""
    expected = {
        "compare-derbyshire": {
            "capital": len(pd.read_csv(folders["compare-derbyshire"] / "capital.csv")),
            "mix-values": 3,
            "bed-trajectory": 4,
        },
        "tornado": {"tornado": 2},
        "pareto": {"pareto": len(pd.read_csv(folders["pareto"] / "frontier.csv"))},
        # Derbyshire's four bed settings (settings.csv), one percentile bar each.
        "monte-carlo": {"monte-carlo": 12, "bed-fan": 4},
    }
    for name, counts in expected.items():
        charts = _charts(_report(folders[name]))
        for identifier, count in counts.items():
            assert charts[identifier] == (count, count), (name, identifier)


def test_a_solve_report_has_every_part(folders: dict[str, Path]) -> None:
    page = _report(folders["solve-derbyshire"])
    for identifier in (
        "gap-bridge",
        "capital",
        "bed-bridge-setting",
        "bed-bridge-site",
        "bed-trajectory",
        "workforce",
        "mix-scales",
    ):
        assert f'<figure id="{identifier}" class="chart"' in page
    text = _text(page)
    for words in (
        "Binding limits and their shadow prices",
        "Scale as a share of eligible by place and intervention",
        "Assumptions and sources",
        "004_9ddaced4f87d5ec2.txt",
    ):
        assert words in text


def test_the_page_is_self_contained_and_the_same_every_time(folders: dict[str, Path]) -> None:
    for name in ("compare-tiny", "pareto"):
        first = _report(folders[name], "first.html")
        assert first == _report(folders[name], "second.html")
        assert "<script" not in first
        assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", first, re.I)
        assert "default-src 'none'" in first
        assert "<text" in first or "font-family" in first  # real text in the charts, not glyph paths


def test_a_tampered_folder_is_refused_in_one_line(
    folders: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "edited"
    _run("solve", str(TINY), "--out", str(copy))
    with (copy / "finance.csv").open("a") as handle:
        handle.write("2021/22,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1\n")
    capsys.readouterr()
    assert main(["report", str(copy), "-o", str(tmp_path / "page.html")]) == REFUSED
    error = capsys.readouterr().err.strip()
    assert "\n" not in error and "finance.csv" in error and "edited since the run" in error
    assert not (tmp_path / "page.html").exists()


def test_an_unfinished_sweep_is_refused(
    folders: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cut = tmp_path / "cut"
    cut.mkdir()
    (cut / "sweep.json").write_text((folders["monte-carlo"] / "sweep.json").read_text())
    lines = (folders["monte-carlo"] / "scenarios.csv").read_text().splitlines(keepends=True)
    (cut / "scenarios.csv").write_text("".join(lines[:5]))
    capsys.readouterr()
    assert main(["report", str(cut), "-o", str(tmp_path / "page.html")]) == REFUSED
    error = capsys.readouterr().err.strip()
    assert "scenarios.csv" in error and "4 scenarios, sweep.json counts 12" in error


#: Grid: two values of each of two parameters; Morris: one row per parameter.
SWEEP_ROWS = {"grid": 4, "morris": 2}


@pytest.mark.parametrize(("name", "table"), [("grid", "scenarios.csv"), ("morris", "morris.csv")])
def test_a_sweep_without_a_chart_shows_its_table_whole(
    folders: dict[str, Path], name: str, table: str
) -> None:
    page = _report(folders[name])
    body = re.search(r'<section id="' + name + r'".*?<tbody>(.*?)</tbody>', page, re.S)
    assert body is not None
    assert body.group(1).count("<tr>") == len(pd.read_csv(folders[name] / table)) == SWEEP_ROWS[name]


def test_a_compare_report_says_what_the_plan_breaks(folders: dict[str, Path]) -> None:
    """tiny's plan saves £0.72125m against its £1m gap (tiny's README), so it breaks the gap row;
    Derbyshire's plan breaks nothing (compare.json), so its repair is the plan."""
    for name in ("compare-tiny", "compare-derbyshire"):
        document = json.loads((folders[name] / "compare.json").read_text())
        text = _text(_report(folders[name]))
        if document["mixes"]["planned"]["limits_broken"]:
            assert "Limits the plan breaks" in text
            violations = pd.read_csv(folders[name] / "plan_violations.csv")
            assert violations["amount"].tolist() == pytest.approx([1 - 0.72125])
            assert f"gap[2020/21] gap {violations['amount'].iloc[0]:,.4g} £m short" in text
        else:
            assert "The plan breaks no limit, so the repaired plan is the plan." in text
        assert "The value of optimising" in text
    tiny = json.loads((folders["compare-tiny"] / "compare.json").read_text())
    assert tiny["mixes"]["planned"]["limits_broken"] == 1


def test_a_compare_report_gives_each_constraint_family_s_price(folders: dict[str, Path]) -> None:
    prices = pd.read_csv(folders["compare-tiny"] / "constraint_prices.csv")
    text = _text(_report(folders["compare-tiny"]))
    assert "What each priced constraint family costs" in text
    for row in prices.itertuples():
        shown = MISSING if pd.isna(row.price) else plain(row.price)
        assert f"{row.family} {row.words} {row.status} {shown}" in text
    assert "What each priced constraint family costs" not in _text(_report(folders["compare-derbyshire"]))


def test_a_configured_instance_s_report_says_where_each_service_runs(tmp_path: Path) -> None:
    folder = tmp_path / "burton"
    _run("compare", str(BURTON), "--out", str(folder), "--price-constraints")
    text = _text(_report(folder))
    configuration = pd.read_csv(folder / "configuration.csv")
    target = configuration[configuration["year"] == "2020/21"]
    # Each service's row reads, site by site in name order, what configuration.csv says of it.
    for service, rows in target.sort_values("site").groupby("service"):
        words = [
            {(True, True): "runs", (False, True): "new", (True, False): "moves away"}.get(
                (bool(today), bool(hosted > 0.5)), ""
            )
            for today, hosted in zip(rows["hosted_today"], rows["hosted"], strict=True)
        ]
        assert " ".join([str(service), *(word for word in words if word)]) in text, service
    assert "The shared back office" in text
    assert "What each priced constraint family costs" in text
