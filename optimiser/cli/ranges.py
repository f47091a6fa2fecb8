"""`optimiser ranges`: HiGHS ranging of costs and binding limits, in plain units."""

from optimiser.cli.sweep import ranges as run

__all__ = ["run"]
