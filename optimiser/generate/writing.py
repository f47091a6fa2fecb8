"""Generating an instance end to end, and writing it (or the bundled Derbyshire one) to a folder."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import tomli_w

from optimiser.generate.calibrate import calibrate_instance
from optimiser.generate.catalogue import draw_catalogue
from optimiser.generate.sizes import DERBYSHIRE, Size, check_size, resolve_size, site_kinds
from optimiser.generate.world import base_tables, draw_world
from optimiser.instance.container import Instance
from optimiser.instance.load import CONFIG_FILE, load_instance
from optimiser.instance.schema import TABLE_SPECS
from optimiser.instance.write import write_folder


def generate_instance(
    places: int, sites: int, interventions: int, years: int, seed: int
) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """The instance.toml document and the 17 tables of a seeded synthetic instance.

    Raises `SizeError` when the sizes cannot make an instance (see `check_size`).
    """
    size = Size(places, sites, interventions, years)
    check_size(size, seed)
    rng = np.random.default_rng(seed)
    world = draw_world(rng, places, site_kinds(places, sites), years)
    tables = base_tables(rng, world)
    tables.update(draw_catalogue(rng, world, tables, interventions))
    return calibrate_instance(world, tables, size, seed)


def write_generated(
    out_dir: str | Path, places: int, sites: int, interventions: int, years: int, seed: int
) -> Path:
    """Generate an instance and write it to `out_dir` in canonical form (validated on the way)."""
    write_instance(out_dir, Size(places, sites, interventions, years), seed)
    return Path(out_dir)


def write_instance(out_dir: str | Path, size: Size | None, seed: int) -> Instance:
    """Write a generated instance of `size` (or the real Derbyshire one for `None`) and return it loaded.

    The raw tables are written first, then loaded through the validator and written again by
    `write_folder`, so the folder holds exactly what the validator accepted, in canonical form.
    """
    folder = Path(out_dir)
    if size is None:
        instance = load_instance(DERBYSHIRE)
    else:
        document, tables = generate_instance(size.places, size.sites, size.interventions, size.years, seed)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / CONFIG_FILE).write_text(tomli_w.dumps(document), encoding="utf-8")
        for name, frame in tables.items():
            frame.to_csv(folder / TABLE_SPECS[name].file_name, index=False, lineterminator="\n")
        instance = load_instance(folder)
    write_folder(instance, folder)
    return dataclasses.replace(instance, path=str(folder))


def write_generated_size(name: str, seed: int, target: Path) -> Path:
    """Write the named size of `SIZES` into `target` and return `target`.

    A generated size is drawn from `seed`; `derbyshire` is the bundled instance in canonical form (the
    seed is then unused), exactly as `optimiser generate --size NAME` writes it. Raises `SizeError` for
    a name that is not in `SIZES`.
    """
    write_instance(target, resolve_size(name), seed)
    return Path(target)
