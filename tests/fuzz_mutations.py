"""Hypothesis strategies that break a valid instance the ways people and programs break files.

Mutations act on what the readers return (the config document and raw tables of strings) so that a
case costs one validation, not a round trip through files; `test_fuzz_instances.py` also sends
mutated bytes through the CSV reader and mutated text through the TOML reader.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable
from typing import Any

import pandas as pd
from hypothesis import strategies as st

#: Cell texts that have broken parsers, sums or solvers somewhere: blanks, non-numbers, non-finite
#: and absurd numbers, Excel's separators and percentages, NA-like words, bad years and ids.
AWKWARD_CELLS = (
    "",
    " ",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "1e308",
    "-1e308",
    "1e400",
    "1e-320",
    "-1",
    "0",
    "-0",
    "1.5",
    "1,234",
    "1,234.5",
    "12%",
    "0,5",
    "NA",
    "null",
    "None",
    "N/A",
    "#N/A",
    "true",
    "TRUE",
    "yes",
    "2019/99",
    "2020/21",
    "2021/22",
    "2020-21",
    "1900/01",
    "north",
    "south",
    "hospital",
    "acute",
    "nursing",
    "step_up",
    "system",
    "unknown_id",
    "a b",
    "x[1]",
    "a,b",
    'q"t',
    "x" * 130,
    "line\nbreak",
    "tab\there",
    "é",
    "\x00",
    "=1+2",
    "1_000",
    "0x10",
    " 1 ",
    "\ufeffnorth",
    "assumption: fuzz",
    "from the web",
    "004_9ddaced4f87d5ec2.txt:5578",
)
AWKWARD_NUMBERS = (0.0, -1.0, 1e308, -1e308, 1e13, 1e-13, float("nan"), float("inf"), 3.5, 0.5)


def cell_values(ids: tuple[str, ...] = ()) -> st.SearchStrategy[str]:
    """Awkward texts, random short texts and numbers written every way Python writes them; and,
    given an instance's own `ids`, those too, so that a reference can point at another valid row."""
    # Without ids the strategy is exactly what it was, so tiny's derandomised cases stay the same.
    own = [st.sampled_from(ids)] if ids else []
    return st.one_of(
        *own,
        st.sampled_from(AWKWARD_CELLS),
        st.text(max_size=12),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
    )


TableEdit = Callable[[pd.DataFrame], pd.DataFrame]


def _set_cell(row: int, column: int, value: str) -> TableEdit:
    def edit(frame: pd.DataFrame) -> pd.DataFrame:
        if not len(frame) or not len(frame.columns):
            return frame
        changed = frame.copy()
        changed.iat[row % len(frame), column % len(frame.columns)] = value
        return changed

    return edit


def _drop_column(column: int) -> TableEdit:
    return lambda frame: (
        frame.drop(columns=frame.columns[column % len(frame.columns)]) if len(frame.columns) else frame
    )


def _add_column(name: str, value: str) -> TableEdit:
    return lambda frame: frame.assign(**{name: value}) if name not in frame.columns else frame


def _rename_column(column: int, name: str) -> TableEdit:
    def edit(frame: pd.DataFrame) -> pd.DataFrame:
        if not len(frame.columns):
            return frame
        names = list(frame.columns)
        names[column % len(names)] = name
        return frame.set_axis(names, axis=1)

    return edit


def _repeat_row(row: int) -> TableEdit:
    return lambda frame: (
        pd.concat([frame, frame.iloc[[row % len(frame)]]], ignore_index=True) if len(frame) else frame
    )


def _drop_row(row: int) -> TableEdit:
    return lambda frame: (
        frame.drop(index=frame.index[row % len(frame)]).reset_index(drop=True) if len(frame) else frame
    )


def _empty(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.iloc[0:0]


def _shuffle(seed: int) -> TableEdit:
    return lambda frame: frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)


def _blank_row(row: int) -> TableEdit:
    def edit(frame: pd.DataFrame) -> pd.DataFrame:
        blank = pd.DataFrame([[""] * len(frame.columns)], columns=frame.columns)
        at = row % (len(frame) + 1)
        return pd.concat([frame.iloc[:at], blank, frame.iloc[at:]], ignore_index=True)

    return edit


COLUMN_NAMES = st.one_of(
    st.sampled_from(["notes", "source_population", "source_share", "place ", "Place", "", "share", "source"]),
    st.text(max_size=8),
)


def table_edits(ids: tuple[str, ...] = ()) -> st.SearchStrategy[TableEdit]:
    """One edit of a raw table: a cell, a column, a row, or the whole table (cells may take any of
    the instance's own `ids`)."""
    index = st.integers(min_value=0, max_value=50)
    cells = cell_values(ids)
    return st.one_of(
        st.builds(_set_cell, index, index, cells),
        st.builds(_set_cell, index, index, cells),
        st.builds(_set_cell, index, index, cells),
        st.builds(_drop_column, index),
        st.builds(_add_column, COLUMN_NAMES, cells),
        st.builds(_rename_column, index, COLUMN_NAMES),
        st.builds(_repeat_row, index),
        st.builds(_drop_row, index),
        st.builds(_blank_row, index),
        st.builds(_shuffle, st.integers(min_value=0, max_value=1000)),
        st.just(_empty),
    )


def _leaf_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value in a parsed TOML document, containers included."""
    paths = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            paths += _leaf_paths(item, (*path, key))
    elif isinstance(value, list):
        for position, item in enumerate(value):
            paths += _leaf_paths(item, (*path, position))
    return paths


CONFIG_VALUES = st.one_of(
    st.sampled_from(AWKWARD_CELLS),
    st.sampled_from(AWKWARD_NUMBERS),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.booleans(),
    st.just([]),
    st.just({}),
    st.lists(st.sampled_from(["2020/21", "2019/20", "2020/99", "x"]), max_size=3),
)


def config_edit(document: dict[str, Any]) -> st.SearchStrategy[Callable[[dict[str, Any]], dict[str, Any]]]:
    """Set, delete or add one value anywhere in the config document."""
    paths = _leaf_paths(document)

    def apply(path: tuple[Any, ...], value: Any, action: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
        def edit(original: dict[str, Any]) -> dict[str, Any]:
            changed = copy.deepcopy(original)
            # An earlier edit may have removed or replaced what this path led to; then it does nothing.
            with contextlib.suppress(KeyError, IndexError, TypeError):
                _change(changed, path, value, action)
            return changed

        return edit

    return st.builds(
        apply, st.sampled_from(paths), CONFIG_VALUES, st.sampled_from(["set", "set", "delete", "add"])
    )


def _change(document: dict[str, Any], path: tuple[Any, ...], value: Any, action: str) -> None:
    parent: Any = document
    for part in path[:-1]:
        parent = parent[part]
    if action == "delete" and isinstance(parent, dict):
        del parent[path[-1]]
    elif action == "add" and isinstance(parent, dict):
        parent["unexpected_key"] = value
    else:
        parent[path[-1]] = value
