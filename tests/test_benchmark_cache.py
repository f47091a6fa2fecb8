"""The benchmarks' cache of generated instances is keyed by everything that shapes an instance, so a
stale one is never used: a change to the generator's code, the size, the seed or the libraries gives
a new key, and an entry under an old key is removed once the new one is written."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the benchmarks are a folder of the checkout, not an installed package

from benchmarks import registry  # noqa: E402


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_source_digest_follows_every_module(tmp_path: Path) -> None:
    root = _tree(tmp_path / "optimiser", {"a.py": "A = 1\n", "generate/b.py": "B = 2\n", "notes.txt": "x"})
    before = registry.source_digest([root])
    assert registry.source_digest([root]) == before
    (root / "notes.txt").write_text("y", encoding="utf-8")
    assert registry.source_digest([root]) == before  # only code counts
    (root / "generate" / "b.py").write_text("B = 3\n", encoding="utf-8")
    changed = registry.source_digest([root])
    assert changed != before
    (root / "generate" / "c.py").write_text("", encoding="utf-8")
    assert registry.source_digest([root]) != changed


def test_cache_key_follows_size_seed_and_code(monkeypatch: pytest.MonkeyPatch) -> None:
    key = registry.cache_key("small", registry.SEED)
    assert key == registry.cache_key("small", registry.SEED)
    assert key != registry.cache_key("small", registry.SEED + 1)
    assert key != registry.cache_key("region", registry.SEED)
    monkeypatch.setattr(registry, "source_digest", lambda roots: "edited")
    assert key != registry.cache_key("small", registry.SEED)


def test_the_key_covers_the_generator_and_the_instance_writer() -> None:
    import optimiser.generate
    import optimiser.instance.write

    roots = [root.resolve() for root in registry.source_roots()]
    generator = sorted(Path(optimiser.generate.__file__).parent.glob("*.py"))
    assert generator, "the generator's sources were not found"
    shaping = [*generator, Path(optimiser.instance.write.__file__)]
    for path in shaping:
        assert any(path.resolve().is_relative_to(root) for root in roots), path


@pytest.mark.parametrize("edited", ["generate/world.py", "generate/calibrate.py", "instance/write.py"])
def test_an_edit_to_a_generator_source_changes_the_key(tmp_path: Path, edited: str) -> None:
    # A copy of the real sources, so that the edit is to the very files the key reads.
    roots = []
    for root in registry.source_roots():
        roots.append(tmp_path / root.name)
        shutil.copytree(root, roots[-1], ignore=shutil.ignore_patterns("__pycache__"))
    key = registry.cache_key("small", registry.SEED, roots)
    assert key == registry.cache_key("small", registry.SEED)  # the copy keys as the original
    with (roots[0] / edited).open("a", encoding="utf-8") as source:
        source.write("\n# An edit that changes no behaviour still changes the key.\n")
    assert registry.cache_key("small", registry.SEED, roots) != key


def test_a_stale_entry_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[Path] = []

    def write(name: str, seed: int, target: Path) -> Path:
        written.append(target)
        return _tree(target, {"instance.toml": f"{name} {seed}\n"})

    monkeypatch.setattr(registry, "CACHE", tmp_path)
    monkeypatch.setattr("optimiser.generate.write_generated_size", write)
    stem = f"small-{registry.SEED}"
    _tree(tmp_path / stem, {"instance.toml": "old, unkeyed\n"})
    _tree(tmp_path / f"{stem}-0123456789abcdef", {"instance.toml": "old, keyed\n"})
    _tree(tmp_path / f"region-{registry.SEED}-0123456789abcdef", {"instance.toml": "another size\n"})
    monkeypatch.setattr(registry, "cache_key", lambda name, seed: "fedcba9876543210")
    path = registry.instance_path(registry.SIZES["small"])
    assert path == tmp_path / f"{stem}-fedcba9876543210"
    assert (path / "instance.toml").read_text(encoding="utf-8") == f"small {registry.SEED}\n"
    assert sorted(folder.name for folder in tmp_path.iterdir()) == sorted(
        [path.name, f"region-{registry.SEED}-0123456789abcdef"]
    )
    assert registry.instance_path(registry.SIZES["small"]) == path and len(written) == 1
    monkeypatch.setattr(registry, "cache_key", lambda name, seed: "aaaaaaaaaaaaaaaa")
    fresh = registry.instance_path(registry.SIZES["small"])
    assert len(written) == 2 and not path.exists() and fresh.exists()
