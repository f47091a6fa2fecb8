"""RESULTS.md: the machine, the tables of one run, and every target as a ratio measured in that run."""

from __future__ import annotations

import datetime
import math
import os
import platform
from importlib import metadata
from pathlib import Path

import numpy as np

from benchmarks.startup import StartupResult, render_startup, target_lines
from benchmarks.suite import SizeResult
from benchmarks.writers import render_writers
from benchmarks.writers import target_lines as writer_target_lines

MEGABYTE = 1024 * 1024
TARGETS = (
    ("Native build ≥ 30× faster than the PuLP build (nhs-england)", "pulp_ratio", 30.0, ">="),
    ("Native build ≥ 30× faster than the Pyomo build (nhs-england)", "pyomo_ratio", 30.0, ">="),
    ("`optimiser solve` ≤ 1.10× the bare CBC binary (nhs-england)", "end_to_end_ratio", 1.10, "<="),
    (
        "Everything but the solver < 10% of `optimiser solve`'s own time (nhs-england)",
        "overhead_share",
        0.10,
        "<",
    ),
    ("Native build peak memory < 1 KB per nonzero (nhs-england)", "bytes_per_nonzero", 1024.0, "<"),
    ("Warm re-solve ≥ 10× faster than a cold rebuild and solve (derbyshire)", "sweep_derbyshire", 10.0, ">="),
    ("Warm re-solve ≥ 10× faster than a cold rebuild and solve (region)", "sweep_region", 10.0, ">="),
    (
        "Build time grows no faster than nonzeros (log-log slope ≤ 1.15, sizes ≥ 50,000 nonzeros)",
        "growth_slope",
        1.15,
        "<=",
    ),
)


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if "model name" in line
        ]
        cpu = names[0] if names else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kilobytes = int(meminfo.read_text().split()[1])
        memory = f", {kilobytes / 1024 / 1024:.0f} GiB memory"
    packages = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("numpy", "scipy", "pandas", "pulp", "pyomo", "highspy", "linopy")
        if _installed(name)
    )
    from optimiser.solvers.cbc import cbc_version

    return [
        f"- Machine: {cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; {packages}; CBC {cbc_version()}",
        f"- Run: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC. Times are the best of the repeats "
        "shown in the registry; memory is the phase's peak traced allocation in a separate run.",
    ]


def _installed(name: str) -> bool:
    try:
        metadata.version(name)
    except metadata.PackageNotFoundError:
        return False
    return True


def _seconds(value: float | None) -> str:
    if value is None or math.isnan(value):
        return "–"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _library_ratio(result: SizeResult, library: str) -> float:
    """The library's build time over the native build timed beside it (the phase table's if not)."""
    native = result.seconds.get(f"{library}_native_build", result.seconds["build"])
    return result.seconds.get(f"{library}_build", math.nan) / native


def ratios(results: dict[str, SizeResult]) -> dict[str, float]:
    """Every target's measured ratio (NaN where its size was not run)."""
    found: dict[str, float] = {}
    national = results.get("nhs-england")
    if national is not None:
        found["pulp_ratio"] = _library_ratio(national, "pulp")
        found["pyomo_ratio"] = _library_ratio(national, "pyomo")
        found["end_to_end_ratio"] = national.seconds["end_to_end"] / national.seconds["bare_cbc"]
        total = national.seconds["end_to_end"]
        found["overhead_share"] = (total - national.seconds.get("end_to_end_solver", math.nan)) / total
        found["bytes_per_nonzero"] = national.peak_bytes.get("build", math.nan) / national.nonzeros
    for name in ("derbyshire", "region"):
        if name in results and "sweep_warm_per_scenario" in results[name].seconds:
            seconds = results[name].seconds
            found[f"sweep_{name}"] = seconds["sweep_cold_per_scenario"] / seconds["sweep_warm_per_scenario"]
    # Below ~50,000 nonzeros a build is mostly fixed cost; the slope is taken over the sizes above.
    sizes = [result for result in results.values() if result.nonzeros >= 50_000]
    if len(sizes) >= 2:
        nonzeros = np.log([result.nonzeros for result in sizes])
        build_seconds = np.log([result.seconds["build"] for result in sizes])
        found["growth_slope"] = float(np.polyfit(nonzeros, build_seconds, 1)[0])
    return found


def _check(value: float, bound: float, kind: str) -> str:
    if math.isnan(value):
        return "not run"
    met = {">=": value >= bound, "<=": value <= bound, "<": value < bound}[kind]
    return "met" if met else "**not met**"


def render(results: dict[str, SizeResult], startup: StartupResult | None = None) -> str:
    lines = [
        "# Benchmark results",
        "",
        "Written by `python -m benchmarks.run`; do not edit by hand.",
        "",
        *machine(),
    ]
    lines += [
        "",
        "## Targets (ratios measured in this run)",
        "",
        "| target | measured | |",
        "| --- | --- | --- |",
    ]
    found = ratios(results)
    for title, key, bound, kind in TARGETS:
        value = found.get(key, math.nan)
        lines.append(f"| {title} | {value:,.2f} | {_check(value, bound, kind)} |")
    lines += writer_target_lines(results)
    if startup is not None:
        lines += target_lines(startup)
    lines += _phase_table(results) + _build_table(results) + _memory_table(results) + _library_table(results)
    lines += _sweep_table(results) + render_writers(results)
    if startup is not None:
        lines += render_startup(startup)
    notes = [f"- {name}: {note}" for name, result in results.items() for note in result.notes]
    if notes:
        lines += ["", "## Notes", "", *notes]
    return "\n".join(lines) + "\n"


def _phase_table(results: dict[str, SizeResult]) -> list[str]:
    lines = [
        "",
        "## Native path, phase by phase (seconds)",
        "",
        "| size | rows | columns | nonzeros | load | build | write MPS | CBC solve | read back | evaluate "
        "| `optimiser solve` | bare CBC | ratio |",
        "| --- |" + " ---: |" * 12,
    ]
    for name, result in results.items():
        seconds = result.seconds
        ratio = seconds.get("end_to_end", math.nan) / seconds.get("bare_cbc", math.nan)
        lines.append(
            f"| {name} | {result.rows:,} | {result.columns:,} | {result.nonzeros:,} | "
            + " | ".join(
                _seconds(seconds.get(phase))
                for phase in (
                    "load",
                    "build",
                    "write_mps",
                    "cbc_solve",
                    "read_back",
                    "evaluate",
                    "end_to_end",
                    "bare_cbc",
                )
            )
            + f" | {ratio:.2f} |"
        )
    return lines


def _build_table(results: dict[str, SizeResult]) -> list[str]:
    lines = [
        "",
        "## Building the same model: native against PuLP, Pyomo and linopy",
        "",
        "| size | nonzeros | native (s) | µs per nonzero | PuLP (s) | × native | Pyomo (s) | × native "
        "| linopy (s) | × native |",
        "| --- |" + " ---: |" * 9,
    ]
    for name, result in results.items():
        build = result.seconds["build"]
        pulp, pyomo = result.seconds.get("pulp_build", math.nan), result.seconds.get("pyomo_build", math.nan)
        lines.append(
            f"| {name} | {result.nonzeros:,} | {_seconds(build)} | {build / result.nonzeros * 1e6:.2f} | "
            f"{_seconds(pulp)} | {_library_ratio(result, 'pulp'):,.0f} | {_seconds(pyomo)} | "
            f"{_library_ratio(result, 'pyomo'):,.0f} | {_seconds(result.seconds.get('linopy_build'))} | "
            f"{_library_ratio(result, 'linopy'):,.0f} |"
        )
    lines += [
        "",
        "Each × is taken against the native build timed again right beside that library's build, so "
        "both see the same load on this shared machine. linopy (a benchmark-only extra, "
        "`pip install -e '.[bench]'`) is built only when it is importable; where it was not, the "
        "notes say so. Its model's optimum is checked against the native solve's at the sizes solved "
        "through the libraries.",
    ]
    return lines


def _memory_table(results: dict[str, SizeResult]) -> list[str]:
    phases = (
        "load",
        "build",
        "write_mps",
        "read_back",
        "evaluate",
        "pulp_build",
        "pyomo_build",
        "linopy_build",
    )
    lines = [
        "",
        "## Peak memory per phase (MB)",
        "",
        "| size | " + " | ".join(phases) + " | build bytes per nonzero |",
        "| --- |" + " ---: |" * (len(phases) + 1),
    ]
    for name, result in results.items():
        cells = [
            f"{result.peak_bytes[phase] / MEGABYTE:,.1f}" if phase in result.peak_bytes else "–"
            for phase in phases
        ]
        per = result.peak_bytes.get("build", math.nan) / max(1, result.nonzeros)
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {per:,.0f} |")
    return lines


def _library_table(results: dict[str, SizeResult]) -> list[str]:
    lines = [
        "",
        "## Solvers and libraries (seconds; objective £m)",
        "",
        "| size | HiGHS pass | HiGHS solve | PuLP build+solve | Pyomo build+solve | linopy build+solve "
        "| CBC objective | largest relative difference |",
        "| --- |" + " ---: |" * 7,
    ]
    for name, result in results.items():
        seconds, objective = result.seconds, result.objective
        values = [objective[key] for key in ("cbc", "highs", "pulp", "pyomo", "linopy") if key in objective]
        spread = (max(values) - min(values)) / max(1.0, abs(values[0])) if values else math.nan
        lines.append(
            f"| {name} | {_seconds(seconds.get('highs_pass'))} | {_seconds(seconds.get('highs_solve'))} | "
            f"{_seconds(seconds.get('pulp_build_and_solve'))} | "
            f"{_seconds(seconds.get('pyomo_build_and_solve'))} | "
            f"{_seconds(seconds.get('linopy_build_and_solve'))} | "
            f"{objective.get('cbc', math.nan):,.4f} | {spread:.1e} |"
        )
    return lines


def _sweep_table(results: dict[str, SizeResult]) -> list[str]:
    swept = {name: result for name, result in results.items() if "sweep_warm_per_scenario" in result.seconds}
    if not swept:
        return []
    lines = [
        "",
        "## Sweeps: the gap moved ±10% (seconds per scenario)",
        "",
        "| size | warm re-solve | cold rebuild + solve | × faster | warm scenarios per second | "
        "largest warm/cold difference |",
        "| --- |" + " ---: |" * 5,
    ]
    for name, result in swept.items():
        warm, cold = result.seconds["sweep_warm_per_scenario"], result.seconds["sweep_cold_per_scenario"]
        lines.append(
            f"| {name} | {warm:.4f} | {cold:.4f} | {cold / warm:,.1f} | {1 / warm:,.0f} | "
            f"{result.objective['sweep_max_relative_difference']:.1e} |"
        )
    return lines
