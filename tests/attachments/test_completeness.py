"""The checklist: facts the engine needs for the setting, plus the documents, as a decision
table quoting where each document requirement comes from."""

from __future__ import annotations

import pytest

from attachments.completeness import checklist_for, required_documents
from attachments.models import Attachment
from tests.attachments.factories import attach
from tests.cases.factories import localised_case, metastatic_case

pytestmark = pytest.mark.django_db
Kind = Attachment.Kind


@pytest.mark.parametrize(
    ("setting", "planned", "extra", "expected"),
    [
        # The board decides on the definitive pathology report (app's reading, INCa).
        ("localised", [], {}, [Kind.PATHOLOGY_REPORT]),
        # « exprimant les récepteurs de la somatostatine sur l'imagerie TEP […] en relation
        # avec les résultats de la TEP au FDG » (§ 5.5, CPC Lutathera®); the record's SSTR
        # imaging is positive, so its report too.
        (
            "metastatic",
            ["prrt"],
            {},
            [Kind.PATHOLOGY_REPORT, Kind.SSTR_PET_REPORT, Kind.FDG_PET_REPORT],
        ),
        # « La réalisation d'une TEP 68Ga-DOTA-TOC […] doit être un préalable à toute action
        # thérapeutique » and « IRM avec séquences de diffusion indispensable avant toute
        # intervention chirurgicale » (§ 5.8).
        (
            "metastatic",
            ["liver_surgery"],
            {"sstr_imaging": ""},
            [Kind.PATHOLOGY_REPORT, Kind.SSTR_PET_REPORT, Kind.MRI_REPORT],
        ),
        (
            "metastatic",
            ["liver_embolization"],
            {"sstr_imaging": ""},
            [Kind.PATHOLOGY_REPORT, Kind.SSTR_PET_REPORT],
        ),
        # No SSTR imaging stated, nothing locoregional planned: pathology only.
        ("metastatic", [], {"sstr_imaging": ""}, [Kind.PATHOLOGY_REPORT]),
        # An FDG PET stated as done: its report (app's reading).
        ("localised", [], {"fdg_pet": "negative"}, [Kind.PATHOLOGY_REPORT, Kind.FDG_PET_REPORT]),
    ],
)
def test_documents_required_by_setting(centre, setting, planned, extra, expected):
    make = metastatic_case if setting == "metastatic" else localised_case
    case = make(centre=centre, planned_procedures=planned, **extra)
    assert [r.kind for r in required_documents(case)] == expected
    for requirement in required_documents(case):
        assert requirement.source in ("text", "app")
        assert requirement.why


def test_the_checklist_turns_complete_when_the_documents_arrive(centre, clinician):
    case = metastatic_case(centre=centre, planned_procedures=["prrt"])
    checklist = checklist_for(case)
    assert not checklist.complete
    assert all(item.done for item in checklist.facts)
    assert {item.label for item in checklist.documents if not item.done} == {
        str(Kind.PATHOLOGY_REPORT.label),
        str(Kind.SSTR_PET_REPORT.label),
        str(Kind.FDG_PET_REPORT.label),
    }
    for kind in (Kind.PATHOLOGY_REPORT, Kind.SSTR_PET_REPORT, Kind.FDG_PET_REPORT):
        attach(case, by=clinician, kind=kind)
    assert checklist_for(case).complete


def test_missing_facts_are_in_the_checklist(centre):
    case = metastatic_case(centre=centre, progression="", question="  ")
    missing = checklist_for(case).missing
    assert any("évolutive" in label.lower() for label in missing)
    assert any("question" in label.lower() for label in missing)
