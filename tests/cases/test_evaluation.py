"""evaluate_case: the engine's answer for the current record, and what it still needs."""

import datetime as dt

import pytest

from cases.evaluation import (
    evaluate_case,
    fact_label,
    readiness_items,
    readiness_problems,
    required_facts,
)
from cases.models import Case
from tests.cases.factories import CaseFactory, TreatmentLineFactory, localised_case, metastatic_case


@pytest.mark.parametrize(
    ("fields", "missing"),
    [
        ({}, ["histology", "disease_extent"]),
        ({"histology": "typical"}, ["disease_extent"]),
        ({"histology": "typical", "disease_extent": "localized"}, ["surgery_done"]),
        (
            {"histology": "typical", "disease_extent": "localized", "surgery_done": True},
            ["surgery_date", "surgery_type", "resection_status", "nodal_status"],
        ),
        (
            {"histology": "typical", "disease_extent": "localized", "surgery_done": False},
            ["surgical_contraindication"],
        ),
        (
            {"histology": "atypical", "disease_extent": "metastatic"},
            ["progression", "sstr_imaging", "carcinoid_syndrome", "metastatic_sites"],
        ),
        (
            {"histology": "atypical", "disease_extent": "locally_advanced_inoperable"},
            ["progression", "sstr_imaging", "carcinoid_syndrome"],
        ),
        (
            {
                "histology": "atypical",
                "disease_extent": "locally_advanced_inoperable",
                "progression": "slow",
                "sstr_imaging": "positive",
                "fdg_pet": "negative",
                "carcinoid_syndrome": "none",
            },
            [
                "progression_imaging_1_date",
                "progression_imaging_2_date",
                "sstr_imaging_date",
                "fdg_pet_date",
            ],
        ),
        (
            {
                "histology": "atypical",
                "disease_extent": "locally_advanced_inoperable",
                "progression": "unknown",
                "sstr_imaging": "not_done",
                "carcinoid_syndrome": "none",
            },
            [],
        ),
    ],
)
def test_missing_facts_follow_the_setting(db, fields, missing):
    evaluation = evaluate_case(Case(**fields))
    assert evaluation.missing_fields == missing
    for name, text in zip(missing, evaluation.missing, strict=True):
        assert name not in text  # a French label, never the code
        assert text == fact_label(name)


def test_engine_refusal_is_reported_not_raised(db):
    evaluation = evaluate_case(
        Case(
            histology="typical",
            disease_extent="localized",
            surgery_done=False,
            surgery_type="lobectomy",
        )
    )
    assert evaluation.result is None
    assert "surgery_type" in evaluation.errors


def test_result_and_complete(db):
    case = metastatic_case()
    evaluation = evaluate_case(case)
    assert evaluation.result is not None
    assert evaluation.missing == [] and evaluation.errors == {}
    assert evaluation.result["setting"] == "metastatic"
    assert evaluation.result["thresholds"]["low_proliferation"]["compared_value"] == 8
    levels = [level for level, _ in evaluation.options_by_level]
    assert levels == sorted(
        levels,
        key=[
            "recommended",
            "option",
            "discuss",
            "last_resort",
            "not_proposed",
            "not_recommended",
            "contraindicated",
        ].index,
    )
    for _level, options in evaluation.options_by_level:
        flags = [o["eligible"] for o in options]
        assert flags == sorted(flags, reverse=True)


def test_follow_up_calendar_needs_the_surgery_date(db):
    case = localised_case(
        histology="atypical", nodal_status="N+", surgery_date=dt.date(2024, 1, 31)
    )
    calendar = evaluate_case(case).follow_up_calendar
    assert calendar[0]["date"] == dt.date(2024, 5, 31)
    assert calendar[1]["date"] == dt.date(2025, 5, 31)
    case.surgery_date = None
    assert evaluate_case(case).follow_up_calendar == []


def test_rows_passed_explicitly_replace_the_saved_ones(db):
    case = metastatic_case()
    TreatmentLineFactory(case=case, treatment="everolimus")
    assert "prior_treatments" in evaluate_case(case).facts
    assert "prior_treatments" not in evaluate_case(case, lines=[]).facts
    assert "metastatic_sites" in evaluate_case(case, sites=[]).missing_fields


def test_readiness_also_needs_the_question(db):
    case = metastatic_case(question="  ")
    assert readiness_problems(case) == ["Question posée à la RCP"]
    assert readiness_items(case) == [("Question posée à la RCP", "id_question")]


def test_required_facts_for_a_resected_case(db):
    case = localised_case()
    assert required_facts(case, evaluate_case(case).facts) == [
        "histology",
        "disease_extent",
        "surgery_done",
        "surgery_date",
        "surgery_type",
        "resection_status",
        "nodal_status",
    ]
    assert readiness_problems(case) == []
    assert CaseFactory.build().status == Case.Status.DRAFT
