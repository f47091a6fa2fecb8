"""NHS planning optimiser: choose care interventions, beds, staff and capital by linear programming.

The package is split in two: `optimiser.models` (the formulation, shipped from the repository's
`models/` folder) says *what* the planning problem is; everything else here (instance I/O and
validation, the sparse matrix, evaluation, solving, results, the command line) says *how* it is
read, built, solved and reported.
"""

__version__ = "0.1.0"
