"""The formulation is built from whole arrays: no Python loop in model code runs over places,
sites, interventions or years. Every loop in `models/` is listed here with why it is small."""

from __future__ import annotations

import ast
from pathlib import Path

MODELS = Path(__file__).resolve().parents[1] / "models"

#: (file, source of the iterable) of every loop or comprehension allowed in model code.
ALLOWED = {
    ("build.py", "families"),  # the constraint families switched on, a fixed list
    ("registry.py", "REGISTRY"),  # the constraint families, to name each and pick those switched on
    ("registry.py", "names"),  # the family names a switch gives, checked one by one
    ("registry.py", "switches.items()"),  # the [families] switches of instance.toml
    ("capital.py", "data.instance.config.capital"),  # one capital budget a year
    ("capital.py", "data.years"),  # the years, to order the budgets
    ("data.py", "levels.items()"),  # the two or three columns a table is sorted by
    ("gap.py", "data.instance.config.gap"),  # the [[gap]] entries
    ("occupancy.py", "instance.config.bed_targets"),  # the [[bed_targets]] entries of instance.toml
    ("objectives.py", "TIE_BREAK.items()"),  # three tie-break costs
    ("quantities.py", "families"),  # the two or so families whose growth costs money (_on_increments)
    # The [[fixed_contributions]] entries of instance.toml, and the (year, value) pairs read from them.
    ("quantities.py", "data.instance.config.fixed_contributions"),
    ("quantities.py", "pairs"),
    ("data.py", "('recruitment', 'redeployment')"),  # the two costs per WTE of a staff group
    ("objectives.py", "(cost, services, staff, configuration)"),  # the four parts of the min-cost objective
    # the two staff stocks, each with its cost per WTE
    ("quantities.py", "((columns.hired, 'recruitment'), (columns.redeployed, 'redeployment'))"),
    ("workforce.py", "STOCKS"),  # the two staff stocks, hired and redeployed
    ("workforce.py", "enumerate(STOCKS)"),
    ("joins.py", "zip(left, right, strict=True)"),  # the one to three columns of a join's key
}


def _loops() -> set[tuple[str, str]]:
    found = set()
    for path in sorted(MODELS.glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.For | ast.comprehension):
                found.add((path.name, ast.unparse(node.iter)))
            if isinstance(node, ast.While):
                found.add((path.name, "while " + ast.unparse(node.test)))
    return found


def test_every_loop_in_model_code_is_over_a_small_fixed_set() -> None:
    unexpected = _loops() - ALLOWED
    assert not unexpected, f"loops in model code beyond the allowed small sets: {sorted(unexpected)}"


def test_the_allow_list_has_no_stale_entries() -> None:
    assert _loops() >= ALLOWED
