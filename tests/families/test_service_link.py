"""service_link: a site-level intervention runs only where its service is open."""

from optimiser.solvers import solve

from .conftest import row


def test_algebra(model2) -> None:  # type: ignore[no-untyped-def]
    coefficients, _, upper = row(model2, "service_link[ucc_hospital,2021/22]")
    assert coefficients == {
        "scale[ucc_streaming,hospital,2021/22]": 1.0,
        "opened[ucc_hospital,2021/22]": -1000.0,
    }
    assert upper == 0.0


def test_milp_opens_whole_services_only(milp2) -> None:  # type: ignore[no-untyped-def]
    solution = solve(milp2, "cbc")
    value = dict(zip(milp2.column_names, solution.x, strict=True))
    for year in ("2020/21", "2021/22"):
        opened = value[f"opened[ucc_hospital,{year}]"]
        assert opened in (0.0, 1.0)
        assert value[f"scale[ucc_streaming,hospital,{year}]"] <= 1000.0 * opened + 1e-9
