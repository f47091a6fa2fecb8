"""patient_choice: each place keeps enough providers of an elective service within its threshold."""

from .conftest import family_rows, row


def test_algebra(configured_model) -> None:  # type: ignore[no-untyped-def]
    # North: the hospital (2 miles) and the out-of-area provider (8) are within 10 miles, the clinic
    # (12) is not, so one provider of the system must stay: 2 − 1 external.
    coefficients, lower, _ = row(configured_model, "patient_choice[north,surgery,2020/21]")
    assert coefficients == {"hosted[surgery,hospital,2020/21]": 1.0} and lower == 1.0
    # South: the hospital (9) and the clinic (3) are within 10 miles, the provider (20) is not.
    coefficients, lower, _ = row(configured_model, "patient_choice[south,surgery,2021/22]")
    assert coefficients == {"hosted[surgery,clinic,2021/22]": 1.0, "hosted[surgery,hospital,2021/22]": 1.0}
    assert lower == 2.0


def test_services_without_choice_have_no_rows(configured_model) -> None:  # type: ignore[no-untyped-def]
    assert not any(",ae," in name for name in family_rows(configured_model, "patient_choice"))
