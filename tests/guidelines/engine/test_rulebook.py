"""Rules as units: each declared on its function (model.RuleBook); shared notions in clinical."""

from __future__ import annotations

import pytest

from guidelines.engine import RULES, DiseaseExtent, validate
from guidelines.engine.clinical import prrt_retained_or_planned
from guidelines.engine.engine import run_rules
from guidelines.engine.model import RuleBook

from .helpers import EVEROLIMUS_FAILED, METASTATIC

DECLARATION = {
    "section": "5.5",
    "source": "§5.5",
    "title": "Titre",
    "excerpt": "Extrait",
    "reads": ("progression",),
    "settings": (DiseaseExtent.METASTATIC,),
    "outcome": "Résultat",
}


def test_a_rule_is_declared_on_its_function():
    book = RuleBook()

    @book.rule(id="T1", **DECLARATION)
    def t1(c):
        return ()

    @book.rule(id="T2", interpretation="Lecture", **DECLARATION)
    def t2(c):
        return ()

    @book.after("T1")
    def t1_after(c):
        return ()

    first, second = book
    assert (first.id, first.apply, first.after) == ("T1", t1, t1_after)
    assert (second.id, second.apply, second.after) == ("T2", t2, None)
    assert second.interpretation == "Lecture" and second.excerpt == "Extrait"
    assert t1.__name__ == "t1"  # the decorators hand the function back unchanged


def test_a_book_refuses_a_repeated_id_or_phase():
    book = RuleBook()
    book.declare(id="P6", **DECLARATION)
    with pytest.raises(RuntimeError):
        book.declare(id="P6", **DECLARATION)
    with pytest.raises(KeyError):
        book.after("P7")(lambda c: ())
    book.after("P6")(lambda c: ())
    with pytest.raises(RuntimeError):
        book.after("P6")(lambda c: ())


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_each_phase_is_a_function_of_its_rule(rule):
    # A rule's functions are named after it (t7_prrt, t7_after) and live in a rules module.
    for phase in (rule.apply, rule.after):
        if phase is not None:
            assert phase.__name__.startswith(f"{rule.id.lower()}_"), phase.__name__
            assert phase.__module__.startswith("guidelines.engine.rules_")


PRRT_INDICATED = {
    **METASTATIC,
    "progression": "slow",
    "sstr_imaging": "positive",
    "fdg_pet": "negative",
    "prior_treatments": EVEROLIMUS_FAILED,
}


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (PRRT_INDICATED, True),  # retained by T7
        ({**PRRT_INDICATED, "sstr_imaging": "negative", "planned_procedures": ["prrt"]}, True),
        ({**PRRT_INDICATED, "sstr_imaging": "negative"}, False),
        ({**PRRT_INDICATED, "planned_procedures": ["liver_surgery"], "fdg_pet": None}, False),
    ],
)
def test_prrt_retained_or_planned_drives_both_t7_and_t8_alerts(facts, expected):
    ctx = run_rules(validate(facts))
    assert prrt_retained_or_planned(ctx) is expected
    alerts = {code.value for code in ctx.alerts}
    assert ("cpc_patient_information" in alerts) is expected
    assert ("stop_ssa_before_prrt" in alerts) is expected
