"""The console account of `compare --price-constraints`: what each priced family costs, and what it moves."""

from __future__ import annotations

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table

from optimiser.results.prices import largest_changes


def _signed(value: object, digits: int = 2) -> str:
    number = float(value)  # type: ignore[arg-type]
    return "–" if not np.isfinite(number) else f"{number:+,.{digits}f}"


def _price(row: pd.Series) -> str:
    value = float(row["price"])
    if not np.isfinite(value):
        return "–"
    return f"£{value:,.2f}m" if row["objective_unit"] == "£m" else f"{value:,.1f} {row['objective_unit']}"


def _change_line(change: pd.Series) -> str:
    year = f" {change['year']}" if change["year"] else ""
    return (
        f"{change['decision']}[{change['member']}]{year}: {float(change['with']):,.4g} with, "
        f"{float(change['without']):,.4g} without ({change['unit']})"
    )


def render_prices(prices: pd.DataFrame, changes: pd.DataFrame, console: Console) -> None:
    """A table of the families' prices and changes (with − without), then each family's largest
    changed decisions."""
    first = prices.iloc[0]
    console.print(
        f"[bold]What each family costs[/bold] ({first['objective']}, {first['objective_basis']}; "
        "changes are with the family less without it, in the target year; capital over the years):"
    )
    table = Table(show_edge=False, pad_edge=False)
    for column in ("family", "status", "price", "net saving £m", "beds", "WTE needed", "capital £m"):
        table.add_column(column, justify="left" if column in ("family", "status") else "right")
    travel = "travel_change" in prices.columns
    if travel:
        table.add_column(f"travel ({prices['travel_unit'].iloc[0]})", justify="right")
    table.add_column("decisions changed", justify="right")
    for _, row in prices.iterrows():
        cells = [
            str(row["family"]),
            str(row["status"]),
            _price(row),
            _signed(row["net_saving_change_gbpm"]),
            _signed(row["beds_change"], 1),
            _signed(row["wte_needed_change"], 1),
            _signed(row["capital_change_gbpm"]),
        ]
        if travel:
            cells.append(_signed(row["travel_change"], 1))
        count = row["decisions_changed"]
        cells.append("–" if pd.isna(count) else f"{int(count):,}")
        table.add_row(*cells)
    console.print(table)
    for family in prices["family"]:
        top = largest_changes(changes, str(family))
        if top.empty:
            continue
        console.print(f"  {family}, largest changes:", highlight=False, markup=False)
        for _, change in top.iterrows():
            console.print(f"    {_change_line(change)}", highlight=False, markup=False)
