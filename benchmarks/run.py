"""Run the benchmarks and write benchmarks/RESULTS.md.

python -m benchmarks.run                       # every size, writes benchmarks/RESULTS.md
python -m benchmarks.run --sizes small,derbyshire --out /tmp/results.md
python -m benchmarks.run --smoke               # the smallest size only (CI)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from benchmarks.linopy_build import LINOPY_MISSING, linopy_available
from benchmarks.registry import DEFAULT_ORDER, ROOT, SIZES
from benchmarks.report import render
from benchmarks.startup import measure_startup
from benchmarks.suite import SizeResult, run_size

RESULTS = ROOT / "benchmarks" / "RESULTS.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(DEFAULT_ORDER), help="comma-separated sizes to run")
    parser.add_argument("--smoke", action="store_true", help="run only the sizes tagged smoke (for CI)")
    parser.add_argument(
        "--out", default=None, help="where to write the results (default: benchmarks/RESULTS.md)"
    )
    arguments = parser.parse_args(argv)
    names = (
        [name for name, size in SIZES.items() if "smoke" in size.tags]
        if arguments.smoke
        else (arguments.sizes.split(","))
    )
    unknown = [name for name in names if name not in SIZES]
    if unknown:
        parser.error(f"unknown size {unknown[0]!r}; known: {', '.join(SIZES)}")
    print("linopy anchor: built beside PuLP and Pyomo" if linopy_available() else LINOPY_MISSING, flush=True)
    results: dict[str, SizeResult] = {}
    for name in names:
        started = time.perf_counter()
        print(f"{name}: running…", flush=True)
        results[name] = run_size(SIZES[name])
        print(f"{name}: done in {time.perf_counter() - started:.1f} s", flush=True)
    print("start-up: running…", flush=True)
    startup = measure_startup(rounds=3 if arguments.smoke else 9)
    out = Path(arguments.out) if arguments.out else (None if arguments.smoke else RESULTS)
    text = render(results, startup)
    if out is not None:
        out.write_text(text, encoding="utf-8")
        print(f"Wrote {out}")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
