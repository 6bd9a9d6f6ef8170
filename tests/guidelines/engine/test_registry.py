"""RULES against the sources: every digest id present and exercised, excerpts verbatim."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from guidelines.engine import (
    ALERT_LABELS,
    FACT_NAMES,
    LABELS,
    OPTION_LABELS,
    REFERENTIEL,
    REGULATORY,
    RULES,
    SOURCE_SHA256,
    AlertCode,
    EngineSettings,
    OptionCode,
    Regulatory,
    evaluate,
    validate,
)
from guidelines.engine.context import RuleContext
from guidelines.engine.engine import run_rules
from guidelines.engine.text import EXCERPT_GAP, normalise

from .helpers import SOURCE_TEXT, digest_ids
from .situations import SITUATIONS
from .strategies import metastatic_facts, valid_facts


@pytest.fixture(scope="module")
def source() -> str:
    return normalise(SOURCE_TEXT.read_text(encoding="utf-8"))


def test_digest_lists_the_expected_rules():
    ids = digest_ids()
    assert len(ids) == 36 and len(set(ids)) == 36


def test_RULES_holds_every_digest_rule_in_the_digest_order():
    # The Référentiel page lists RULES as is: its order is the digest's.
    assert [rule.id for rule in RULES] == digest_ids()


def test_every_rule_is_exercised_by_the_situations():
    seen: set[str] = set()
    for facts in SITUATIONS.values():
        result = evaluate(facts)
        for item in result["options"] + result["alerts"]:
            seen.update(item["rules"])
        if result["follow_up"]:
            seen.update(result["follow_up"]["rules"])
    assert set(digest_ids()) - seen == set()


def test_source_text_is_the_one_the_rules_were_written_from():
    digest = hashlib.sha256(SOURCE_TEXT.read_bytes()).hexdigest()
    assert digest == SOURCE_SHA256


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_excerpt_is_verbatim_in_the_text(rule, source):
    assert rule.excerpt == normalise(rule.excerpt)
    for fragment in rule.excerpt.split(EXCERPT_GAP):
        assert fragment in source, f"{rule.id}: {fragment!r}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_is_displayable(rule):
    assert rule.section and rule.title and rule.outcome and rule.source
    assert set(rule.reads) <= FACT_NAMES
    assert rule.settings
    assert rule.apply is not None or rule.after is not None or rule.id == "P6"
    assert all(code in OPTION_LABELS for code in rule.options)
    assert all(code in ALERT_LABELS for code in rule.alerts)


@pytest.mark.parametrize("entry", list(REGULATORY.values()), ids=lambda e: e.code.value)
def test_regulatory_wording_is_verbatim(entry, source):
    assert entry.status in Regulatory
    assert any(entry.code in rule.options for rule in RULES), "no rule emits it"
    for fragment in entry.wording.split(EXCERPT_GAP):
        assert fragment in source, f"{entry.code}: {fragment!r}"


def test_regulatory_table_covers_every_option_once():
    assert set(REGULATORY) == set(OptionCode)


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("ssa_antitumour", "off_label"),
        ("everolimus", "amm"),
        ("prrt_lutathera", "compassionate_cpc"),
        ("telotristat", "amm_not_reimbursed"),
        ("surufatinib", "not_available_fr"),
        ("pasireotide", "no_amm"),
        ("antiangiogenic", "no_amm"),
        ("immune_checkpoint_inhibitor", "no_amm"),
    ],
)
def test_regulatory_status_from_the_text(code, status):
    assert REGULATORY[OptionCode(code)].status == status


def test_off_label_and_cpc_items_carry_the_text_conditions():
    cpc = REGULATORY[OptionCode.PRRT_LUTATHERA].conditions
    assert "Information du patient" in cpc
    assert "Sur proposition de la RCP nationale RENATEN" in cpc
    ssa = REGULATORY[OptionCode.SSA_ANTITUMOUR].conditions
    assert any("RCP RENATEN" in c for c in ssa) and any("hors amm" in c.lower() for c in ssa)
    for entry in REGULATORY.values():
        if entry.status in (Regulatory.OFF_LABEL, Regulatory.COMPASSIONATE_CPC):
            assert entry.conditions, entry.code


def test_labels_cover_every_option_and_alert_code():
    for code in list(OptionCode) + list(AlertCode):
        assert LABELS[code.value]


def test_referentiel_does_not_invent_an_edition_year():
    assert "AURA/RENATEN" in REFERENTIEL
    assert "édition 2023" not in REFERENTIEL and "édition 2022" not in REFERENTIEL


def test_threshold_setting_is_validated():
    with pytest.raises(ValueError):
        EngineSettings(low_proliferation_ki67_max=0)
    with pytest.raises(TypeError):
        EngineSettings(low_proliferation_ki67_max=True)


def undeclared_codes(facts: Any) -> set[tuple[str, str]]:
    """(rule id, code) of every finding whose code its rule does not declare."""
    ctx = run_rules(validate(facts))
    found = [(rule_id, f.code) for entries in ctx.options.values() for rule_id, f in entries]
    found += [(rule_id, f.code) for entries in ctx.alerts.values() for rule_id, f in entries]
    found += [(rule_id, f.code) for rule_id, f in ctx.follow_ups if f.code is not None]
    declared = {r.id: {*r.options, *r.alerts, *r.follow_up} for r in RULES}
    return {(rule_id, code.value) for rule_id, code in found if code not in declared[rule_id]}


# The Référentiel page derives "which rules emit this option" from the declarations.
@pytest.mark.parametrize("name", list(SITUATIONS))
def test_rules_emit_only_the_codes_they_declare(name):
    assert undeclared_codes(SITUATIONS[name]) == set()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=valid_facts | metastatic_facts)
def test_rules_emit_only_the_codes_they_declare_on_any_facts(facts):
    assert undeclared_codes(facts) == set()


class RecordingFacts:
    """Wraps CaseFacts and records which fields a rule reads."""

    def __init__(self, facts: Any) -> None:
        self._facts = facts
        self.seen: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        self.seen.add(name)
        return getattr(self._facts, name)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_reads_only_the_facts_it_declares(rule):
    declared = set(rule.reads) | {"disease_extent"}
    for facts in SITUATIONS.values():
        case = validate(facts)
        if case.disease_extent not in rule.settings:
            continue
        for phase in (rule.apply, rule.after):
            if phase is None:
                continue
            ctx = RuleContext(case, EngineSettings())
            ctx.f = recorder = RecordingFacts(case)  # type: ignore[assignment]
            phase(ctx)
            assert recorder.seen <= declared, (rule.id, recorder.seen - declared)
