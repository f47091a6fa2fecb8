"""The planning formulation: variables, constraint families, report expressions and objectives.

This folder is installed as `optimiser.models`. `build_model` reads like a table of contents.
"""

from __future__ import annotations

from optimiser.models.build import FAMILIES, build_model
from optimiser.models.objectives import OBJECTIVES

__all__ = ["FAMILIES", "OBJECTIVES", "build_model"]
