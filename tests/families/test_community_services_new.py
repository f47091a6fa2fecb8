"""community_services_new: a pledged community hospital gains new services by the target year."""

from optimiser.models import build_model
from optimiser.solvers import solve

from .conftest import family_rows, row


def test_algebra(configured_model) -> None:  # type: ignore[no-untyped-def]
    assert family_rows(configured_model, "community_services_new") == ["community_services_new[clinic]"]
    coefficients, lower, _ = row(configured_model, "community_services_new[clinic]")
    # A&E is the one service the clinic does not host today; the target year is 2021/22.
    assert coefficients == {"hosted[ae,clinic,2021/22]": 1.0} and lower == 1.0


def test_the_pledge_opens_a_service_the_cost_alone_would_not(configured) -> None:  # type: ignore[no-untyped-def]
    def clinic_ae(without: tuple[str, ...]) -> float:
        model = build_model(configured, without=without)
        solution = solve(model, "cbc")
        return round(
            float(dict(zip(model.column_names, solution.x, strict=True))["hosted[ae,clinic,2021/22]"])
        )

    # A&E at the clinic costs £0.5m a year and £2m of capital, and the hospital has room for all
    # 600 attendances: only the pledge opens it.
    assert clinic_ae(()) == 1.0
    assert clinic_ae(("community_services_new",)) == 0.0
