"""Benchmarks: a registry of sizes, each phase timed apart; `python -m benchmarks.run` writes RESULTS.md."""
