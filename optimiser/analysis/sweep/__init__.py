"""Sensitivity sweeps: scenario overrides, sweep specifications, the warm re-solve engine and its results."""
