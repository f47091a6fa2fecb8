"""Analyses of an instance: solve and check, evaluate a plan, diagnose infeasibility, verify a
results folder (sweeps, comparisons and alternatives come here too)."""
