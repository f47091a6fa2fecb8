"""`tiny2`: tiny over two years, with capital, an investment band, an equity floor and a site service.

Built from instances/tiny by editing a copy, so every family has rows small enough to check by hand:
year 2 grows acute demand by 10%; step_up needs £1,000 of capital a unit; a co-located urgent care
centre (service `ucc_hospital`, £2m capital) makes `ucc_streaming` possible at the hospital.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pandas as pd
import pytest
import tomli_w

from optimiser.instance.container import Instance
from optimiser.instance.load import load_instance
from optimiser.linear import LinearModel
from optimiser.models import build_model

TINY = Path(__file__).resolve().parents[2] / "instances" / "tiny"
SOURCE = "assumption: test instance"
YEARS = ("2020/21", "2021/22")


def _append(folder: Path, table: str, rows: list[dict[str, object]]) -> None:
    frame = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
    extra = pd.DataFrame(rows).astype(str)
    pd.concat([frame, extra], ignore_index=True).to_csv(folder / f"{table}.csv", index=False)


def make_tiny2(folder: Path) -> Path:
    target = Path(shutil.copytree(TINY, folder / "tiny2"))
    document = tomllib.loads((target / "instance.toml").read_text())
    document["years"] = list(YEARS)
    document["target_year"] = "2021/22"
    document["gap"] = [{"year": "2021/22", "amount_gbpm": 1.0, "source": SOURCE}]
    document["bed_targets"] = [{"setting": "acute", "year": "2021/22", "beds": 120.0, "source": SOURCE}]
    document["capital"] = [{"year": year, "budget_gbpm": 3.0, "source": SOURCE} for year in YEARS]
    document["parameters"]["capital_charge_rate"]["value"] = 0.1
    document["investment_band"] = {
        "min_gbpm": 0.1,
        "max_gbpm": 1.0,
        "priorities": ["urgent_care"],
        "year": "2021/22",
        "source": SOURCE,
    }
    document["equity_floor"] = {"share": 0.5, "source": SOURCE}
    (target / "instance.toml").write_text(tomli_w.dumps(document))
    _append(
        target,
        "growth",
        [
            {"measure": "acute", "year": "2021/22", "index": 1.1, "source": SOURCE},
            {"measure": "admissions", "year": "2021/22", "index": 1.0, "source": SOURCE},
        ],
    )
    _append(
        target,
        "interventions",
        [
            {
                "intervention": "ucc_streaming",
                "name": "UCC streaming",
                "priority": "urgent_care",
                "level": "site",
                "scale_unit": "admissions avoided",
                "ramp_limit": 0.5,
                "bridge": "urgent_care",
                "source": SOURCE,
            }
        ],
    )
    _append(
        target,
        "effects",
        [
            {
                "intervention": "step_up",
                "effect": "capital",
                "key": "",
                "value": 1000,
                "unit": "GBP",
                "source": SOURCE,
            },
            {
                "intervention": "ucc_streaming",
                "effect": "bed_days_avoided",
                "key": "acute",
                "value": 3.65,
                "unit": "bed-days",
                "source": SOURCE,
            },
            {
                "intervention": "ucc_streaming",
                "effect": "admissions_avoided",
                "key": "frail",
                "value": 1,
                "unit": "admissions",
                "source": SOURCE,
            },
            {
                "intervention": "ucc_streaming",
                "effect": "revenue_cost",
                "key": "",
                "value": 200,
                "unit": "GBP",
                "source": SOURCE,
            },
            {
                "intervention": "ucc_streaming",
                "effect": "wte",
                "key": "nursing",
                "value": 0.001,
                "unit": "WTE",
                "source": SOURCE,
            },
        ],
    )
    _append(
        target,
        "eligibility",
        [
            {
                "intervention": "ucc_streaming",
                "location": "hospital",
                "min_scale": 0,
                "max_scale": 1000,
                "source": SOURCE,
            }
        ],
    )
    plan = pd.read_csv(target / "planned_mix.csv")
    second = plan.assign(year="2021/22")
    pd.concat([plan, second], ignore_index=True).to_csv(target / "planned_mix.csv", index=False)
    services = pd.DataFrame(
        [
            {
                "service": "ucc_hospital",
                "site": "hospital",
                "intervention": "ucc_streaming",
                "fixed_capital_gbp": 2_000_000,
                "source": SOURCE,
            }
        ]
    )
    services.to_csv(target / "services.csv", index=False)
    return target


#: Recruitment and redeployment cost per nursing WTE (£) in the costed variants.
RECRUITMENT_GBP, REDEPLOYMENT_GBP = 5000, 2000


def with_staff_costs(folder: Path, recruitment: float, redeployment: float) -> Path:
    """The instance in `folder` with nursing's recruitment and redeployment cost per WTE set."""
    groups = pd.read_csv(folder / "staff_groups.csv", dtype=str, keep_default_na=False)
    groups["recruitment_cost_gbp_per_wte"] = str(recruitment)
    groups["redeployment_cost_gbp_per_wte"] = str(redeployment)
    groups.to_csv(folder / "staff_groups.csv", index=False)
    return folder


@pytest.fixture(scope="session")
def costed2(tmp_path_factory: pytest.TempPathFactory) -> LinearModel:
    """tiny2's min-cost model with nursing costing £5,000 a WTE to recruit and £2,000 to redeploy."""
    folder = make_tiny2(tmp_path_factory.mktemp("costed"))
    return build_model(load_instance(with_staff_costs(folder, RECRUITMENT_GBP, REDEPLOYMENT_GBP)))


@pytest.fixture(scope="session")
def tiny2(tmp_path_factory: pytest.TempPathFactory) -> Instance:
    return load_instance(make_tiny2(tmp_path_factory.mktemp("families")))


@pytest.fixture(scope="session")
def model2(tiny2: Instance) -> LinearModel:
    return build_model(tiny2, "min-cost")


@pytest.fixture(scope="session")
def milp2(tiny2: Instance) -> LinearModel:
    return build_model(tiny2, "min-cost", integer=True)


def variant(
    folder: Path,
    config: dict[str, object] | None = None,
    tables: dict[str, list[dict[str, object]]] | None = None,
) -> Instance:
    """tiny2 with `config` merged into its instance.toml and `tables`' rows appended."""
    target = make_tiny2(folder)
    document = tomllib.loads((target / "instance.toml").read_text())
    document.update(config or {})
    (target / "instance.toml").write_text(tomli_w.dumps(document))
    for table, rows in (tables or {}).items():
        _append(target, table, rows)
    return load_instance(target)


def row(model: LinearModel, name: str) -> tuple[dict[str, float], float, float]:
    """A row's nonzero coefficients by column name, and its lower and upper bounds."""
    position = model.row(name)
    start, stop = model.matrix.indptr[position], model.matrix.indptr[position + 1]
    coefficients = {
        str(model.column_names[column]): float(value)
        for column, value in zip(model.matrix.indices[start:stop], model.matrix.data[start:stop], strict=True)
    }
    return coefficients, float(model.row_lower[position]), float(model.row_upper[position])


def family_rows(model: LinearModel, family: str) -> list[str]:
    chosen = model.constraints[family]
    return [str(name) for name in model.row_names[chosen.start : chosen.stop]]


#: The service configuration added to tiny2 (`configured`): A&E and surgery at the hospital and a
#: clinic in the south, patients choosing surgery with the out-of-area provider counting, one
#: shared finance function. Every family of the configuration has rows small enough to check by hand.
CONFIGURATION_TABLES: dict[str, list[dict[str, object]]] = {
    "sites": [
        {"site": "clinic", "name": "Clinic", "kind": "community", "host_place": "south", "source": SOURCE}
    ],
    "clinical_services": [
        {
            "service": "ae",
            "name": "A&E",
            "elective": "false",
            "specialised": "false",
            "activity_unit": "attendances",
            "min_volume": 0,
            "choice_providers": 0,
            "choice_miles": 0,
            "source": SOURCE,
        },
        {
            "service": "surgery",
            "name": "Surgery",
            "elective": "true",
            "specialised": "true",
            "activity_unit": "spells",
            "min_volume": 100,
            "choice_providers": 2,
            "choice_miles": 10,
            "source": SOURCE,
        },
    ],
    "service_sites": [
        {
            "service": "ae",
            "site": "hospital",
            "hosted_today": "true",
            "capacity": 1000,
            "fixed_cost_gbp_per_year": 1_000_000,
            "unit_cost_gbp": 100,
            "capital_gbp": 0,
            "pledge": "dgh",
            "source": SOURCE,
        },
        {
            "service": "ae",
            "site": "clinic",
            "hosted_today": "false",
            "capacity": 500,
            "fixed_cost_gbp_per_year": 500_000,
            "unit_cost_gbp": 100,
            "capital_gbp": 2_000_000,
            "pledge": "",
            "source": SOURCE,
        },
        {
            "service": "surgery",
            "site": "hospital",
            "hosted_today": "true",
            "capacity": 1000,
            "fixed_cost_gbp_per_year": 2_000_000,
            "unit_cost_gbp": 1000,
            "capital_gbp": 0,
            "pledge": "specialised",
            "source": SOURCE,
        },
        {
            "service": "surgery",
            "site": "clinic",
            "hosted_today": "true",
            "capacity": 300,
            "fixed_cost_gbp_per_year": 1_000_000,
            "unit_cost_gbp": 1000,
            "capital_gbp": 0,
            "pledge": "",
            "source": SOURCE,
        },
        {
            "service": "surgery",
            "site": "bought",
            "hosted_today": "true",
            "capacity": 0,
            "fixed_cost_gbp_per_year": 0,
            "unit_cost_gbp": 0,
            "capital_gbp": 0,
            "pledge": "",
            "source": SOURCE,
        },
    ],
    "service_demand": [
        {"place": "north", "service": "ae", "activity": 400, "source": SOURCE},
        {"place": "south", "service": "ae", "activity": 200, "source": SOURCE},
        {"place": "north", "service": "surgery", "activity": 300, "source": SOURCE},
        {"place": "south", "service": "surgery", "activity": 100, "source": SOURCE},
    ],
    "travel": [
        {"place": place, "site": site, "miles": miles, "source": SOURCE}
        for place, site, miles in (
            ("north", "hospital", 2),
            ("north", "clinic", 12),
            ("north", "bought", 8),
            ("south", "hospital", 9),
            ("south", "clinic", 3),
            ("south", "bought", 20),
        )
    ],
    "configuration_sites": [
        {
            "site": "hospital",
            "county": "north_county",
            "county_keeps_services": "false",
            "new_services": 0,
            "source": SOURCE,
        },
        {
            "site": "clinic",
            "county": "south_county",
            "county_keeps_services": "true",
            "new_services": 1,
            "source": SOURCE,
        },
    ],
    "shared_services": [
        {
            "function": "finance",
            "name": "Finance",
            "cost_gbp_per_year": 1_000_000,
            "saving_share": 0.2,
            "staff_wte": 20,
            "released_wte": 4,
            "turnover_share": 0.05,
            "source": SOURCE,
        },
    ],
}
#: £ per patient-mile and the most services that may move, in the configured variant.
TRAVEL_GBP_PER_MILE, MOST_MOVES = 0.45, 1.0


def make_configured(folder: Path) -> Path:
    """tiny2 with the service configuration above (`CONFIGURATION_TABLES`)."""
    target = make_tiny2(folder)
    document = tomllib.loads((target / "instance.toml").read_text())
    document["parameters"]["travel_cost_gbp_per_patient_mile"] = {
        "value": TRAVEL_GBP_PER_MILE,
        "source": SOURCE,
    }
    document["parameters"]["most_service_moves"] = {"value": MOST_MOVES, "source": SOURCE}
    (target / "instance.toml").write_text(tomli_w.dumps(document))
    for table, rows in CONFIGURATION_TABLES.items():
        if (target / f"{table}.csv").exists():
            _append(target, table, rows)
        else:
            pd.DataFrame(rows).astype(str).to_csv(target / f"{table}.csv", index=False)
    return target


@pytest.fixture(scope="session")
def configured(tmp_path_factory: pytest.TempPathFactory) -> Instance:
    return load_instance(make_configured(tmp_path_factory.mktemp("configured")))


@pytest.fixture(scope="session")
def configured_model(configured: Instance) -> LinearModel:
    return build_model(configured, "min-cost")
