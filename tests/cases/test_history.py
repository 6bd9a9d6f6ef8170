"""Every change is recorded with who and when, and shown in French."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from cases import actions
from cases.history import case_history
from tests.cases.factories import CaseFactory, TreatmentLineFactory, metastatic_case
from tests.cases.helpers import form_data


def test_history_records_who_and_when_with_changed_fields(clinician_client, clinician, centre):
    case = metastatic_case(centre=centre)
    before = timezone.now()
    clinician_client.post(
        reverse("cases:edit", args=[case.pk]),
        form_data(case, ki67_percent="12.5", progression="rapid", patient={"given_names": "Zoé"}),
    )
    entries = case_history(case)
    edit = next(e for e in entries if e.what == "Dossier modifié")
    assert edit.who == clinician.get_full_name()
    assert edit.when >= before
    changes = {c.field: (c.old, c.new) for c in edit.changes}
    assert changes["Ki-67 (%)"] == ("8", "12,5")
    assert changes["Pente évolutive"] == ("Lentement progressive", "Rapidement progressive")
    assert "Version" not in changes and "Modifié le" not in changes
    identity = next(e for e in entries if e.what == "Identité modifiée")
    assert {c.field: c.new for c in identity.changes}["Prénoms"] == "Zoé"


def test_history_page_lists_rows_and_status_changes(clinician_client, clinician, centre):
    case = metastatic_case(centre=centre)
    clinician_client.post(
        reverse("cases:line_add", args=[case.pk]),
        {
            "line-treatment": "everolimus",
            "line-start_date": "2024-01-01",
            "line-best_response": "stable",
        },
    )
    line = case.treatment_lines.get()
    clinician_client.post(reverse("cases:line_remove", args=[case.pk, line.pk]))
    clinician_client.post(reverse("cases:site_add", args=[case.pk]), {"site-site": "bone"})
    actions.mark_case_ready(case=case, by=clinician)

    response = clinician_client.get(reverse("cases:history", args=[case.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ligne de traitement ajoutée : Évérolimus (Afinitor®) (01/01/2024)" in html
    assert "Ligne de traitement retirée : Évérolimus (Afinitor®) (01/01/2024)" in html
    assert "Site métastatique ajouté : Os" in html
    assert "Brouillon" in html and "Prêt" in html  # status change, before → after
    assert clinician.get_full_name() in html
    assert "Dossier créé" in html


def test_newest_first_and_limit(centre, clinician):
    case = CaseFactory(centre=centre)
    for index in range(3):
        TreatmentLineFactory(case=case, start_date=dt.date(2024, 1, index + 1))
    entries = case_history(case)
    assert [e.when for e in entries] == sorted((e.when for e in entries), reverse=True)
    assert len(case_history(case, limit=2)) == 2
    assert entries[-1].what == "Dossier créé"


def test_case_page_shows_the_latest_changes(clinician_client, centre):
    case = metastatic_case(centre=centre)
    html = clinician_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Dernières modifications" in html
    assert "Site métastatique ajouté : Foie" in html


def test_only_the_shown_entries_are_compared(centre, clinician, monkeypatch):
    from cases import history

    case = CaseFactory(centre=centre, question="Première question ?")
    for index in range(12):
        case.question = f"Question n° {index} ?"
        case.save()
    full = case_history(case)
    compared = []
    real = history._changes

    def counting(*args, **kwargs):
        compared.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(history, "_changes", counting)
    shown = case_history(case, limit=3)
    assert shown == full[:3]  # the same entries as the full history's first three
    assert len(compared) == 3  # the eleven older edits were never compared
