"""Instance sizes: the named sizes `optimiser generate` offers, and the checks a size must pass."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from optimiser.choices import ChoiceError
from optimiser.instance.bundled import bundled_root


class SizeError(ChoiceError):
    """Sizes or a seed that cannot make an instance."""


@dataclass(frozen=True)
class Size:
    """How large a generated instance is."""

    places: int
    sites: int
    interventions: int
    years: int


#: The bundled Derbyshire instance, which the size `derbyshire` stands for.
DERBYSHIRE = bundled_root() / "derbyshire-stp-2016"
#: Named sizes; `None` is the real Derbyshire instance rather than a generated one.
SIZES: dict[str, Size | None] = {
    "derbyshire": None,
    "small": Size(places=10, sites=8, interventions=8, years=3),
    "region": Size(places=100, sites=30, interventions=20, years=5),
    "county": Size(places=400, sites=80, interventions=30, years=5),
    "nhs-england": Size(places=1250, sites=200, interventions=40, years=5),
}


def resolve_size(name: str, **overrides: int | None) -> Size | None:
    """The named size with any of places, sites, interventions or years replaced by explicit numbers."""
    if name not in SIZES:
        raise SizeError(f"unknown size {name!r}; expected one of {', '.join(SIZES)}")
    given = {key: value for key, value in overrides.items() if value is not None}
    base = SIZES[name]
    if base is None:
        if given:
            raise SizeError(f"size {name!r} is the bundled instance; explicit numbers need a generated size")
        return None
    return dataclasses.replace(base, **given)


def check_size(size: Size, seed: int) -> None:
    """Raise `SizeError` unless `size` and `seed` can make an instance: at least six sites, no more
    owned sites than places to host them, two interventions, one year, and a seed of 0 or more."""
    site_kinds(size.places, size.sites)
    if size.interventions < 2 or size.years < 1:
        raise SizeError("an instance needs at least two interventions and one year")
    if seed < 0:
        raise SizeError(f"the seed must be 0 or more, got {seed}")


def site_kinds(places: int, sites: int) -> dict[str, int]:
    """How many sites of each kind: a few out-of-area providers, about one acute site per six places
    (at most 60% of owned sites), and the rest community and mental-health sites, two of each at least."""
    bought = max(1, round(0.03 * sites))
    owned = sites - bought
    if sites < 6 or owned > places:
        raise SizeError(
            f"{sites} sites cannot serve {places} places: at least 6 sites are needed, and each owned "
            "site stands in a place of its own"
        )
    acute = int(np.clip(round(places / 6), 1, max(1, min(round(0.6 * owned), owned - 4))))
    mental = max(2, round(0.4 * (owned - acute)))
    return {
        "acute": acute,
        "community": owned - acute - mental,
        "mental_health": mental,
        "out_of_area": bought,
    }
