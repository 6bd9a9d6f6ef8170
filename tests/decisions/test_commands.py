"""export_decision, the decisions in export_case / import_case, and the demo."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AccessLog
from cases.models import Case
from decisions import actions
from decisions.models import Decision
from tests.decisions.helpers import concordant, hors_referentiel, lutathera
from tests.dossiers.pdf_utils import pdf_text

pytestmark = pytest.mark.django_db


def test_export_decision_writes_the_fiche(held, secretary, coordinator, tmp_path):
    decision = actions.save_decision(item=held.item, data=concordant(), by=secretary)
    actions.validate_decision(decision=decision, by=coordinator)
    target = tmp_path / "fiche.pdf"
    out = io.StringIO()
    call_command("export_decision", "--item", str(held.item.pk), "-o", str(target), stdout=out)
    assert "version 1" in out.getvalue()
    assert "Fiche RCP" in pdf_text(target.read_bytes())
    assert target.stat().st_mode & 0o777 == 0o600
    row = AccessLog.objects.get(action="export_fiche")
    assert row.origin == "cli" and row.case_id == held.item.case_id
    assert row.path == "manage.py export_decision"
    with pytest.raises(CommandError, match="Aucune décision"):
        call_command("export_decision", "--item", str(held.prrt_item.pk), "-o", str(target))
    with pytest.raises(CommandError, match="introuvable"):
        call_command("export_decision", "--item", "999999", "-o", str(target))


def _export(case) -> dict:
    out = io.StringIO()
    call_command("export_case", str(case.pk), stdout=out)
    return json.loads(out.getvalue())


def _import(tmp_path, data, centre):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    err = io.StringIO()
    call_command(
        "import_case", str(path), "--centre", str(centre.pk), stdout=io.StringIO(), stderr=err
    )
    return err.getvalue()


def test_export_case_carries_every_decision_version(held, secretary, coordinator):
    v1 = actions.save_decision(item=held.prrt_item, data=lutathera(), by=secretary)
    actions.validate_decision(decision=v1, by=coordinator)
    actions.correct_decision(decision=v1, reason="Erreur (fictif)", by=secretary)
    data = _export(held.prrt_item.case)
    rows = data["decisions"]
    assert [(r["version"], r["status"]) for r in rows] == [(1, "validated"), (2, "draft")]
    assert (
        rows[0]["concordance"] == "in" and rows[0]["chosen_options"][0]["code"] == "prrt_lutathera"
    )
    assert rows[1]["correction_reason"] == "Erreur (fictif)"


@pytest.mark.parametrize(
    "tamper, message",
    [
        (lambda r: r.update(concordance="out"), "incohérent"),
        (lambda r: r["chosen_options"][0].update(eligible=False), "incohérent"),
        (lambda r: r.update(outcome="maybe"), "issue inconnue"),
        (lambda r: r.update(validated_at=None), "date de validation"),
        (lambda r: r["conditions"][1].update(explanation=""), "ni remplie ni expliquée"),
    ],
)
def test_import_refuses_inconsistent_decisions(
    held, secretary, coordinator, other_centre, tmp_path, tamper, message
):
    decision = actions.save_decision(item=held.prrt_item, data=lutathera(), by=secretary)
    actions.validate_decision(decision=decision, by=coordinator)
    data = _export(held.prrt_item.case)
    tamper(data["decisions"][0])
    before = Case.objects.count()
    with pytest.raises(CommandError):
        _import(tmp_path, data, other_centre)
    assert Case.objects.count() == before


def test_import_refuses_hors_referentiel_without_justification(
    held, secretary, other_centre, tmp_path
):
    actions.save_decision(item=held.item, data=hors_referentiel(), by=secretary)
    data = _export(held.item.case)
    data["decisions"][0]["justification"] = ""
    with pytest.raises(CommandError):
        _import(tmp_path, data, other_centre)


def test_a_consistent_file_imports_and_says_what_happens_to_the_decisions(
    held, secretary, coordinator, other_centre, tmp_path
):
    decision = actions.save_decision(item=held.item, data=concordant(), by=secretary)
    actions.validate_decision(decision=decision, by=coordinator)
    err = _import(tmp_path, _export(held.item.case), other_centre)
    assert "non recréées" in err
    assert Case.objects.filter(centre=other_centre).count() == 1
    assert Decision.objects.count() == 1


def test_demo_has_a_held_session_with_validated_decisions(seeded_boards):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # idempotent
    from decisions.demo import HELD_PLACE

    decisions = Decision.objects.filter(item__session__place=HELD_PLACE)
    assert decisions.count() == 3
    assert set(decisions.values_list("status", flat=True)) == {"validated"}
    assert set(decisions.values_list("concordance", flat=True)) == {"in", "out"}
    assert decisions.filter(chosen_options__0__code="prrt_lutathera").exists()
    assert decisions.first().item.session.decision_validation is not None
