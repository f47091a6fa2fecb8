"""Standard output as the command line writes it: a rich console that ends quietly on a closed pipe.

Kept apart from `optimiser.cli`, so that importing the command line's package loads no rich.
"""

from __future__ import annotations

from rich.console import Console


class Output(Console):
    """Standard output. rich's own answer to a closed pipe is to exit with status 1; here the
    error goes on to `main`, which ends quietly with the status a tool killed by SIGPIPE has."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError
