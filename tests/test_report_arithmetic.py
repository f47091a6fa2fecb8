"""The report's own arithmetic, made with numpy rather than pandas' general tools, against those
tools as the oracle: the summary's grids (`summed_grid` against `pivot_table`) and the shadow
prices' phrases (`_phrases` against `str.format`, row by row)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from optimiser.results.plain import _phrases
from optimiser.results.summary import summed_grid

#: Sums of a handful of binary fractions: exact in both.
EXACT = 0.0


def members() -> pd.DataFrame:
    """Beds by year and setting, out of order, with one year and setting twice, one setting
    ("hospice") outside the grid's columns, and no member at all for 2019/20 community."""
    return pd.DataFrame(
        {
            "year": pd.array(["2020/21", "2019/20", "2020/21", "2020/21", "2019/20"], dtype="str"),
            "setting": pd.array(["acute", "acute", "community", "acute", "hospice"], dtype="str"),
            "beds": [1.5, 2.25, 4.0, 0.5, 8.0],
        }
    )


def test_a_grid_in_first_appearance_order_is_pandas_pivot() -> None:
    """Rows in the order their values first appear (2020/21, then 2019/20), columns as asked;
    a cell with no member is NaN, as pivot_table leaves it; hospice, not asked for, is dropped."""
    frame = members()
    grid = summed_grid(frame, "year", "setting", "beds", columns_in=["acute", "community"])
    pivot = frame.pivot_table(index="year", columns="setting", values="beds", aggfunc="sum", sort=False)
    pd.testing.assert_frame_equal(grid, pivot.reindex(columns=["acute", "community"]), rtol=EXACT, atol=EXACT)
    # By hand: 2020/21 acute 1.5 + 0.5, community 4; 2019/20 acute 2.25, community none.
    assert grid.index.tolist() == ["2020/21", "2019/20"]
    assert grid.loc["2020/21"].tolist() == [2.0, 4.0]
    assert grid.loc["2019/20", "acute"] == 2.25 and np.isnan(grid.loc["2019/20", "community"])


def test_a_grid_on_given_rows_is_pandas_pivot_reindexed() -> None:
    """Given rows (one with no member, 2021/22) are kept in their order, empty rows NaN."""
    frame = members()
    years = ["2019/20", "2020/21", "2021/22"]
    settings = ["community", "acute"]
    grid = summed_grid(frame, "year", "setting", "beds", rows_in=years, columns_in=settings)
    pivot = frame.pivot_table(index="year", columns="setting", values="beds", aggfunc="sum", sort=False)
    expected = pivot.reindex(index=years, columns=settings)
    np.testing.assert_array_equal(grid.to_numpy(), expected.to_numpy())
    assert grid.index.tolist() == years and grid.columns.tolist() == settings
    assert (grid.index.name, grid.columns.name) == ("year", "setting")
    assert np.isnan(grid.loc["2021/22"]).all()


def test_an_empty_frame_gives_an_empty_grid_of_the_asked_columns() -> None:
    frame = members().iloc[0:0]
    grid = summed_grid(frame, "year", "setting", "beds", columns_in=["acute"])
    assert grid.shape == (0, 1) and grid.columns.tolist() == ["acute"]


@pytest.mark.parametrize(
    "phrase",
    [
        "WTE available in {place} ({year})",
        "£1m of the investment band's {edge} in {place} ({year})",
        "{place}{year}",
        "literal only, {{braces}} kept",
        "{place!r} padded to {year:>9}|",
    ],
)
def test_phrases_are_str_format_of_each_row(phrase: str) -> None:
    """Filled a field at a time, each row reads exactly as `phrase.format(**row)` reads it, with the
    edge's word (`floor`, `ceiling`, or `edge` for an equality) in `{edge}`."""
    labels: dict[str, list[object]] = {
        "place": ["Derby City", "Erewash", "Derby City"],
        "year": ["2018/19", "2019/20", "2020/21"],
    }
    edges: list[object] = ["lower", "upper", "equality"]
    words = {"lower": "floor", "upper": "ceiling"}
    expected = [
        phrase.format(place=place, year=year, edge=words.get(str(side), "edge"))
        for place, year, side in zip(labels["place"], labels["year"], edges, strict=True)
    ]
    assert _phrases(phrase, labels, edges) == expected


def test_a_phrase_naming_an_unknown_label_is_refused_as_format_refuses_it() -> None:
    with pytest.raises(KeyError):
        _phrases("bed at {site}", {"place": ["Derby City"]}, ["upper"])
