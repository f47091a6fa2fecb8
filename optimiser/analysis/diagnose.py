"""Infeasibility explained: the least relaxation of the gap, bed targets, workforce or capital.

An infeasible model is solved again with an elastic slack on every row of the chosen families,
penalised per unit of the row's bound (so a relaxation is measured relative to the limit it
relaxes, and the smallest wins). This is done for the four families together and for each alone,
so the report can say "closing the gap needs 212 more WTE, or the gap must shrink to £187m". Each
relaxation found is applied to the original model and solved again to prove it makes it feasible.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimiser.linear import LinearModel, Terms
from optimiser.models.registry import FAMILY, REGISTRY
from optimiser.results.documents.diagnosis import Diagnosis, RelaxedRow
from optimiser.results.documents.diagnosis import Relaxation as RelaxationDocument
from optimiser.solvers import SolveOptions, Status, solve

#: The families a diagnosis relaxes, in the registry's order, and how it names each.
ELASTIC_FAMILIES = tuple(family.name for family in REGISTRY if family.relaxing is not None)
FAMILY_WORDS = {family.name: family.relaxing.words for family in REGISTRY if family.relaxing is not None}
#: Relaxations are applied with this much to spare, so solver tolerances cannot undo them.
MARGIN = 1e-6


@dataclass(frozen=True)
class Relaxation:
    """A least relaxation of some families: which rows move, from what bound to what."""

    families: tuple[str, ...]
    feasible: bool
    verified: bool
    rows: pd.DataFrame  # name, family, unit, bound, relaxed_bound, change

    def total(self, family: str) -> float:
        return float(self.rows.loc[self.rows["family"] == family, "change"].abs().sum())


def _elastic_rows(model: LinearModel, families: tuple[str, ...]) -> np.ndarray:
    return np.flatnonzero(np.isin(model.row_family, list(families)))


def elastic_model(model: LinearModel, families: tuple[str, ...]) -> tuple[LinearModel, pd.DataFrame]:
    """The model with a slack on each side of every row of `families`, minimising relative slack.

    Built with the model's extension API: a column family `relax`, its terms in the relaxed rows,
    and an objective that counts only the slacks, each per unit of the limit it relaxes.
    """
    rows = _elastic_rows(model, families)
    sides = []
    for side, bounds, sign in (("up", model.row_upper, -1.0), ("down", model.row_lower, 1.0)):
        finite = rows[np.isfinite(bounds[rows])]
        sides.append(pd.DataFrame({"row": finite, "side": side, "sign": sign, "bound": bounds[finite]}))
    slacks = pd.concat(sides, ignore_index=True)
    limits = slacks["bound"].to_numpy() + model.row_offset[slacks["row"].to_numpy()]
    extension = model.extend()
    relax_columns = extension.add_variables(
        "relax",
        pd.DataFrame({"row": model.row_names[slacks["row"]], "side": slacks["side"]}),
        cost=1.0 / np.maximum(1.0, np.abs(limits)),
        description="elastic slack",
    )
    extension.add_terms(
        Terms(
            slacks["row"].to_numpy(),
            relax_columns.start + np.arange(relax_columns.size),
            slacks["sign"].to_numpy(),
        )
    )
    extension.replace_objective("least relative relaxation", sense="min")
    return extension.build(), slacks


def relax(model: LinearModel, families: tuple[str, ...], backend: str, options: SolveOptions) -> Relaxation:
    """The least relative relaxation of `families` that makes `model` feasible, verified by a re-solve."""
    elastic, slacks = elastic_model(model, families)
    solution = solve(elastic, backend, options)
    if solution.x is None or solution.status is not Status.OPTIMAL:
        return Relaxation(
            families,
            False,
            False,
            pd.DataFrame(columns=["row", "name", "family", "unit", "limit", "relaxed_limit", "change"]),
        )
    amount = solution.x[model.shape[1] :]
    moved = slacks.assign(amount=amount)[amount > MARGIN * np.maximum(1.0, np.abs(slacks["bound"]))]
    change = np.where(moved["side"] == "up", moved["amount"], -moved["amount"])
    units = {name: family.unit for name, family in model.constraints.items()}
    positions = moved["row"].to_numpy()
    limit = moved["bound"].to_numpy() + model.row_offset[positions]
    rows = (
        pd.DataFrame(
            {
                "row": positions,
                "name": model.row_names[positions],
                "family": model.row_family[positions],
                "unit": [units[family] for family in model.row_family[positions]],
                "limit": limit,
                "relaxed_limit": limit + change,
                "change": change,
            }
        )
        .sort_values("change", key=np.abs, ascending=False, kind="stable")
        .reset_index(drop=True)
    )
    return Relaxation(families, True, _verify(model, moved, change, backend, options), rows)


def _verify(
    model: LinearModel, moved: pd.DataFrame, change: np.ndarray, backend: str, options: SolveOptions
) -> bool:
    relaxed = apply_relaxation(model, moved["row"].to_numpy(), moved["side"].to_numpy(), change)
    return solve(relaxed, backend, options).status is Status.OPTIMAL


def apply_relaxation(
    model: LinearModel, rows: np.ndarray, sides: np.ndarray, change: np.ndarray
) -> LinearModel:
    """A copy of `model` with each row's bound moved by `change` (and a hair more)."""
    relaxed = model.copy()
    spare = MARGIN * np.maximum(1.0, np.abs(change))
    up = sides == "up"
    relaxed.row_upper[rows[up]] += change[up] + spare[up]
    relaxed.row_lower[rows[~up]] += change[~up] - spare[~up]
    return relaxed


def diagnose(
    model: LinearModel, backend: str = "highs", options: SolveOptions | None = None
) -> list[Relaxation]:
    """Relaxations of the four families together, then of each alone (those with rows in the model)."""
    options = options or SolveOptions()
    present = tuple(family for family in ELASTIC_FAMILIES if family in model.constraints)
    relaxations = [relax(model, present, backend, options)]
    relaxations += [relax(model, (family,), backend, options) for family in present]
    return relaxations


def _amount(value: float, unit: str) -> str:
    return f"£{value:,.1f}m" if unit == "£m" else f"{value:,.1f} {unit}"


def _describe_family(rows: pd.DataFrame, family: str, limit: int = 3) -> str:
    """One family's share of a relaxation, in the words of its limits."""
    rows = rows[rows["family"] == family]
    unit = str(rows["unit"].iloc[0])
    relaxing = FAMILY[family].relaxing
    if relaxing is not None and relaxing.each_row is not None:
        return "; ".join(
            relaxing.each_row.format(
                label=_label(row.name), limit=_level(row.limit, unit), relaxed=_level(row.relaxed_limit, unit)
            )
            for row in rows.itertuples()
        )
    total = float(rows["change"].sum())
    largest = ", ".join(
        f"{_label(row.name)} +{_amount(row.change, unit)}" for row in rows.head(limit).itertuples()
    )
    more = f" and {len(rows) - limit} more" if len(rows) > limit else ""
    # Limits are each year's own money, so a money total over several of them is a plain sum and
    # says so, beside the present values the objective reports.
    basis = "undiscounted; " if unit == "£m" and len(rows) > 1 else ""
    return f"{_amount(total, unit)} more in all ({basis}largest: {largest}{more})"


def _level(value: float, unit: str) -> str:
    """A limit as a relaxation states it: money with its unit, other quantities as bare numbers."""
    return _amount(value, unit) if unit == "£m" else f"{value:,.1f}"


def _label(name: str) -> str:
    """`workforce[belper_group,nursing,2020/21]` → `belper_group, nursing, 2020/21`."""
    inside = name[name.find("[") + 1 : name.rfind("]")] if "[" in name else name
    return inside.replace(",", ", ")


def explain(relaxations: list[Relaxation]) -> list[str]:
    """The diagnosis in plain words, one line per finding."""
    together, singles = relaxations[0], relaxations[1:]
    if not together.feasible:
        return [
            "Infeasible even with the gap, bed targets, workforce and capital all relaxed: the conflict is "
            "in the scale, cohort, evidence or ramp limits (see constraints of the instance)."
        ]
    involved = [family for family in ELASTIC_FAMILIES if family in set(together.rows["family"])]
    words = " and ".join(FAMILY_WORDS[family] for family in involved) or "the limits"
    lines = [f"Infeasible: {words} cannot all hold together."]
    lines.append(
        "The least relaxation of all four together: "
        + "; ".join(_describe_family(together.rows, family) for family in involved)
        + "."
    )
    for relaxation in singles:
        family = relaxation.families[0]
        if not relaxation.feasible:
            lines.append(f"Relaxing {FAMILY_WORDS[family]} alone cannot make it feasible.")
            continue
        verified = "" if relaxation.verified else " (not confirmed by re-solving)"
        lines.append(
            f"Or, {FAMILY_WORDS[family]} alone: {_describe_family(relaxation.rows, family)}{verified}."
        )
    return lines


def diagnosis_document(relaxations: list[Relaxation]) -> Diagnosis:
    """diagnosis.json: the explanation, then every relaxation tried and the rows it moves."""
    return Diagnosis(
        explanation=explain(relaxations),
        relaxations=[
            RelaxationDocument(
                families=list(relaxation.families),
                feasible=relaxation.feasible,
                verified=relaxation.verified,
                rows=[RelaxedRow(**row) for row in relaxation.rows.to_dict(orient="records")],
            )
            for relaxation in relaxations
        ],
    )
