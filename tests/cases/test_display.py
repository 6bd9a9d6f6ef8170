import datetime as dt
from decimal import Decimal

import pytest

from cases.display import display_value, field_label
from cases.models import Case


def _case(**values) -> Case:
    return Case(**values)  # unsaved: display reads attributes only


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("histology", "atypical", "Carcinoïde atypique (CA)"),
        ("necrosis", True, "Oui"),
        ("necrosis", False, "Non"),
        ("ki67_percent", Decimal("12.50"), "12,5"),
        ("mitoses_per_2mm2", Decimal("10.0"), "10"),
        ("surgery_date", dt.date(2025, 3, 3), "03/03/2025"),
        ("planned_procedures", ["liver_surgery", "prrt"], "Chirurgie hépatique, RIV (Lutathera®)"),
        ("contraindications", ["everolimus"], "Évérolimus (Afinitor®)"),
        ("referring_physician", "Dr Fictif", "Dr Fictif"),
    ],
)
def test_display_value(name, value, expected):
    assert display_value(_case(**{name: value}), name) == expected


@pytest.mark.parametrize(
    ("name", "value"), [("necrosis", None), ("histology", ""), ("planned_procedures", [])]
)
def test_display_value_when_not_given(name, value):
    case = _case(**{name: value})
    assert display_value(case, name) == "—"
    assert display_value(case, name, empty="non renseigné") == "non renseigné"


def test_display_value_date_format():
    case = _case(surgery_date=dt.date(2025, 3, 3))
    assert display_value(case, "surgery_date", date_format="j F Y") == "3 mars 2025"


def test_field_label_is_capitalised():
    assert field_label("ki67_percent") == "Ki-67 (%)"
    assert field_label("planned_procedures") == "Gestes envisagés"
