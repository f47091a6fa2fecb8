"""Fuzzing the Burton–Derby service configuration: its tables (clinical services, the sites that
can host them, their demand, travel, shared services) are empty in `tiny`, so the mutations of
`test_fuzz_instances.py` never reach their checks. Here they mutate `burton-derby-2017`'s own rows,
cells taking the instance's own ids as well as awkward values, so that a reference can point at
another valid row (a service moved to a site that cannot host it, a pledge on a service of
another site).

Each case ends in a valid load or an `InstanceError` whose message has one line per problem, each
naming its file; never another exception. A mutated instance that loads must also build its model:
validation is the boundary the model trusts.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from optimiser.instance.container import Instance
from optimiser.instance.load import build_instance, read_folder
from optimiser.instance.schema import TABLES, TableSpec
from optimiser.models import build_model

from .conftest import INSTANCES
from .fuzz_mutations import table_edits
from .test_fuzz_instances import fuzz, load_or_report, typed_or_refused

BURTON = INSTANCES / "burton-derby-2017"
DOCUMENT, RAW, LABELS, LOCATE = read_folder(BURTON)
CONFIG_LABEL = str(BURTON / "instance.toml")
#: The tables Burton–Derby fills: the service configuration and the sites, places and beds it sits on.
FILLED = tuple(spec for spec in TABLES if len(RAW[spec.name]))
#: Every id-like cell of the instance (lower case, digits and underscores), for edits that swap one
#: valid reference for another.
IDS = tuple(
    sorted(
        {
            value
            for frame in RAW.values()
            for value in frame.to_numpy().ravel().tolist()
            if isinstance(value, str) and re.fullmatch(r"[a-z][a-z0-9_]*", value)
        }
    )
)


def test_the_cases_reach_the_configuration_tables() -> None:
    """What this module is for: the tables `tiny` leaves empty are filled here, with ids to swap."""
    names = {spec.name for spec in FILLED}
    assert {"clinical_services", "service_sites", "service_demand", "travel", "shared_services"} <= names
    assert len(IDS) > 20


@fuzz(300)
@given(spec=st.sampled_from(FILLED), edits=st.lists(table_edits(IDS), min_size=1, max_size=3))
def test_a_mutated_configuration_table_is_typed_or_refused(spec: TableSpec, edits: list[Any]) -> None:
    typed_or_refused(spec, RAW[spec.name], edits, LABELS[spec.name])


@fuzz(120)
@given(changes=st.lists(st.tuples(st.sampled_from(FILLED), table_edits(IDS)), min_size=1, max_size=3))
def test_a_mutated_burton_derby_loads_and_builds_or_is_refused(changes: list[tuple[TableSpec, Any]]) -> None:
    raw = dict(RAW)
    for spec, edit in changes:
        raw[spec.name] = edit(raw[spec.name])
    files = {*LABELS.values(), CONFIG_LABEL}
    instance = load_or_report(lambda: build_instance(str(BURTON), DOCUMENT, raw, LABELS, LOCATE), files)
    if isinstance(instance, Instance):
        model = build_model(instance, "min-cost")
        assert model.shape[1] > 0
