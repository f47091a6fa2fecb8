"""The README's Python example runs as written, and the public names load on first use."""

from __future__ import annotations

import re
import subprocess
import sys

import optimiser

from .conftest import ROOT


def _readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Python API") :]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match is not None
    return match.group(1)


def test_the_readme_example_runs(capsys) -> None:  # type: ignore[no-untyped-def]
    exec(compile(_readme_example(), "README.md", "exec"), {})
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("min-cost £")
    assert lines[1] == "the plan breaks 0 limits"
    # A larger gap never costs less, and dropping a limit never costs more.
    assert lines[2].startswith("£10m more gap costs £") and "£-" not in lines[2]
    assert lines[3].startswith("the commitments cost £") and "£-" not in lines[3]
    assert lines[3] != "the commitments cost £0.00m"


def test_every_public_name_loads() -> None:
    for name in optimiser.__all__:
        assert getattr(optimiser, name) is not None, name


def test_importing_the_package_loads_none_of_the_model() -> None:
    """`import optimiser` stays cheap: pandas, numpy and the solvers load only when used."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, optimiser; print(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert not {"pandas", "numpy", "highspy", "optimiser.models"} & set(loaded)
