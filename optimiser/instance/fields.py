"""Reading and checking single values of a table: numbers, booleans, ids and years.

Values are checked in whole columns; texts that repeat (ids, years, sources) are checked once per
distinct text and the verdicts spread back to the rows by position.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from optimiser.instance.schema import ID_PATTERN, YEAR_PATTERN, Field

#: The most data rows one table may hold. The largest synthetic instance (`generate --size
#: nhs-england`) has 175,400 rows in its largest table (planned_mix); a file past this limit is a mistake
#: (a sheet filled down, rows pasted a million times), refused before it costs memory and minutes.
ROW_LIMIT = 1_000_000
#: The largest magnitude a number in an instance may have. The NHS in England spends about £1.6e11
#: a year, so no honest figure in pounds, bed-days or people comes near 1e12; the limit keeps every
#: figure, and every product of a figure and a cost per unit, far below the 1e20 that CBC and HiGHS
#: read as infinity (1e308 bed-days was once solved as "Optimal" with a limit broken by 2.7e305).
MAGNITUDE_LIMIT = 1e12
#: The longest id. Model row and column names join up to three ids, a year and a family name, as
#: `staff_monotone[hired,erewash_ilkeston,nursing,2018/19]`, and `export --mps` writes them as they
#: are; CBC's MPS reader fails on names of 160 characters or more (measured with tiny: a 159-character
#: name solves, a 160-character one is reported infeasible or returns nothing). 3 × 40 ids leave 40
#: characters for the rest, so every exported model stays readable by every backend.
ID_LENGTH_LIMIT = 40
#: Financial years a plan may name: from the NHS's first (1948/49) to the end of this century.
FIRST_YEAR, LAST_YEAR = 1948, 2100

_ID = re.compile(ID_PATTERN)
_YEAR = re.compile(YEAR_PATTERN)
# Numbers as Excel shows them in a cell formatted with separators or as a percentage.
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_PERCENT = re.compile(r"^[+-]?\d+(?:\.\d*)?\s*%$")
_NOT_A_NUMBER = {"nan", "na", "n/a", "null", "none", "#n/a", "#value!", "#div/0!"}
_BOOLEANS = {"true", "yes", "1", "false", "no", "0"}
_EXCEL_HINT = "in Excel, format the cells as General before saving"
# Below this many cells, checking each distinct text found with a dictionary costs less than factorizing.
_FACTORIZE_FROM = 1000


def number_hint(text: str) -> str:
    """Why a text that is not a number may look like one, and how to write it; blank if no hint."""
    if _THOUSANDS.match(text):
        return f" (a thousands separator: write {text.replace(',', '')}; {_EXCEL_HINT})"
    if _DECIMAL_COMMA.match(text):
        return f" (a decimal comma: write {text.replace(',', '.')})"
    if _PERCENT.match(text):
        share = float(text.rstrip("% ")) / 100
        return f" (a percentage: write {share:g} for {text}; {_EXCEL_HINT})"
    return ""


def magnitude_problem(number: float) -> str | None:
    """Why a finite number is implausibly large, or None."""
    if abs(number) > MAGNITUDE_LIMIT:
        return f"{number:g} is beyond ±{MAGNITUDE_LIMIT:g}, the largest magnitude an instance may hold"
    return None


def bad_numbers(
    field: Field, values: np.ndarray, blank: np.ndarray
) -> tuple[np.ndarray, np.ndarray, Callable[[int], str]]:
    """The column as floats (NaN where unreadable), a mask of unreadable cells and their messages.

    Unreadable: not a number, not finite, or beyond `MAGNITUDE_LIMIT`.
    """
    numbers = np.asarray(pd.to_numeric(blanked(values, blank), errors="coerce")).astype(float)
    unread = np.isnan(numbers) & ~blank
    infinite = np.isinf(numbers)
    huge = np.isfinite(numbers) & (np.abs(numbers) > MAGNITUDE_LIMIT)
    bad = unread | infinite | huge

    def say(position: int) -> str:
        text = str(values[position])
        if infinite[position]:
            return f"must be finite, got {text!r}"
        if huge[position]:
            return f"{magnitude_problem(float(numbers[position]))}, got {text!r}"
        if text.lower() in _NOT_A_NUMBER:
            return f"not a number, got {text!r}"
        return f"expected a number, got {text!r}{number_hint(text)}"

    return np.where(bad, np.nan, numbers), bad, say


def blanked(values: np.ndarray, blank: np.ndarray) -> np.ndarray:
    """The texts with None in the blank cells."""
    texts = np.array(values, dtype=object)
    texts[blank] = None
    return texts


def bad_bools(values: np.ndarray) -> np.ndarray:
    """Cells that are not one of true/false, yes/no, 1/0 (in any case)."""
    return np.fromiter(
        (str(value).lower() not in _BOOLEANS for value in values), dtype=bool, count=len(values)
    )


def bad_values(field: Field, numbers: np.ndarray) -> list[tuple[np.ndarray, Callable[[int], str]]]:
    """Numbers outside the field's range, one mask and wording per bound (NaN compares False)."""
    found: list[tuple[np.ndarray, Callable[[int], str]]] = []
    bounds = [
        (field.ge, np.less, "at least"),
        (field.gt, np.less_equal, "more than"),
        (field.le, np.greater, "at most"),
    ]
    for bound, outside, words in bounds:
        if bound is None:
            continue
        found.append((outside(numbers, bound), _worded(numbers, f"must be {words} {bound:g}")))
    return found


def _worded(numbers: np.ndarray, text: str) -> Callable[[int], str]:
    def say(position: int) -> str:
        return f"{numbers[position]:g} {text}"

    return say


def distinct_problems(
    values: np.ndarray, checker: Callable[[str], str | None]
) -> tuple[np.ndarray, Callable[[int], str]]:
    """Run `checker` once per distinct non-blank text; the rows it faults and its message for each."""
    cells = np.asarray(values, dtype=object)
    if len(cells) < _FACTORIZE_FROM:
        # A short column is checked text by text, each distinct text once: pandas' factorize would
        # cost more than the checks.
        verdicts: dict[object, str | None] = {}
        for text in cells:
            if text not in verdicts:
                # A blank or missing value is never faulted here, as factorize leaves it uncoded.
                verdicts[text] = None if text == "" or pd.isna(text) else checker(str(text))
        bad = np.array([bool(verdicts[text]) for text in cells], dtype=bool)
        return bad, lambda position: str(verdicts[cells[position]])
    codes, distinct = pd.factorize(cells)
    found = {code: checker(str(text)) for code, text in enumerate(distinct) if text != ""}
    bad_codes = [code for code, verdict in found.items() if verdict]
    bad = np.isin(codes, bad_codes) if bad_codes else np.zeros(len(codes), dtype=bool)

    def say(position: int) -> str:
        return str(found[int(codes[position])])

    return bad, say


def id_problem(text: str) -> str | None:
    """Why `text` is not an id usable in model names, or None."""
    if len(text) > ID_LENGTH_LIMIT:
        return (
            f"{text[:24]!r}… is {len(text)} characters long; an id may have at most {ID_LENGTH_LIMIT} "
            "(solver model names are built from ids)"
        )
    if not _ID.fullmatch(text):
        return f"{text!r} is not an id (lower-case letters, digits, _)"
    return None


def year_problem(text: str) -> str | None:
    """Why `text` is not a financial year such as 2020/21, or None."""
    if not _YEAR.fullmatch(text):
        return f"is not a year like 2020/21, got {text!r}"
    start, end = int(text[:4]), int(text[5:])
    if end != (start + 1) % 100:
        return f"is not a financial year, got {text!r} ({start}/ is followed by {(start + 1) % 100:02d})"
    if not FIRST_YEAR <= start <= LAST_YEAR:
        return f"is not a year from {FIRST_YEAR}/{(FIRST_YEAR + 1) % 100:02d} to {LAST_YEAR}, got {text!r}"
    return None
