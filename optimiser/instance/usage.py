"""Checks that every intervention of the catalogue can act: it has effects and somewhere to run.

An intervention without effects scales to no purpose, and one without an eligibility row can never
be deployed; either is almost surely a row left out of a table, so it is reported where it is named.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimiser.instance.checks import Labeller, cells, members, texts
from optimiser.instance.errors import Problems
from optimiser.instance.tables import spreadsheet_row


def check_interventions_used(tables: dict[str, pd.DataFrame], label: Labeller) -> None:
    """Every intervention has at least one effect and at least one eligibility row."""
    interventions = cells(tables, "interventions", "intervention")
    problems = Problems()
    for table, what in (("effects", "no effects"), ("eligibility", "no eligibility row (nowhere to run)")):
        unused = np.flatnonzero(~members(interventions, texts(tables[table]["intervention"])))
        for position in unused:
            message = f"intervention {interventions[int(position)]!r} has {what} in {table}"
            problems.add(label("interventions"), message, spreadsheet_row(int(position)), "intervention")
    problems.raise_any()
