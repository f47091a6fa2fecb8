"""Which numbers of the model each sweep parameter moves, and how — found by building, not assumed.

For each parameter the model is built with the parameter at two probe values and compared with the
base model, entry by entry (matrix, report rows, costs, bounds). A `multiply` parameter's entries
are taken to move as base + slope × (multiplier − 1): the slope is read at multiplier 2 and the line
is confirmed at 0.5. A `set` parameter is read at its low and high value and confirmed between them.
Two `multiply` parameters that move the same entry (an effect's own factor and the common delivery
factor) are probed together; what their joint move adds beyond their two single moves is kept as a
cross term × (m₁ − 1)(m₂ − 1), which is exact when the entry is the product of the two factors.

The map is then checked against full rebuilds at a few scenarios of the sweep itself. If any check
fails — a move that is not linear, a shape or nonzero pattern that changes, a `set` sharing entries,
or a rebuild that disagrees — the sweep rebuilds every scenario's model from its instance instead,
and `sweep.json` says why. Either way each scenario starts as `scenario.start_for` says.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from optimiser.analysis.sweep.arrays import ScenarioModel

#: Entries are equal when within this of each other, relative to the larger of 1 and their size.
MAP_TOLERANCE = 1e-9
#: Probes of a `multiply` parameter: the slope is read at the first, the line confirmed at the second.
MULTIPLY_PROBES = (2.0, 0.5)


class NotLinearError(Exception):
    """The model does not move linearly with the parameters: the sweep rebuilds each scenario."""


@dataclass(frozen=True)
class Term:
    """Entries `positions` move by `offset + slope × θ`; for a cross term θ is the product of two
    parameters' (multiplier − 1)."""

    parameters: tuple[int, ...]
    positions: np.ndarray
    slope: np.ndarray
    offset: np.ndarray


@dataclass(frozen=True)
class LinearMap:
    """The base vector and the terms that move it; `at(θ)` is the vector of a scenario."""

    base: np.ndarray
    terms: tuple[Term, ...]
    multiply: tuple[bool, ...]

    def at(self, values: np.ndarray) -> np.ndarray:
        """The flat model of a scenario whose parameters take `values` (NaN: left as they are)."""
        vector = self.base.copy()
        for term in self.terms:
            chosen = values[list(term.parameters)]
            if np.isnan(chosen).any():
                continue
            shifted = [
                value - 1.0 if self.multiply[p] else value
                for p, value in zip(term.parameters, chosen, strict=True)
            ]
            vector[term.positions] += term.offset + term.slope * float(np.prod(shifted))
        return vector


def _close(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Entry by entry: equal within `MAP_TOLERANCE` (infinite bounds equal only to themselves)."""
    same = first == second
    finite = np.isfinite(first) & np.isfinite(second)
    scale = np.maximum(1.0, np.maximum(np.abs(first), np.abs(second)), where=finite, out=np.ones_like(first))
    difference = np.subtract(first, second, out=np.zeros_like(first), where=finite)
    near = np.abs(difference) <= MAP_TOLERANCE * scale
    return same | (finite & near)


def _moved(base: np.ndarray, other: np.ndarray, what: str) -> tuple[np.ndarray, np.ndarray]:
    """Positions where `other` differs from `base`, and by how much (an infinite move is not linear)."""
    positions = np.flatnonzero(~_close(base, other))
    delta = other[positions] - base[positions]
    if not np.isfinite(delta).all():
        raise NotLinearError(f"{what} turns a bound between finite and infinite")
    return positions, delta


Build = Callable[[dict[int, float]], ScenarioModel]


def build_map(
    base: ScenarioModel, probes: Sequence[tuple[str, bool, tuple[float, float, float]]], build: Build
) -> LinearMap:
    """Probe each parameter (name, is `multiply`, three probe values for `set`) with `build`, which
    builds the model with the given parameters (by position) at the given values; `NotLinearError` if a
    parameter's move is not linear or two parameters' moves cannot be combined."""
    reference = base.aligned(base)
    assert reference is not None

    def vector(values: dict[int, float], what: str) -> np.ndarray:
        flat = build(values).aligned(base)
        if flat is None:
            raise NotLinearError(f"{what} changes the model's shape or nonzero pattern")
        return flat

    terms: list[Term] = []
    touched: list[np.ndarray] = []
    for position, (name, multiply, values) in enumerate(probes):
        if multiply:
            first, second = MULTIPLY_PROBES
            moved, delta = _moved(reference, vector({position: first}, name), name)
            slope = delta / (first - 1.0)
            predicted = reference.copy()
            predicted[moved] += slope * (second - 1.0)
            term = Term((position,), moved, slope, np.zeros_like(slope))
            check = vector({position: second}, name)
        else:
            low, middle, high = values
            at_low = vector({position: low}, name)
            at_high = vector({position: high}, name)
            moved = np.flatnonzero(~_close(reference, at_low) | ~_close(at_low, at_high))
            slope = (at_high[moved] - at_low[moved]) / (high - low)
            offset = at_low[moved] - reference[moved] - slope * low
            predicted = reference.copy()
            predicted[moved] += offset + slope * middle
            term = Term((position,), moved, slope, offset)
            check = vector({position: middle}, name)
        if not _close(predicted, check).all():
            raise NotLinearError(f"parameter {name!r} does not move the model linearly")
        terms.append(term)
        touched.append(moved)
    terms.extend(_cross_terms(reference, probes, terms, touched, vector))
    return LinearMap(reference, tuple(terms), tuple(multiply for _, multiply, _ in probes))


def _cross_terms(
    reference: np.ndarray,
    probes: Sequence[tuple[str, bool, tuple[float, float, float]]],
    singles: list[Term],
    touched: list[np.ndarray],
    vector: Callable[[dict[int, float], str], np.ndarray],
) -> list[Term]:
    """The joint moves of parameters that move the same entries, beyond their single moves."""
    crosses = []
    probe = MULTIPLY_PROBES[0]
    for first, second in itertools.combinations(range(len(probes)), 2):
        shared = np.intersect1d(touched[first], touched[second])
        if shared.size == 0:
            continue
        names = f"parameters {probes[first][0]!r} and {probes[second][0]!r}"
        if not (probes[first][1] and probes[second][1]):
            raise NotLinearError(f"{names} move the same entries and one of them is a set")
        joint = vector({first: probe, second: probe}, names)
        additive = reference.copy()
        for single in (singles[first], singles[second]):
            additive[single.positions] += single.slope * (probe - 1.0)
        positions, delta = _moved(additive, joint, names)
        if positions.size:
            slope = delta / (probe - 1.0) ** 2
            crosses.append(Term((first, second), positions, slope, np.zeros_like(slope)))
    return crosses


def check_map(linear: LinearMap, base: ScenarioModel, samples: Sequence[np.ndarray], build: Build) -> None:
    """`NotLinearError` unless the map gives, at each sample of values, the model a rebuild gives."""
    for values in samples:
        chosen = {position: float(value) for position, value in enumerate(values) if not np.isnan(value)}
        rebuilt = build(chosen).aligned(base)
        if rebuilt is None or not _close(linear.at(values), rebuilt).all():
            raise NotLinearError(
                "the map disagrees with a rebuild of a sampled scenario (more than two parameters interact)"
            )
