"""`python -m optimiser.cli`: the command line, as the `optimiser` script runs it."""

import sys

from optimiser.cli import main

sys.exit(main())
