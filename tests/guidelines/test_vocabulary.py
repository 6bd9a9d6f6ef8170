"""The one vocabulary: every code has a French label, and no screen or PDF prints a code."""

from __future__ import annotations

import re
from html import unescape
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from hypothesis import HealthCheck, given, settings

from cases import choices
from cases.evaluation import CaseEvaluation
from dossiers.context import build_evaluation
from guidelines import engine, vocabulary
from tests.guidelines.engine.strategies import metastatic_facts, valid_facts

CODE = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")  # snake_case: a contract code
# Contract values and fragments of the old string findings that a person must never read.
FORBIDDEN = (
    "true requis",
    "false requis",
    "actuellement:",
    "=slow",
    "=rapid",
    ":progression",
)
ENGLISH_VALUES = ("slow", "rapid", "uncontrolled", "refractory", "not_done", "metastatic")


@pytest.mark.parametrize("enum", vocabulary.ENUMS, ids=lambda e: e.__name__)
def test_every_enum_member_has_a_french_label(enum):
    table = vocabulary.labels(enum)
    assert set(table) == {member.value for member in enum}
    for code, text in table.items():
        assert text and text.strip() == text, code
        assert not CODE.search(text), (code, text)


def test_every_engine_enum_is_in_the_vocabulary():
    from enum import StrEnum

    from guidelines.engine import codes

    enums = {
        value
        for value in vars(codes).values()
        if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum
    }
    assert enums <= set(vocabulary.ENUMS)


def test_every_fact_has_a_label():
    for name in engine.FACT_NAMES:
        assert vocabulary.fact_label(name) != name


def test_model_choices_come_from_the_engine_enums():
    assert choices.Progression.values == [m.value for m in engine.Progression]
    assert choices.Progression.CLEAR.label == vocabulary.label(engine.Progression, "clear")
    assert choices.Treatment.values == [m.value for m in engine.OptionCode]


def test_setting_label_is_the_same_everywhere():
    assert vocabulary.setting_label("metastatic") == "Maladie métastatique"
    assert vocabulary.setting_label("localized") == "Maladie localisée"


def test_value_label_reads_contract_json():
    assert vocabulary.value_label("progression", "slow") == "Lentement progressive"
    assert vocabulary.value_label("metastatic_sites", ["liver", "bone"]) == "Foie, Os"
    assert vocabulary.value_label("surgery_done", False) == "non"
    line = {"treatment": "everolimus", "outcome": "ongoing"}
    assert vocabulary.value_label("prior_treatments", line) == "Évérolimus (Afinitor®) (en cours)"
    assert vocabulary.value_label("ki67_percent", 2.5) == "2,5"


def _visible_text(html: str) -> str:
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join(unescape(text).split())


def _assert_no_code(text: str) -> None:
    assert not CODE.search(text), CODE.search(text).group(0)
    for fragment in FORBIDDEN:
        assert fragment not in text, fragment
    words = set(re.findall(r"[a-zA-Z_]+", text))
    assert not words & set(ENGLISH_VALUES), words & set(ENGLISH_VALUES)


def _panel(result) -> str:
    evaluation = CaseEvaluation(facts={}, result=result)
    return render_to_string(
        "cases/form.html#guideline-panel", {"evaluation": evaluation, "form_error_count": 0}
    )


def _pdf_html(result) -> str:
    doc = SimpleNamespace(
        evaluation=build_evaluation(result),
        evaluation_problems=(),
        referentiel=result["referentiel"],
        engine_version=result["engine_version"],
        treatment_lines=(),
        tumour_rows=(),
        imaging_rows=(),
    )
    return render_to_string("dossiers/case.html", {"doc": doc})


FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FEW
@given(metastatic_facts)
def test_no_contract_code_on_the_panel_or_in_the_pdf_metastatic(facts):
    result = engine.evaluate(facts)
    _assert_no_code(_visible_text(_panel(result)))
    _assert_no_code(_visible_text(_pdf_html(result)))


@FEW
@given(valid_facts)
def test_no_contract_code_on_the_panel_or_in_the_pdf(facts):
    result = engine.evaluate(facts)
    _assert_no_code(_visible_text(_panel(result)))
    _assert_no_code(_visible_text(_pdf_html(result)))


def test_pending_and_excluded_read_differently():
    pending = engine.evaluate(
        {"histology": "atypical", "disease_extent": "localized", "surgery_done": False}
    )
    excluded = engine.evaluate(
        {
            "histology": "atypical",
            "disease_extent": "localized",
            "surgery_done": False,
            "surgical_contraindication": True,
        }
    )
    assert "À compléter" in _visible_text(_panel(pending))
    assert "Exclu par" in _visible_text(_panel(excluded))
    assert "À compléter" in _visible_text(_pdf_html(pending))
    assert "Exclu par" in _visible_text(_pdf_html(excluded))
