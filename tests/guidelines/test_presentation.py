"""The Référentiel page's rows, derived from the rule and regulatory definitions."""

from __future__ import annotations

from guidelines import engine, presentation

from .engine.helpers import digest_ids


def test_rule_rows_follow_the_digest():
    groups = presentation.rule_rows()
    assert [row.id for _, rows in groups for row in rows] == digest_ids()
    assert all(row.id[0] == rows[0].id[0] for _, rows in groups for row in rows)


def test_rule_rows_show_the_french_disease_extents():
    rows = {row.id: row for _, rows in presentation.rule_rows() for row in rows}
    assert rows["L4"].settings == ("Localisée", "Localement avancée inopérable")
    assert rows["T7"].settings == ("Métastatique", "Localement avancée inopérable")


def test_regulatory_rows_cite_every_rule_emitting_the_option_in_registry_order():
    rules = {row["code"]: row["rules"] for row in presentation.regulatory_rows()}
    assert rules["prrt_lutathera"] == ["S4", "T7", "T8"]
    assert rules["lobectomy_mediastinal_dissection"] == ["L1", "L4"]
    assert rules["liver_embolization"] == ["P4", "P5", "S4", "R2", "R3"]
    assert set(rules) == {code.value for code in engine.OptionCode}
