"""service_moves: at most `most_service_moves` services leave the sites that host them today."""

from .conftest import MOST_MOVES, row


def test_algebra(configured_model) -> None:  # type: ignore[no-untyped-def]
    # Hosted today: A&E at the hospital, surgery at the clinic and at the hospital (3 in all).
    coefficients, _, upper = row(configured_model, "service_moves[2021/22]")
    assert coefficients == {
        "hosted[ae,hospital,2021/22]": -1.0,
        "hosted[surgery,clinic,2021/22]": -1.0,
        "hosted[surgery,hospital,2021/22]": -1.0,
    }
    assert upper == MOST_MOVES - 3
