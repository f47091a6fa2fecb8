"""Seeded synthetic instances for benchmarking, from a handful of places to national scale.

`generate_instance(places, sites, interventions, years, seed)` draws a system on a random map:
places of 30k-100k people, hospitals standing in some of them (acute, community and mental-health
sites) and out-of-area providers at the edge of the map. Each place sends its bed-days in a setting
to the two to four nearest sites that hold such beds. Demand follows population; a catalogue of
place-level care interventions (each running in 60-100% of places), a few system-wide efficiency
schemes and (from four interventions) one site-level urgent care service gated by services make up
the plan, `planned`, which ramps every intervention up to about two thirds of its eligible scale by
the target year.

The limits are then set from the plan's own evaluation, so that the plan breaks none of them but
has little slack: a gap in every year the plan nets a saving, 95% of that year's net saving; bed
targets the plan's beds plus 0.5%; capital budgets its yearly capital plus 5%; 30% of each place's
target-year staff need available and hiring limited to the plan's largest yearly hiring plus a tenth.
Fixed contributions (other schemes' saving and a committed IT programme's cost and capital, sized
from the plan's net saving) enter the net saving and capital the gap and budgets are set from, and
commitments floor two interventions at 90% of the plan's scale in every year (`committed`). All of
these are benchmark-only, and their sources say so. The random draws come from
`numpy.random.default_rng(seed)` by vectorised operations, so the same arguments give
byte-identical files.

The package is split by responsibility: `sizes` (named sizes and their checks), `parameters` (the
fixed settings, cohorts, staff groups and margins), `world` (places, sites, the map, catchments and
demand), `parts`, `care` and `catalogue` (interventions, effects, eligibility and the plan),
`calibrate` (beds, staff and limits from the plan's evaluation), `committed` (fixed contributions
and commitments) and `writing` (the whole pipeline
and the folders it writes).
"""

from __future__ import annotations

from optimiser.generate.parameters import PLAN
from optimiser.generate.sizes import DERBYSHIRE, SIZES, Size, SizeError, check_size, resolve_size, site_kinds
from optimiser.generate.writing import (
    generate_instance,
    write_generated,
    write_generated_size,
    write_instance,
)

__all__ = [
    "DERBYSHIRE",
    "PLAN",
    "SIZES",
    "Size",
    "SizeError",
    "check_size",
    "generate_instance",
    "resolve_size",
    "site_kinds",
    "write_generated",
    "write_generated_size",
    "write_instance",
]
