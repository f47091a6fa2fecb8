"""The per-unit coefficient matrices of the deployments: bed-days and admissions avoided, staff needed
and staff released per bed closed.

Each is built from (row, column, value) triplets joined with `joins` (numpy on integer codes) in the
order the pandas merges they replace gave them (a deployment, then its effects in table order, then
the catchment or patients of its location in table order), so that duplicates are summed in the same
order and the matrices are the same to the bit. The tables are small: pandas' fixed cost per merge
and per MultiIndex, not the rows, was what they cost.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
import scipy.sparse as sp

from optimiser.models.joins import inner_join, lookup


def sparse(
    rows: np.ndarray, columns: np.ndarray, values: np.ndarray, shape: tuple[int, int]
) -> sp.csr_matrix:
    matrix = sp.csr_matrix((values.astype(float), (rows, columns)), shape=shape)
    matrix.sum_duplicates()
    return matrix


class _Located(NamedTuple):
    """Each (deployment, effect row) pair of one effect: the deployment's position, where it runs, at
    what level, the effect's key and its value per unit."""

    deployment: np.ndarray
    location: np.ndarray
    level: np.ndarray
    key: np.ndarray
    per_unit: np.ndarray

    def at(self, rows: np.ndarray) -> _Located:
        return _Located(
            self.deployment[rows], self.location[rows], self.level[rows], self.key[rows], self.per_unit[rows]
        )


def _located(effects: pd.DataFrame, effect: str, deployments: pd.DataFrame) -> _Located:
    """The deployments joined with the rows of `effect` on intervention: deployment order, then the
    effect rows of its intervention in table order."""
    rows = np.flatnonzero(effects["effect"].to_numpy(dtype=object) == effect)
    interventions = effects["intervention"].to_numpy(dtype=object)[rows]
    deployment, row = inner_join([deployments["intervention"]], [interventions])
    return _Located(
        deployment,
        deployments["location"].to_numpy(dtype=object)[deployment],
        deployments["level"].to_numpy(dtype=object)[deployment],
        effects["key"].to_numpy(dtype=object)[rows[row]],
        effects["model_value"].to_numpy(dtype=float)[rows[row]],
    )


def _matrix(
    rows: np.ndarray, columns: np.ndarray, values: np.ndarray, shape: tuple[int, int]
) -> sp.csr_matrix:
    return sparse(rows.astype(np.int64), columns.astype(np.int64), values.astype(float), shape)


def avoided_bed_days(
    effects: pd.DataFrame, deployments: pd.DataFrame, catchment: pd.DataFrame, site_settings: pd.DataFrame
) -> sp.csr_matrix:
    """Bed-days avoided at each site-setting per unit of each deployment (place effects via catchment)."""
    located = _located(effects, "bed_days_avoided", deployments)
    places = located.at(located.level == "place")
    row, served = inner_join([places.location, places.key], [catchment["place"], catchment["setting"]])
    share = catchment["share"].to_numpy(dtype=float)[served]
    sites = located.at(located.level == "site")
    site = np.concatenate([catchment["site"].to_numpy(dtype=object)[served], sites.location])
    setting = np.concatenate([places.key[row], sites.key])
    rows = lookup([site, setting], [site_settings["site"], site_settings["setting"]])
    keep = rows >= 0
    return _matrix(
        rows[keep],
        np.concatenate([places.deployment[row], sites.deployment])[keep],
        np.concatenate([places.per_unit[row] * share, sites.per_unit])[keep],
        (len(site_settings), len(deployments)),
    )


def admissions_avoided(
    effects: pd.DataFrame, deployments: pd.DataFrame, place_cohorts: pd.DataFrame, patients: pd.DataFrame
) -> sp.csr_matrix:
    """Admissions avoided per place-cohort per unit of each deployment; a site's effect is shared
    among the places by `patients` (each place's `weight` in the site's bed-days)."""
    located = _located(effects, "admissions_avoided", deployments)
    places = located.at(located.level == "place")
    sites = located.at(located.level == "site")
    row, patient = inner_join([sites.location], [patients["site"]])
    weight = patients["weight"].to_numpy(dtype=float)[patient]
    place = np.concatenate([places.location, patients["place"].to_numpy(dtype=object)[patient]])
    cohort = np.concatenate([places.key, sites.key[row]])
    return _matrix(
        lookup([place, cohort], [place_cohorts["place"], place_cohorts["cohort"]]),
        np.concatenate([places.deployment, sites.deployment[row]]),
        np.concatenate([places.per_unit, sites.per_unit[row] * weight]),
        (len(place_cohorts), len(deployments)),
    )


def wte(
    effects: pd.DataFrame, deployments: pd.DataFrame, place_staff: pd.DataFrame, sites: pd.DataFrame
) -> sp.csr_matrix:
    """WTE needed per place-staff group per unit of each deployment (site services: host place; a site
    without one has no staff of the system to count)."""
    located = _located(effects, "wte", deployments)
    host = lookup([located.location], [sites["site"]])
    # A site not in the table (-1) picks the NaN appended after the host places.
    hosts = np.append(sites["host_place"].to_numpy(dtype=object), np.nan)
    place = np.where(located.level == "site", hosts[host], located.location)
    known = ~pd.isna(place)
    rows = lookup([place[known], located.key[known]], [place_staff["place"], place_staff["staff_group"]])
    return _matrix(
        rows, located.deployment[known], located.per_unit[known], (len(place_staff), len(deployments))
    )


def wte_per_bed(setting_staff: pd.DataFrame, site_settings: pd.DataFrame, staff: pd.Index) -> sp.csr_matrix:
    """WTE of each staff group released per bed closed, staff group × site-setting."""
    row, column = inner_join([setting_staff["setting"]], [site_settings["setting"]])
    groups = setting_staff["staff_group"].to_numpy(dtype=object)[row]
    return _matrix(
        lookup([groups], [staff]),
        column,
        setting_staff["wte_per_bed"].to_numpy(dtype=float)[row],
        (len(staff), len(site_settings)),
    )
