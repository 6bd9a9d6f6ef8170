"""Validation: every problem listed by field, in French; nothing evaluated on bad input."""

from __future__ import annotations

import pytest

from guidelines.engine import CaseFacts, FactsError, PriorTreatment, evaluate, validate

from .helpers import METASTATIC, case


def errors_of(facts) -> dict[str, list[str]]:
    with pytest.raises(FactsError) as caught:
        evaluate(facts)
    return caught.value.errors


def test_every_bad_field_is_listed_at_once():
    errors = errors_of(
        {
            "disease_extent": "metastatic",
            "ki67_percent": 140,
            "surgery_done": "yes",
            "progression": "fast",
            "colour": "blue",
        }
    )
    assert errors == {
        "histology": ["champ obligatoire"],
        "ki67_percent": ["doit être compris entre 0 et 100"],
        "surgery_done": ["doit être un booléen (true ou false)"],
        "progression": [
            "valeur inconnue « fast » (valeurs admises : stable, slow, clear, rapid, unknown)"
        ],
        "colour": ["champ inconnu"],
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        pytest.param("ki67_percent", -1, "doit être compris entre 0 et 100", id="ki67 below 0"),
        pytest.param("ki67_percent", 100.5, "doit être compris entre 0 et 100", id="ki67 > 100"),
        pytest.param("ki67_percent", True, "doit être un nombre", id="bool is not a number"),
        pytest.param("ki67_percent", "12", "doit être un nombre", id="string is not a number"),
        pytest.param("ki67_percent", float("nan"), "doit être un nombre fini", id="NaN"),
        pytest.param(
            "mitoses_per_2mm2", -0.5, "doit être supérieur ou égal à 0", id="negative mitoses"
        ),
        pytest.param(
            "surgery_done", 1, "doit être un booléen (true ou false)", id="number is not a bool"
        ),
        pytest.param("histology", 3, "doit être une chaîne de caractères", id="enum not a string"),
        pytest.param("metastatic_sites", "liver", "doit être une liste", id="list expected"),
        pytest.param(
            "prior_treatments",
            {"treatment": "everolimus"},
            "doit être une liste d'objets {treatment, outcome}",
            id="prior not a list",
        ),
    ],
)
def test_single_field_errors(field, value, message):
    assert errors_of(case(METASTATIC, **{field: value}))[field] == [message]


def test_list_elements_are_checked_one_by_one():
    errors = errors_of(
        case(
            METASTATIC,
            metastatic_sites=["liver", "spleen", 4],
            contraindications=["everolimus", "aspirin"],
        )
    )
    assert errors["metastatic_sites"][0].startswith("élément n°2 : valeur inconnue « spleen »")
    assert errors["metastatic_sites"][1] == "élément n°3 : doit être une chaîne de caractères"
    assert errors["contraindications"][0].startswith("élément n°2 : valeur inconnue « aspirin »")


def test_prior_treatment_items_are_checked():
    errors = errors_of(
        case(
            METASTATIC,
            prior_treatments=[
                {"treatment": "everolimus", "outcome": "progression"},
                {"treatment": "magic", "outcome": "cured", "when": "2020"},
                {"outcome": "ongoing"},
                "everolimus",
            ],
        )
    )
    messages = errors["prior_treatments"]
    assert "élément n°2 : clé inconnue « when »" in messages
    assert any(
        m.startswith("élément n°2 : treatment : valeur inconnue « magic »") for m in messages
    )
    assert any(m.startswith("élément n°2 : outcome : valeur inconnue « cured »") for m in messages)
    assert "élément n°3 : treatment : champ obligatoire" in messages
    assert "élément n°4 : doit être un objet {treatment, outcome}" in messages


def test_required_fields_refuse_null():
    errors = errors_of({"histology": None, "disease_extent": None})
    assert errors == {"histology": ["champ obligatoire"], "disease_extent": ["champ obligatoire"]}


def test_optional_null_means_unknown():
    facts = validate(case(METASTATIC, progression=None) | {"sstr_imaging": None})
    assert facts.sstr_imaging is None and facts.progression is None


def test_resection_described_while_not_operated_is_refused():
    errors = errors_of(
        {
            "histology": "typical",
            "disease_extent": "localized",
            "surgery_done": False,
            "surgery_type": "lobectomy",
        }
    )
    assert set(errors) == {"surgery_type", "surgery_done"}
    assert "Tumeur primitive opérée" in errors["surgery_type"][0]
    assert "Type d'exérèse" in errors["surgery_done"][0]


@pytest.mark.parametrize("facts", [None, [], "metastatic", 3, ("histology", "typical")])
def test_non_object_input(facts):
    assert errors_of(facts) == {"__input__": ["les faits doivent être un objet JSON (clé: valeur)"]}


def test_non_string_key_is_an_unknown_field():
    assert errors_of({**METASTATIC, 1: "x"}) == {"1": ["champ inconnu"]}


def test_valid_facts_are_typed_and_round_trip():
    raw = case(
        METASTATIC,
        ki67_percent=7.5,
        metastatic_sites=["liver", "liver", "bone"],
        prior_treatments=[{"treatment": "everolimus", "outcome": "intolerance"}],
    )
    facts = validate(raw)
    assert isinstance(facts, CaseFacts)
    assert facts.metastatic_sites == ("liver", "bone")  # repeats are merged, order kept
    assert facts.prior_treatments == (PriorTreatment("everolimus", "intolerance"),)
    assert validate(facts.to_dict()) == facts
    assert validate(facts) is facts
    with pytest.raises(AttributeError):
        facts.histology = "atypical"  # type: ignore[misc]


def test_error_message_names_fields():
    with pytest.raises(FactsError, match="ki67_percent"):
        validate(case(METASTATIC, ki67_percent=101))
