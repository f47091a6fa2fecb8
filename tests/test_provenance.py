"""Every instance value carries a source, and every seed citation points at the seed's own figure."""

from __future__ import annotations

import filecmp
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from optimiser.instance.container import Instance
from optimiser.instance.schema import TABLES
from optimiser.instance.sources import check_source, cited_lines, is_assumption

ROOT = Path(__file__).resolve().parent.parent
DERBYSHIRE = ROOT / "instances" / "derbyshire-stp-2016"
SEED = DERBYSHIRE / "sources" / "004_9ddaced4f87d5ec2.txt"
#: The seed is PDF text with flattened tables: a figure may sit a few lines from where it is cited.
LINE_WINDOW = 3


def _all_sources(instance: Instance) -> list[str]:
    sources = []
    for spec in TABLES:
        table = instance.table(spec.name)
        for column in [c for c in table.columns if c == "source" or c.startswith("source_")]:
            sources.extend(value for value in table[column].dropna().unique() if value)
    config = instance.config
    sources += [entry.source for entry in (*config.gap, *config.bed_targets, *config.capital)]
    sources.append(config.parameters.capital_charge_rate.source)
    sources.append(config.parameters.discount_rate.source)
    if config.parameters.safe_occupancy is not None:
        sources.append(config.parameters.safe_occupancy.source)
    if config.investment_band is not None:
        sources.append(config.investment_band.source)
    return sources


def test_every_derbyshire_citation_points_at_a_seed_line(derbyshire: Instance) -> None:
    length = len(SEED.read_text(encoding="utf-8").splitlines())
    citations = [cite for source in _all_sources(derbyshire) for cite in cited_lines(source)]
    assert citations, "the instance cites the seed"
    for file, first, last in citations:
        assert file == SEED.name
        assert 1 <= first <= last <= length, (file, first, last)


def test_every_source_is_a_citation_or_an_assumption(derbyshire: Instance, tiny: Instance) -> None:
    for instance in (derbyshire, tiny):
        for source in _all_sources(instance):
            assert check_source(source) is None, source
    assert all(is_assumption(source) for source in _all_sources(tiny))


def _seed_facts() -> object:
    path = DERBYSHIRE / "calibration" / "seed_facts.py"
    spec = importlib.util.spec_from_file_location("seed_facts", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _facts(value: object) -> list[tuple[float, int]]:
    """Every (figure, line) pair in a seed_facts constant, however it is nested."""
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], int) and value[1] > 100:
        figure = value[0]
        if isinstance(figure, int | float):
            return [(float(figure), value[1])]
        if isinstance(figure, tuple) and figure and isinstance(figure[0], int | float):
            return [(float(figure[0]), value[1])]
        if isinstance(figure, dict):
            return [
                (float(item), value[1]) for item in figure.values() if isinstance(item, int | float) and item
            ]
    if isinstance(value, dict):
        return [fact for item in value.values() for fact in _facts(item)]
    if (
        isinstance(value, tuple)
        and len(value) == 3
        and isinstance(value[2], int)
        and isinstance(value[1], float)
    ):
        return [(value[1], value[2])]
    return []


def _spellings(figure: float) -> set[str]:
    """How the seed may print a figure: 15,288 / 10.6 / 3.0k / 50% / £219m."""
    spellings = {f"{figure:g}", f"{figure:,.0f}" if figure.is_integer() else f"{figure:,}"}
    if figure < 1:
        spellings |= {f"{figure * 100:g}%", f"{round(figure * 100):g}%"}
    if figure < 100 and not figure.is_integer():
        spellings |= {f"{figure}k", f"{figure:.1f}"}
    if figure.is_integer() and figure >= 1000:
        spellings.add(f"{figure / 1000:g}k")
    return spellings


def test_seed_facts_are_where_they_are_cited() -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    module = _seed_facts()
    checked = 0
    for name in dir(module):
        if not name.isupper():
            continue
        for figure, line in _facts(getattr(module, name)):
            window = " ".join(lines[max(0, line - 1 - LINE_WINDOW) : line + LINE_WINDOW])
            assert any(spelling in window for spelling in _spellings(figure)), (name, figure, line)
            checked += 1
    assert checked >= 60


#: OpenBLAS kernels the calibration must agree under, with the CPU flag each needs and the names
#: OpenBLAS reports for it (its Zen kernel reuses the Haswell code and says so).
KERNELS = {
    "Haswell": ("avx2", {"Haswell"}),
    "Zen": ("avx2", {"Zen", "Haswell"}),
    "SkylakeX": ("avx512f", {"SkylakeX"}),
}

#: Reads the name of the kernel OpenBLAS chose, from the library numpy loaded (its symbols carry a
#: prefix and suffix in numpy's wheels); prints nothing where the library does not say.
CORENAME = """
import ctypes, numpy
paths = [line.split()[-1] for line in open('/proc/self/maps') if 'openblas' in line.lower()]
library = ctypes.CDLL(paths[0]) if paths else None
for symbol in ('scipy_openblas_get_corename64_', 'openblas_get_corename'):
    function = getattr(library, symbol, None) if library else None
    if function is not None:
        function.restype = ctypes.c_char_p
        print(function().decode())
        break
"""


def _cpu_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return set()
    return {flag for line in text.splitlines() if line.startswith("flags") for flag in line.split()[2:]}


@pytest.mark.slow
@pytest.mark.parametrize("kernel", sorted(KERNELS))
def test_calibration_regenerates_the_shipped_tables(kernel: str, tmp_path: Path) -> None:
    """Each kernel in its own process, because OpenBLAS reads the variable when numpy loads."""
    flag, names = KERNELS[kernel]
    if flag not in _cpu_flags():
        pytest.skip(f"this processor lacks {flag}, which OpenBLAS's {kernel} kernel needs")
    environment = {**os.environ, "OPENBLAS_CORETYPE": kernel}
    taken = subprocess.run(
        [sys.executable, "-c", CORENAME], capture_output=True, text=True, check=True, env=environment
    ).stdout.strip()
    assert not taken or taken in names, (kernel, taken)
    script = DERBYSHIRE / "calibration" / "calibrate.py"
    result = subprocess.run(
        [sys.executable, str(script), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    shipped = sorted(path.name for path in DERBYSHIRE.iterdir() if path.suffix in {".csv", ".toml"})
    regenerated = sorted(path.name for path in tmp_path.iterdir())
    assert regenerated == shipped
    _, mismatch, errors = filecmp.cmpfiles(DERBYSHIRE, tmp_path, shipped, shallow=False)
    assert not mismatch and not errors, (mismatch, errors)
