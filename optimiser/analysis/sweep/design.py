"""The scenarios of a sweep: one row per scenario, one column per parameter holding its multiplier
(or value, for `set`); NaN means the parameter is left as the instance has it.

Every design is a function of the spec alone (its seed included), so the same spec always gives the
same scenarios, whatever the order they are solved in or the number of workers.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from scipy import stats
from scipy.stats import qmc

from optimiser.analysis.sweep.spec import Parameter, Range, SweepSpec

#: Column of the scenario number (1, 2, …) in every scenario table.
SCENARIO = "scenario"


def design(spec: SweepSpec) -> pd.DataFrame:
    """Every scenario of `spec`, numbered from 1, with a column per parameter."""
    parameters = spec.parameters
    names = [parameter.name for parameter in parameters]
    if spec.method == "one-at-a-time":
        values = _one_at_a_time(parameters)
    elif spec.method == "grid":
        values = np.array(
            list(itertools.product(*(parameter.range.values or () for parameter in parameters)))
        )
    elif spec.method == "monte-carlo":
        values = latin_hypercube(parameters, spec.samples, spec.seed, correlation_matrix(spec))
    elif spec.method == "morris":
        values = morris_sample(spec)
    else:
        values = np.empty((spec.pareto.points, 0))
    frame = pd.DataFrame(values.reshape(len(values), len(names)), columns=names)
    frame.insert(0, SCENARIO, np.arange(1, len(frame) + 1))
    return frame


def _one_at_a_time(parameters: tuple[Parameter, ...]) -> np.ndarray:
    """Each parameter at its low, then its high, every other one as the instance has it."""
    values = np.full((2 * len(parameters), len(parameters)), np.nan)
    for position, parameter in enumerate(parameters):
        values[2 * position, position] = parameter.range.low
        values[2 * position + 1, position] = parameter.range.high
    return values


def correlation_matrix(spec: SweepSpec) -> np.ndarray:
    """The parameters' correlation matrix: the identity, with each `[[correlation]]` pair's rho."""
    names = [parameter.name for parameter in spec.parameters]
    matrix = np.eye(len(names))
    for pair in spec.correlation:
        first, second = (names.index(name) for name in pair.parameters)
        matrix[first, second] = matrix[second, first] = pair.rho
    return matrix


def latin_hypercube(
    parameters: tuple[Parameter, ...], samples: int, seed: int, correlation: np.ndarray | None = None
) -> np.ndarray:
    """A Latin hypercube of `samples` points, each column mapped through its parameter's
    distribution by the inverse of its distribution function.

    Correlated parameters are joined by a Gaussian copula: the hypercube's uniforms become standard
    normals, are mixed by the Cholesky factor of the correlation matrix, and become uniforms again,
    so each parameter keeps its own distribution while the pair moves together.
    """
    unit = qmc.LatinHypercube(d=len(parameters), rng=np.random.default_rng(seed)).random(samples)
    if correlation is not None and not np.allclose(correlation, np.eye(len(parameters))):
        # The spec has checked the matrix is positive definite, so the factor exists.
        factor = np.linalg.cholesky(correlation)
        unit = stats.norm.cdf(stats.norm.ppf(unit) @ factor.T)
    return np.column_stack(
        [quantiles(parameter.range, unit[:, position]) for position, parameter in enumerate(parameters)]
    )


def quantiles(spread: Range, unit: np.ndarray) -> np.ndarray:
    """The values at probabilities `unit` of a range's distribution (normal truncated to ≥ `low`, 0
    by default, and ≤ `high`)."""
    kind = spread.distribution
    if kind == "uniform":
        assert spread.low is not None and spread.high is not None
        return spread.low + unit * (spread.high - spread.low)
    if kind == "triangular":
        assert spread.low is not None and spread.high is not None and spread.mode is not None
        width = spread.high - spread.low
        shape = (spread.mode - spread.low) / width if width > 0 else 0.5
        return np.asarray(stats.triang.ppf(unit, shape, loc=spread.low, scale=width))
    if kind == "normal":
        assert spread.mean is not None and spread.sd is not None
        low = 0.0 if spread.low is None else spread.low
        high = np.inf if spread.high is None else spread.high
        a, b = (low - spread.mean) / spread.sd, (high - spread.mean) / spread.sd
        return np.asarray(stats.truncnorm.ppf(unit, a, b, loc=spread.mean, scale=spread.sd))
    assert spread.median is not None and spread.sigma is not None
    return np.asarray(stats.lognorm.ppf(unit, spread.sigma, scale=spread.median))


def morris_problem(spec: SweepSpec) -> dict[str, object]:
    """The SALib problem: each parameter between its low and high."""
    return {
        "num_vars": len(spec.parameters),
        "names": [parameter.name for parameter in spec.parameters],
        "bounds": [[parameter.range.low, parameter.range.high] for parameter in spec.parameters],
    }


def morris_sample(spec: SweepSpec) -> np.ndarray:
    """Morris trajectories (SALib), seeded."""
    from SALib.sample import morris

    return np.asarray(
        morris.sample(morris_problem(spec), spec.trajectories, num_levels=spec.levels, seed=spec.seed)
    )
