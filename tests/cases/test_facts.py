import datetime as dt
from decimal import Decimal

import pytest

from cases import choices
from cases.facts import ALL_FACTS, case_to_facts
from cases.models import Case, MetastaticSite, TreatmentLine
from guidelines.engine import FACT_NAMES, OptionCode, validate
from tests.cases.factories import (
    MetastaticSiteFactory,
    TreatmentLineFactory,
    metastatic_case,
)


def test_mapping_covers_exactly_the_contract_facts():
    assert set(ALL_FACTS) == set(FACT_NAMES)
    assert len(ALL_FACTS) == len(set(ALL_FACTS))


@pytest.mark.parametrize(
    ("enum", "engine_values"),
    [
        (choices.Treatment, {code.value for code in OptionCode}),
        (choices.Histology, {"typical", "atypical", "unknown"}),
        (choices.DiseaseExtent, {"localized", "locally_advanced_inoperable", "metastatic"}),
        (
            choices.Outcome,
            {"ongoing", "response", "stable", "progression", "intolerance", "syndrome_escape"},
        ),
    ],
)
def test_choices_speak_the_engine_vocabulary(enum, engine_values):
    assert set(enum.values) == engine_values


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, {}),
        ({"histology": "typical"}, {"histology": "typical"}),
        ({"ki67_percent": Decimal("12.50")}, {"ki67_percent": 12.5}),
        ({"ki67_percent": Decimal("3.00")}, {"ki67_percent": 3}),
        ({"ki67_percent": Decimal("0")}, {"ki67_percent": 0}),
        ({"mitoses_per_2mm2": Decimal("2.0")}, {"mitoses_per_2mm2": 2}),
        ({"surgery_done": False}, {"surgery_done": False}),
        ({"surgery_done": True}, {"surgery_done": True}),
        ({"surgery_done": None}, {}),
        ({"carcinoid_crisis": False}, {"carcinoid_crisis": False}),
        ({"sstr_imaging": "positive"}, {"sstr_imaging": "positive"}),
        ({"sstr_imaging": ""}, {}),
        ({"nodal_status": "N+"}, {"nodal_status": "N+"}),
        ({"planned_procedures": []}, {}),
        ({"planned_procedures": ["prrt"]}, {"planned_procedures": ["prrt"]}),
        ({"contraindications": ["everolimus"]}, {"contraindications": ["everolimus"]}),
        # Record-only fields are not engine facts.
        ({"tnm_t": "T2a", "surgery_date": dt.date(2024, 1, 1), "question": "?"}, {}),
    ],
)
def test_case_fields_map_to_facts(fields, expected):
    empty = {
        name: None if Case._meta.get_field(name).null else ""
        for name in (
            "histology",
            "histology_source",
            "disease_extent",
            "tnm_t",
            "tnm_n",
            "tnm_m",
        )
    }
    case = Case(**{**empty, **fields})
    assert case_to_facts(case) == expected


def test_unknown_is_omitted_never_sent_as_no():
    facts = case_to_facts(Case())
    assert facts == {}
    assert all(value is not False for value in facts.values())


@pytest.mark.parametrize(
    ("end", "reason", "response", "outcome"),
    [
        (None, "", "stable", "ongoing"),
        (dt.date(2024, 6, 1), "progression", "stable", "progression"),
        (dt.date(2024, 6, 1), "intolerance", "partial_response", "intolerance"),
        (dt.date(2024, 6, 1), "completed", "partial_response", "response"),
        (dt.date(2024, 6, 1), "completed", "complete_response", "response"),
        (dt.date(2024, 6, 1), "completed", "stable", "stable"),
        (dt.date(2024, 6, 1), "other", "progression", "progression"),
        (dt.date(2024, 6, 1), "patient_choice", "not_evaluated", None),
    ],
)
def test_treatment_lines_map_to_prior_treatments_with_their_outcome(
    db, end, reason, response, outcome
):
    line = TreatmentLineFactory(
        treatment="everolimus", end_date=end, reason_stopped=reason, best_response=response
    )
    facts = case_to_facts(line.case)
    if outcome is None:
        assert "prior_treatments" not in facts
    else:
        assert facts["prior_treatments"] == [{"treatment": "everolimus", "outcome": outcome}]


def test_full_metastatic_record_maps_to_valid_facts(db):
    case = metastatic_case()
    MetastaticSiteFactory(case=case, site="bone")
    TreatmentLineFactory(
        case=case,
        treatment="ssa_antitumour",
        start_date=dt.date(2023, 1, 1),
        end_date=dt.date(2024, 1, 1),
        reason_stopped="progression",
    )
    TreatmentLineFactory(case=case, treatment="everolimus", start_date=dt.date(2024, 2, 1))
    facts = case_to_facts(case)
    assert facts["metastatic_sites"] == ["bone", "liver"]
    assert facts["prior_treatments"] == [
        {"treatment": "ssa_antitumour", "outcome": "progression"},
        {"treatment": "everolimus", "outcome": "ongoing"},
    ]
    assert facts["histology"] == "atypical"
    assert facts["disease_extent"] == "metastatic"
    assert facts["progression"] == "slow"
    validate(facts)


def test_prefetched_relations_are_used(db, django_assert_num_queries):
    case = metastatic_case()
    TreatmentLineFactory(case=case)
    fetched = Case.objects.prefetch_related("metastatic_sites", "treatment_lines").get(pk=case.pk)
    with django_assert_num_queries(0):
        facts = case_to_facts(fetched)
    assert facts["metastatic_sites"] == ["liver"]


def test_explicit_rows_replace_the_saved_ones_for_unsaved_cases():
    case = Case(histology="typical", disease_extent="metastatic")
    facts = case_to_facts(
        case,
        sites=[MetastaticSite(site="bone"), MetastaticSite(site="liver")],
        lines=[TreatmentLine(treatment="everolimus", start_date=dt.date(2024, 1, 1))],
    )
    assert facts["metastatic_sites"] == ["bone", "liver"]
    assert facts["prior_treatments"] == [{"treatment": "everolimus", "outcome": "ongoing"}]
