"""Pure rules of a decision, as decision tables quoting the texts they follow."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from decisions import rules

E = {"code": "everolimus", "eligible": True, "regulatory": "amm"}
S = {"code": "sunitinib", "eligible": False, "regulatory": "no_amm"}
P = {"code": "prrt_lutathera", "eligible": True, "regulatory": "compassionate_cpc"}
A = {"code": "ssa_antitumour", "eligible": True, "regulatory": "off_label"}


# Issue 16: "every chosen option eligible in the evaluation → « dans le référentiel »;
# otherwise « hors référentiel » and a justification is required".
@pytest.mark.parametrize(
    "proposal, chosen, expected",
    [
        (True, [E], "in"),
        (True, [E, P], "in"),
        (True, [S], "out"),
        (True, [E, S], "out"),  # one ineligible option is enough
        (True, [], "out"),  # free proposal only: the référentiel did not offer it
        (False, [], "na"),  # deferred / not discussed: no proposal
    ],
)
def test_concordance(proposal, chosen, expected):
    assert rules.concordance(proposal, chosen) == expected


@given(st.lists(st.booleans(), min_size=1, max_size=6))
def test_concordance_is_in_exactly_when_every_option_is_eligible(flags):
    chosen = [{"code": f"o{i}", "eligible": flag} for i, flag in enumerate(flags)]
    assert (rules.concordance(True, chosen) == "in") == all(flags)


def test_lutathera_checklist_quotes_the_text():
    """§5.5 / regulatory table: « Information du patient », « Sur proposition de la RCP
    nationale RENATEN », indication « en relation avec les résultats de la TEP au FDG »."""
    items = rules.checklist([P])
    assert [c.key for c in items] == [
        "prrt_lutathera:patient_informed",
        "prrt_lutathera:national_rcp",
        "prrt_lutathera:fdg_pet",
    ]
    assert items[0].text == "Information du patient"
    assert items[1].text == "Sur proposition de la RCP nationale RENATEN"
    assert "TEP au FDG" in items[2].text


def test_ssa_antitumour_needs_the_renaten_rcp_validation():
    """§5.2: « Après validation en RCP RENATEN, les analogues de somatostatine… »."""
    items = rules.checklist([A])
    assert items[0].key == "ssa_antitumour:rcp_validation"
    assert items[0].text == "Validation préalable en RCP RENATEN"


def test_other_conditional_options_use_the_texts_conditions_and_amm_options_none():
    oxali = {"code": "chemo_oxaliplatin", "eligible": True, "regulatory": "off_label"}
    labels = [c.label for c in rules.checklist([oxali, E])]
    assert labels == ["Discussion en RCP RENATEN", "Oxaliplatine : 8 cycles maximum"]


def test_a_condition_is_ticked_or_explained():
    items = rules.checklist([P])
    answers = {
        "prrt_lutathera:patient_informed": (True, ""),
        "prrt_lutathera:national_rcp": (False, "   "),
        "prrt_lutathera:fdg_pet": (False, "TEP non faite : discutée en séance"),
    }
    assert list(rules.checklist_problems(items, answers)) == ["prrt_lutathera:national_rcp"]


def test_prrt_calendar_four_cycles_two_months_apart_after_ssa_washout():
    """§5.5: « Habituellement 4 cures […] à 2 mois d'intervalle » ; « Les analogues de
    somatostatine devront être arrêtés dans les 6 semaines qui précèdent le traitement »."""
    entries = rules.prrt_calendar(dt.date(2027, 1, 15))
    assert entries[0].date == dt.date(2026, 12, 4)  # 6 weeks before
    assert [e.date for e in entries[1:]] == [
        dt.date(2027, 1, 15),
        dt.date(2027, 3, 15),
        dt.date(2027, 5, 15),
        dt.date(2027, 7, 15),
    ]


def test_ssa_every_28_days():
    entries = rules.ssa_calendar(dt.date(2027, 1, 1), count=3)
    assert [e.date for e in entries] == [
        dt.date(2027, 1, 1),
        dt.date(2027, 1, 29),
        dt.date(2027, 2, 26),
    ]


def test_follow_up_calendar_from_the_engine_dates():
    dates = [{"month": 4, "date": dt.date(2025, 7, 3), "exams": ["TDM"]}]
    entries = rules.draft_calendar([], dt.date(2027, 1, 1), follow_up_dates=dates)
    assert entries[0].date == dt.date(2025, 7, 3) and "4 mois" in entries[0].label


def test_no_calendar_where_the_text_gives_none():
    assert rules.draft_calendar(["everolimus"], dt.date(2027, 1, 1)) == []


def test_option_snapshot_keeps_what_the_board_saw():
    option = {**P, "label": "RIV", "level": "discuss", "rules": ["T7"], "section": "5.5",
              "unmet": [], "because": [], "notes": ["x"]}  # fmt: skip
    snap = rules.option_snapshot(option)
    assert snap == {"code": "prrt_lutathera", "label": "RIV", "level": "discuss",
                    "regulatory": "compassionate_cpc", "eligible": True, "rules": ["T7"],
                    "section": "5.5"}  # fmt: skip
