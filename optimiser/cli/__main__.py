"""`python -m optimiser.cli`: the command line, as the `optimiser` script runs it."""

from optimiser.cli import program

program()
