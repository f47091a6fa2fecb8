"""`optimiser compare --price-constraints`: what each priced constraint family costs.

tiny by hand (its README's model: minimise 0.005 x_n + 0.005 x_s + 0.02 b, £m):

- with every family the optimum is £0.646875m (the README's);
- without the bed target the back office, netting £4 per £ spent (0.08 / 0.02), goes to its
  limit of 10 units (net £0.8m, cost £0.2m), and the rest of the £1m gap comes from step-up in the
  south, which nets £0.004125m per unit (0.0023 + 0.05 beds closed × £0.0365m) for £0.005m:
  x_s = 0.2 / 0.004125 = 48.48…, closing 0.05 x_s beds at the hospital; cost 0.2 + 0.005 x_s.
  The bed target's price is the difference;
- without the gap only the bed target drives anything: ten beds must go, and each unit of step-up
  in either place takes 0.1 bed off the total for £0.005m, so 100 units, £0.5m. The gap's price
  is 0.646875 − 0.5 = £0.146875m.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from optimiser.analysis.prices import ALREADY_OFF, NOT_IN_INSTANCE
from optimiser.cli import main
from optimiser.results.folder import MANIFEST, RESULT_FILES
from optimiser.results.manifest import file_digest

from .conftest import DERBYSHIRE, TINY

#: A price against an independent pair of solves: the same solver on the same matrices, so they
#: agree to the CSV's ten significant digits; this allows for that, relative to max(1, |objective|).
PAIR_TOLERANCE = 1e-8
#: Hand arithmetic against the solver's optimum, relative.
HAND_TOLERANCE = 1e-7

TINY_OPTIMUM = 0.646875
SOUTH_WITHOUT_TARGET = 0.2 / 0.004125


def _compare(instance: Path, out: Path, *extra: str) -> int:
    return main(["compare", str(instance), "--out", str(out), "--price-constraints", *extra])


def _objective(instance: Path, out: Path, *without: str) -> float:
    arguments = ["solve", str(instance), "--out", str(out)]
    for family in without:
        arguments += ["--without", family]
    assert main(arguments) == 0
    return float(json.loads((out / "summary.json").read_text(encoding="utf-8"))["objective"]["value"])


def _prices(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "constraint_prices.csv", keep_default_na=False, na_values=[""])


def _changes(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "constraint_price_changes.csv")


@pytest.fixture(scope="module", params=[TINY, DERBYSHIRE], ids=["tiny", "derbyshire"])
def priced(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("prices") / "compare"
    assert _compare(request.param, out) == 0
    return request.param, out


def test_each_price_is_an_independent_pair_of_solves(
    priced: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    instance, folder = priced
    prices = _prices(folder)
    solved = prices[prices["status"] == "optimal"]
    assert len(solved) >= 2
    with_all = _objective(instance, tmp_path / "with")
    assert prices["objective_with"].iloc[0] == pytest.approx(with_all, rel=PAIR_TOLERANCE)
    for row in solved.itertuples():
        without = _objective(instance, tmp_path / row.family, row.family)
        allowance = PAIR_TOLERANCE * max(1.0, abs(with_all))
        # min-cost is minimised, so a family's price is the optimum with it less the one without.
        if abs(with_all - without) <= row.price_tolerance:
            assert row.price == 0.0, row.family
        else:
            assert row.price == pytest.approx(with_all - without, abs=allowance), row.family
            assert row.objective_without == pytest.approx(without, abs=allowance), row.family
    capsys.readouterr()


def test_a_family_that_does_not_bind_is_free_and_changes_nothing(
    priced: tuple[Path, Path], tmp_path: Path
) -> None:
    instance, folder = priced
    prices = _prices(folder).set_index("family")
    # The evidence caps bind nowhere in either instance: the pair of solves says so independently.
    with_all = _objective(instance, tmp_path / "with")
    without = _objective(instance, tmp_path / "without", "evidence_cap")
    row = prices.loc["evidence_cap"]
    assert abs(with_all - without) <= row["price_tolerance"]
    assert row["price"] == 0.0
    assert row["binds"] == "no"
    assert row["decisions_changed"] == 0
    assert row["beds_change"] == 0.0 and row["capital_change_gbpm"] == 0.0
    assert "evidence_cap" not in set(_changes(folder)["family"])


def test_tiny_bed_target_price_by_hand(tmp_path: Path) -> None:
    assert _compare(TINY, tmp_path / "out") == 0
    row = _prices(tmp_path / "out").set_index("family").loc["bed_target"]
    without = 0.2 + 0.005 * SOUTH_WITHOUT_TARGET
    assert row["objective_with"] == pytest.approx(TINY_OPTIMUM, rel=HAND_TOLERANCE)
    assert row["objective_without"] == pytest.approx(without, rel=HAND_TOLERANCE)
    assert row["price"] == pytest.approx(TINY_OPTIMUM - without, rel=HAND_TOLERANCE)
    # Beds: 110 with the target; without it 120 less 0.1 x_s (half at the hospital, half bought).
    assert row["beds_change"] == pytest.approx(110 - (120 - 0.1 * SOUTH_WITHOUT_TARGET), rel=HAND_TOLERANCE)
    # Nursing: 0.01 WTE per unit of step-up, 100 units with the target.
    assert row["wte_needed_change"] == pytest.approx(0.01 * (100 - SOUTH_WITHOUT_TARGET), rel=HAND_TOLERANCE)
    changes = _changes(tmp_path / "out")
    changes = changes[changes["family"] == "bed_target"].set_index("member")
    assert row["decisions_changed"] == len(changes) == 3
    assert changes.loc["step_up,south", ["planned", "with"]].tolist() == [50, 100]
    assert changes.loc["step_up,south", "without"] == pytest.approx(SOUTH_WITHOUT_TARGET, rel=HAND_TOLERANCE)
    assert changes.loc["back_office,system", ["planned", "without"]].tolist() == [5, 10]
    assert changes.loc["back_office,system", "with"] == pytest.approx(7.34375, rel=HAND_TOLERANCE)
    assert changes.loc["hospital,acute", "without"] == pytest.approx(
        0.05 * SOUTH_WITHOUT_TARGET, rel=HAND_TOLERANCE
    )


def test_families_named_are_priced_in_order_even_when_not_marked(tmp_path: Path) -> None:
    assert _compare(TINY, tmp_path / "out", "gap,bed_target") == 0
    prices = _prices(tmp_path / "out")
    assert prices["family"].tolist() == ["gap", "bed_target"]
    assert prices["price"].iloc[0] == pytest.approx(TINY_OPTIMUM - 0.5, rel=HAND_TOLERANCE)


def test_a_family_without_a_re_solve_gets_a_status_and_no_price(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _compare(TINY, out, "commitment,bed_target", "--without", "bed_target") == 0
    prices = _prices(out).set_index("family")
    assert prices.loc["commitment", "status"] == NOT_IN_INSTANCE
    assert prices.loc["bed_target", "status"] == ALREADY_OFF
    assert prices[["objective_without", "price", "beds_change", "decisions_changed"]].isna().all().all()


def test_an_unknown_family_is_one_line_naming_the_valid_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _compare(TINY, tmp_path / "out", "bed_target,pledge") == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    assert "--price-constraints" in error and "'pledge'" in error and "bed_target" in error
    assert not (tmp_path / "out").exists()


def test_every_file_compare_writes_is_one_the_folder_layer_knows(priced: tuple[Path, Path]) -> None:
    """A killed run's staging folder is tidied by these names, and a user's file bearing one of them
    is refused rather than overwritten, so the list must hold every file `compare` writes."""
    out = priced[1]
    written = {path.name for path in out.iterdir()} - {MANIFEST}
    assert {"constraint_prices.csv", "compare.json", "repaired_mix.csv"} <= written
    assert written <= set(RESULT_FILES)


def test_prices_are_byte_identical_across_runs(priced: tuple[Path, Path], tmp_path: Path) -> None:
    instance, folder = priced
    assert _compare(instance, tmp_path / "again") == 0
    for name in ("constraint_prices.csv", "constraint_price_changes.csv"):
        assert (tmp_path / "again" / name).read_bytes() == (folder / name).read_bytes(), name


def test_verify_passes_and_catches_a_tampered_price(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert _compare(TINY, out) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {"constraint_prices.csv", "constraint_price_changes.csv"} <= set(manifest["files"])
    assert manifest["options"]["price_constraints"][0] == "bed_target"
    assert main(["verify", str(out)]) == 0
    tampered = tmp_path / "tampered"
    shutil.copytree(out, tampered)
    path = tampered / "constraint_prices.csv"
    text = path.read_text(encoding="utf-8")
    assert ",0.2044507576," in text
    path.write_text(text.replace(",0.2044507576,", ",0.1044507576,"), encoding="utf-8")
    capsys.readouterr()
    assert main(["verify", str(tampered)]) == 8
    assert "constraint_prices.csv" in capsys.readouterr().err


def test_verify_solves_again_a_price_forged_with_its_hash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert _compare(TINY, out) == 0
    path = out / "constraint_prices.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",0.2044507576,", ",0.1044507576,"), encoding="utf-8")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["constraint_prices.csv"] = file_digest(path)
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    capsys.readouterr()
    assert main(["verify", str(out)]) == 8
    error = capsys.readouterr().err
    assert "constraint_prices.csv: bed_target: price 0.1044507576" in error
