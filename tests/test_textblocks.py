"""CSV columns spelled in bulk (`optimiser.io.textblocks`) read as each value spelled alone would:
numbers in the float format (NaN blank), text quoted where it holds a comma, a quote or a line
break."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from optimiser.io.textblocks import csv_column

#: Numbers whose text is easy to get wrong: a negative zero, infinities, NaN, the extremes of a
#: double, values that round at the tenth digit, and repeats (spelled once, placed many times). (A
#: column holding both zeros spells both as the first: they are one value to `pd.factorize`.)
AWKWARD = [
    -0.0,
    1.0,
    -1.5,
    math.inf,
    -math.inf,
    math.nan,
    1e-300,
    -5e-324,
    1.7976931348623157e308,
    0.1 + 0.2,
    123456789.0123,
    2 / 3,
    1.0,
    math.nan,
    -0.0,
]
PATTERN = "%.10g"


@pytest.mark.parametrize("pattern", ["%.10g", "%.3f", "%r"])
def test_a_float_column_is_each_number_in_the_format(pattern: str) -> None:
    values = pd.Series(AWKWARD, dtype=float)
    spelled = [bytes(text) for text in csv_column(values, pattern)]
    assert spelled == [b"" if math.isnan(value) else (pattern % value).encode() for value in AWKWARD]


def test_an_empty_float_column_spells_nothing() -> None:
    assert csv_column(pd.Series([], dtype=float), "%.10g").size == 0


def test_a_float_column_of_random_numbers_matches_one_by_one() -> None:
    numbers = np.random.default_rng(7).normal(scale=1e6, size=2000).round(3)
    values = np.concatenate([numbers, numbers[:50]])
    spelled = csv_column(pd.Series(values), PATTERN)
    assert [bytes(text) for text in spelled] == [(PATTERN % value).encode() for value in values.tolist()]


def test_text_with_a_comma_quote_or_line_break_is_quoted() -> None:
    values = pd.Series(["plain", "a, b", 'say "hi"', "two\nlines", "plain", None], dtype=object)
    assert [bytes(text) for text in csv_column(values, "%.10g")] == [
        b"plain",
        b'"a, b"',
        b'"say ""hi"""',
        b'"two\nlines"',
        b"plain",
        b"",
    ]
