"""Checks of instance.toml against the tables: years, targets, budgets, the investment band and the
safe-occupancy option refer to known years and settings and hold together."""

from __future__ import annotations

import pandas as pd

from optimiser.instance.config import InstanceSettings, Locator, config_error
from optimiser.instance.schema import TOTAL_SETTING


def check_config(tables: dict[str, pd.DataFrame], config: InstanceSettings, locate: Locator) -> None:
    """Years, targets and budgets in instance.toml refer to known years and settings."""
    years = set(config.years)
    if config.target_year not in years:
        raise config_error(locate, ("target_year",), f"target year {config.target_year!r} is not in years")
    if int(config.baseline_year[:4]) >= int(config.years[0][:4]):
        message = "baseline year must come before the first planning year"
        raise config_error(locate, ("baseline_year",), message)
    settings = set(tables["settings"]["setting"]) | {TOTAL_SETTING}
    sections: list[tuple[str, list[str], list[tuple[str, ...]]]] = [
        ("gap", ["year"], [(entry.year,) for entry in config.gap]),
        (
            "bed_targets",
            ["setting", "year"],
            [(entry.setting, entry.year) for entry in config.bed_targets],
        ),
        ("capital", ["year"], [(entry.year,) for entry in config.capital]),
        (
            "fixed_contributions",
            ["name", "year"],
            [(entry.name, entry.year) for entry in config.fixed_contributions],
        ),
    ]
    for section, fields, keys in sections:
        seen: set[tuple[str, ...]] = set()
        for position, key in enumerate(keys):
            if key in seen:
                raise config_error(locate, (section, position, fields[-1]), "duplicate entry")
            seen.add(key)
            if key[-1] not in years:
                raise config_error(locate, (section, position, "year"), f"year {key[-1]!r} is not in years")
            if section == "bed_targets" and key[0] not in settings:
                raise config_error(locate, (section, position, "setting"), f"unknown setting {key[0]!r}")
    if config.capital and len(config.capital) != len(years):
        missing = sorted(years - {entry.year for entry in config.capital})
        raise config_error(locate, ("capital", "year"), f"no capital budget for {missing[0]}")
    _check_safe_occupancy(tables, config, locate)
    band = config.investment_band
    if band is not None:
        if band.min_gbpm > band.max_gbpm:
            raise config_error(locate, ("investment_band", "min_gbpm"), "min_gbpm exceeds max_gbpm")
        if band.year not in years:
            raise config_error(locate, ("investment_band", "year"), f"year {band.year!r} is not in years")


def _check_safe_occupancy(tables: dict[str, pd.DataFrame], config: InstanceSettings, locate: Locator) -> None:
    """`[options] safe_occupancy` names a known setting and has `[parameters.safe_occupancy]` to use."""
    setting = config.options.safe_occupancy
    if setting is None:
        return
    if setting not in set(tables["settings"]["setting"]):
        raise config_error(locate, ("options", "safe_occupancy"), f"unknown setting {setting!r}")
    if config.parameters.safe_occupancy is None:
        message = "needs [parameters.safe_occupancy] (value and source) to plan at"
        raise config_error(locate, ("options", "safe_occupancy"), message)
