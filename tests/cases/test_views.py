"""The clinician's pages: create, edit, live panel, inline rows, mark ready, case page."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse

from cases.models import Case, MetastaticSite, Patient, TreatmentLine
from tests.cases.factories import (
    CaseFactory,
    PatientFactory,
    TreatmentLineFactory,
    localised_case,
    metastatic_case,
)
from tests.cases.helpers import form_data

HTMX = {"HX-Request": "true"}
ELIGIBLE = re.compile(r'<article class="option option-eligible" data-code="([a-z_]+)">')


def _eligible(response) -> set[str]:
    """Codes of the options the rendered panel shows as eligible."""
    return set(ELIGIBLE.findall(response.content.decode()))


# --- create -----------------------------------------------------------------------------------


def test_create_page_prefills_the_suggested_board(clinician_client, centre):
    from boards.services import suggested_board_for

    response = clinician_client.get(reverse("cases:create"))
    assert response.status_code == 200
    board = suggested_board_for(centre)
    assert response.context["form"].initial["board"] == (board.pk if board else None)
    html = response.content.decode()
    for legend in (
        "Patient",
        "Présentation",
        "Anatomopathologie",
        "Stade et extension",
        "Chirurgie",
        "Maladie métastatique",
        "Imagerie fonctionnelle",
        "Syndromes sécrétoires",
        "Gestes envisagés et contre-indications",
    ):
        # A section that may not apply is a <details> whose summary carries its title.
        assert (
            f"<legend>{legend}</legend>" in html
            or f'<span class="fold-title">{legend}</span>' in html
        )
    assert 'hx-trigger="input changed delay:400ms, change' in html
    assert "<script>" not in html  # CSP: no inline script
    assert 'style="' not in html


def test_create_makes_patient_and_draft_case_together(clinician_client, clinician):
    response = clinician_client.post(reverse("cases:create"), form_data())
    case = Case.objects.select_related("patient").get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:edit", args=[case.pk])
    assert case.status == Case.Status.DRAFT
    assert case.centre == clinician.centre
    assert case.patient.centre == clinician.centre
    assert case.created_by == clinician
    assert case.version == 1
    assert case.history.get().history_user == clinician
    assert case.patient.history.get().history_user == clinician


def test_create_reuses_the_patient_with_the_same_ipp_and_identity(clinician_client, centre):
    patient = PatientFactory(
        centre=centre, ipp="TEST-NEW-1", family_name="NOUVEAU-TEST", birth_date=dt.date(1962, 5, 17)
    )
    CaseFactory(centre=centre, patient=patient)
    response = clinician_client.post(reverse("cases:create"), form_data())
    assert response.status_code == 302
    assert Patient.objects.count() == 1
    assert patient.cases.count() == 2


def test_create_refuses_an_ipp_of_another_patient(clinician_client, centre):
    PatientFactory(centre=centre, ipp="TEST-NEW-1", family_name="AUTRE-TEST")
    response = clinician_client.post(reverse("cases:create"), form_data())
    assert response.status_code == 400
    assert "autre patient" in " ".join(response.context["patient_form"].errors["ipp"])
    assert Case.objects.count() == 0


def test_same_ipp_in_another_centre_is_another_patient(clinician_client, other_centre):
    PatientFactory(centre=other_centre, ipp="TEST-NEW-1", family_name="AUTRE-TEST")
    assert clinician_client.post(reverse("cases:create"), form_data()).status_code == 302
    assert Patient.objects.count() == 2


# --- the live guideline panel -------------------------------------------------------------------


def test_panel_answers_htmx_with_the_partial_only(clinician_client):
    response = clinician_client.post(reverse("cases:create_panel"), form_data(), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "Référentiel" in html
    assert "Maladie métastatique" in html
    assert Case.objects.count() == 0


def test_panel_changes_as_progression_and_sstr_imaging_are_set(clinician_client, centre):
    case = metastatic_case(
        centre=centre,
        progression="",
        sstr_imaging="",
        sstr_imaging_date=None,
        progression_imaging_1_date=None,
        progression_imaging_2_date=None,
    )
    TreatmentLineFactory(
        case=case,
        treatment="everolimus",
        start_date=dt.date(2023, 1, 1),
        end_date=dt.date(2024, 1, 1),
        reason_stopped="progression",
    )
    url = reverse("cases:panel", args=[case.pk])
    before = clinician_client.post(url, form_data(case), headers=HTMX)
    assert "prrt_lutathera" not in _eligible(before)
    # Slope and SSTR imaging unknown: the option waits for them ("à compléter"), it is not
    # excluded (issue 12, class 4).
    assert '<article class="option option-pending" data-code="prrt_lutathera">' in (
        before.content.decode()
    )
    assert "Imagerie des récepteurs de la somatostatine (IRS) : récepteurs exprimés" in (
        before.content.decode()
    )

    after = clinician_client.post(
        url,
        form_data(case, progression="slow", sstr_imaging="positive", fdg_pet="negative"),
        headers=HTMX,
    )
    assert "prrt_lutathera" in _eligible(after)
    html = after.content.decode()
    assert 'data-code="prrt_lutathera"' in html
    assert "badge-compassionate_cpc" in html and ">CPC<" in html
    assert "/referentiel/#rule-T7" in html
    # Nothing saved: the panel evaluates the unsaved form.
    case.refresh_from_db()
    assert case.progression == "" and case.version == 1


def test_panel_shows_badges_alerts_threshold_and_version(clinician_client):
    response = clinician_client.post(
        reverse("cases:create_panel"), form_data(ki67_percent="12"), headers=HTMX
    )
    html = response.content.decode()
    assert "badge-amm" in html and ">AMM<" in html
    assert "badge-off_label" in html and "Hors AMM" in html
    assert "severity-warning" in html or "severity-blocking" in html
    assert "Ki-67 &lt; 10 %" in html
    assert "12 %" in html and "index non faible" in html
    assert "moteur 2." in html
    assert "Recommandé" in html


def test_panel_counts_fields_in_error_and_still_evaluates(clinician_client):
    response = clinician_client.post(
        reverse("cases:create_panel"), form_data(ki67_percent="150"), headers=HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    # The refused value is named, with a link to its field.
    assert "Valeurs non prises en compte" in html
    assert '<a href="#id_ki67_percent">Ki-67 (%)</a>' in html
    assert "valeur comparée : <strong>non renseigné</strong>" in html  # Ki-67 counted unknown
    assert _eligible(response)


def test_panel_lists_missing_facts(clinician_client):
    response = clinician_client.post(
        reverse("cases:create_panel"), form_data(histology="", disease_extent=""), headers=HTMX
    )
    html = response.content.decode()
    assert "Informations nécessaires manquantes" in html
    assert '<a href="#id_histology">Histologie</a>' in html
    assert "(histology)" not in html  # no code where a person reads
    assert "champ obligatoire" not in html  # said once, as missing
    assert "option-eligible" not in html


def test_panel_without_javascript_rerenders_the_form_unsaved(clinician_client):
    response = clinician_client.post(reverse("cases:create_panel"), form_data(ki67_percent="7"))
    assert response.status_code == 200
    assert response.context["previewed"] is True
    html = response.content.decode()
    assert "<html" in html and 'value="7"' in html
    assert "rien n'est encore enregistré" in html
    assert Case.objects.count() == 0


def test_panel_is_posted_by_editors_only(clinician_client, secretary_client, centre):
    # Only the form posts to it; the saved record's evaluation is on the case page.
    case = metastatic_case(centre=centre)
    url = reverse("cases:panel", args=[case.pk])
    assert clinician_client.get(url, headers=HTMX).status_code == 405
    assert clinician_client.get(url).status_code == 405
    assert secretary_client.post(url, form_data(case), headers=HTMX).status_code == 403


def test_panel_post_query_count(clinician_client, centre, django_assert_num_queries):
    case = metastatic_case(centre=centre)
    TreatmentLineFactory.create_batch(2, case=case)
    url = reverse("cases:panel", args=[case.pk])
    clinician_client.post(url, form_data(case), headers=HTMX)  # the first one saves the session
    # Session, user, its groups (the role), the case with its patient, its sites, its lines,
    # the administrator's Ki-67 threshold (issue 12, class 9).
    with django_assert_num_queries(7):
        response = clinician_client.post(url, form_data(case), headers=HTMX)
    assert _eligible(response)


def test_follow_up_calendar_from_surgery_date(clinician_client, centre):
    case = localised_case(
        centre=centre, histology="atypical", nodal_status="N+", surgery_date=dt.date(2025, 3, 3)
    )
    response = clinician_client.get(reverse("cases:detail", args=[case.pk]))
    html = response.content.decode()
    assert "03/07/2025" in html  # 4 months after surgery
    assert "03/07/2026" in html
    # L9: "Durée de surveillance CT et CA : plus de 10 ans" — the page's calendar reaches past
    # the tenth anniversary (month 124), as the JSON and the PDF do (one calendar function).
    assert "03/07/2035" in html


# --- edit, inline lines and sites -------------------------------------------------------------


def test_edit_saves_and_bumps_the_version(clinician_client, clinician, centre):
    case = metastatic_case(centre=centre)
    response = clinician_client.post(
        reverse("cases:edit", args=[case.pk]),
        form_data(case, ki67_percent="15", patient={"given_names": "Dominique Marie"}),
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert float(case.ki67_percent) == 15
    assert case.version == 2
    assert case.patient.given_names == "Dominique Marie"
    assert case.history.first().history_user == clinician


def test_edit_errors_keep_the_input_and_save_nothing(clinician_client, centre):
    case = metastatic_case(centre=centre)
    response = clinician_client.post(
        reverse("cases:edit", args=[case.pk]),
        form_data(case, ki67_percent="150", question="Nouvelle question"),
    )
    assert response.status_code == 400
    assert "Nouvelle question" in response.content.decode()
    case.refresh_from_db()
    assert case.version == 1 and case.question != "Nouvelle question"


def test_lines_are_added_and_removed_inline_with_htmx(clinician_client, centre):
    case = metastatic_case(centre=centre)
    url = reverse("cases:line_add", args=[case.pk])
    data = {
        "line-treatment": "everolimus",
        "line-start_date": "2024-02-01",
        "line-end_date": "2025-01-15",
        "line-best_response": "stable",
        "line-reason_stopped": "progression",
        "line-comment": "Toxicité <b>cutanée</b>",
    }
    response = clinician_client.post(url, data, headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Trigger"] == "case-rows-changed"
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="treatment-lines"')
    assert "Évérolimus" in html
    assert "Toxicité &lt;b&gt;cutanée&lt;/b&gt;" in html
    line = case.treatment_lines.get()
    assert line.history.get().history_type == "+"
    case.refresh_from_db()
    assert case.version == 1  # rows do not bump the case version (documented in actions)

    response = clinician_client.post(
        reverse("cases:line_remove", args=[case.pk, line.pk]), headers=HTMX
    )
    assert response.status_code == 200
    assert not case.treatment_lines.exists()
    assert TreatmentLine.history.filter(id=line.pk, history_type="-").exists()


def test_invalid_line_is_refused_next_to_the_field(clinician_client, centre):
    case = metastatic_case(centre=centre)
    data = {
        "line-treatment": "everolimus",
        "line-start_date": "2025-02-01",
        "line-end_date": "2024-01-15",
        "line-best_response": "stable",
    }
    response = clinician_client.post(reverse("cases:line_add", args=[case.pk]), data, headers=HTMX)
    assert response.status_code == 200  # htmx swaps only 2xx: the errors must be shown
    assert "HX-Trigger" not in response
    assert "postérieure à la date de début" in response.content.decode()
    assert not case.treatment_lines.exists()
    # Without JavaScript: the whole edit page, with the error.
    page = clinician_client.post(reverse("cases:line_add", args=[case.pk]), data)
    assert page.status_code == 400
    assert "<html" in page.content.decode()
    assert "postérieure à la date de début" in page.content.decode()


def test_rows_without_javascript_redirect_to_the_form(clinician_client, centre):
    case = metastatic_case(centre=centre)
    response = clinician_client.post(
        reverse("cases:site_add", args=[case.pk]), {"site-site": "bone", "site-details": "T8"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:edit", args=[case.pk])
    assert set(case.metastatic_sites.values_list("site", flat=True)) == {"liver", "bone"}
    bone = case.metastatic_sites.get(site="bone")
    response = clinician_client.post(reverse("cases:site_remove", args=[case.pk, bone.pk]))
    assert response.status_code == 302
    assert list(case.metastatic_sites.values_list("site", flat=True)) == ["liver"]


def test_duplicate_site_is_refused(clinician_client, centre):
    case = metastatic_case(centre=centre)
    response = clinician_client.post(
        reverse("cases:site_add", args=[case.pk]), {"site-site": "liver"}, headers=HTMX
    )
    assert response.status_code == 200
    assert "déjà renseigné" in response.content.decode()
    assert case.metastatic_sites.count() == 1


def test_removing_the_last_site_of_a_ready_case_is_refused(clinician_client, centre):
    case = metastatic_case(centre=centre, status=Case.Status.READY)
    site = case.metastatic_sites.get()
    response = clinician_client.post(
        reverse("cases:site_remove", args=[case.pk, site.pk]), headers=HTMX
    )
    assert response.status_code == 200
    assert "HX-Trigger" not in response
    assert "Repassez-le d&#x27;abord en brouillon" in response.content.decode()
    assert MetastaticSite.objects.filter(pk=site.pk).exists()


# --- mark ready -------------------------------------------------------------------------------


def test_mark_ready_is_refused_with_the_list_of_missing_facts(clinician_client, centre):
    case = metastatic_case(centre=centre, progression="", sstr_imaging="", sstr_imaging_date=None)
    case.metastatic_sites.all().delete()
    response = clinician_client.post(reverse("cases:mark_ready", args=[case.pk]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Le dossier ne peut pas être marqué prêt" in html
    # Each missing fact links to its field on the form.
    for item in ("#id_progression", "#id_sstr_imaging", "#metastatic-sites"):
        assert item in html
    case.refresh_from_db()
    assert case.status == Case.Status.DRAFT and case.version == 1


def test_case_page_lists_what_is_missing_for_ready(clinician_client, centre):
    case = CaseFactory(centre=centre, disease_extent="", tnm_m="")
    html = clinician_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Pour marquer ce dossier prêt, il manque" in html
    edit = reverse("cases:edit", args=[case.pk])
    assert f'<a href="{edit}#id_disease_extent">Extension de la maladie</a>' in html


def test_mark_ready_and_back_to_draft(clinician_client, clinician, centre):
    case = metastatic_case(centre=centre)
    response = clinician_client.post(reverse("cases:mark_ready", args=[case.pk]))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.READY and case.version == 2
    assert case.history.first().history_user == clinician
    clinician_client.post(reverse("cases:mark_draft", args=[case.pk]))
    case.refresh_from_db()
    assert case.status == Case.Status.DRAFT and case.version == 3


def test_ready_case_losing_a_needed_fact_goes_back_to_draft(clinician_client, centre):
    case = metastatic_case(centre=centre, status=Case.Status.READY)
    response = clinician_client.post(
        reverse("cases:edit", args=[case.pk]), form_data(case, progression="")
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.DRAFT


def test_registered_case_cannot_lose_a_needed_fact(clinician_client, centre):
    case = metastatic_case(centre=centre, status=Case.Status.REGISTERED)
    response = clinician_client.post(
        reverse("cases:edit", args=[case.pk]), form_data(case, progression="")
    )
    assert response.status_code == 400
    assert "inscrit en séance" in response.content.decode()
    case.refresh_from_db()
    assert case.progression == "slow" and case.version == 1


# --- case page --------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "shown"), [("qualified", True), ("validated", False)])
def test_ins_is_shown_only_when_qualified(clinician_client, centre, status, shown):
    patient = PatientFactory(centre=centre, ins="1640699123456", ins_status=status)
    case = CaseFactory(centre=centre, patient=patient)
    html = clinician_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert ("1640699123456" in html) is shown


def test_case_page_shows_summary_timeline_evaluation_history_and_contact(clinician_client, centre):
    from boards.models import Board

    board = Board.objects.create(name="RCP fictive de test", region="Bretagne")
    case = metastatic_case(centre=centre, board=board)
    TreatmentLineFactory(case=case, comment="<script>alert(1)</script>")
    response = clinician_client.get(reverse("cases:detail", args=[case.pk]))
    html = response.content.decode()
    assert "<svg" in html and 'class="timeline"' in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Dernières modifications" in html and "Dossier créé" in html
    assert 'id="guideline-panel"' in html and "Évérolimus" in html
    assert "RCP fictive de test" in html and "board-contact" in html
    assert "Carcinoïde atypique (CA)" in html


def test_case_page_query_count(clinician_client, centre, django_assert_num_queries):
    case = metastatic_case(centre=centre)
    TreatmentLineFactory.create_batch(2, case=case)
    url = reverse("cases:detail", args=[case.pk])
    clinician_client.get(url)  # the first request saves the session
    # Session, user (with the centre base.html shows), groups; the case once, its sites, its
    # lines; the access log row; board names and the case, patient, line and site history;
    # its sessions (registered in, presented at), with their boards; the decision history
    # (decisions app's section; a case without decision reads no more); the documents
    # section: attachments, deleted ones (history), TENpath reviews; the administrator's Ki-67
    # threshold (issue 12, class 9).
    with django_assert_num_queries(18):
        response = clinician_client.get(url)
    assert len(response.context["lines"]) == 2


def test_evaluation_json(clinician_client, centre):
    case = metastatic_case(centre=centre)
    response = clinician_client.get(reverse("cases:evaluation_json", args=[case.pk]))
    payload = json.loads(response.content)
    assert payload["case"] == case.pk
    assert payload["facts"]["metastatic_sites"] == ["liver"]
    assert payload["evaluation"]["setting"] == "metastatic"
    assert payload["missing"] == []


def test_timeline_svg_download(clinician_client, centre):
    case = metastatic_case(centre=centre)
    response = clinician_client.get(reverse("cases:timeline_svg", args=[case.pk]))
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response.content.startswith(b"<svg")


# --- the "done when" ------------------------------------------------------------------


def test_clinician_builds_a_metastatic_ca_case_from_scratch(clinician_client):
    client = clinician_client
    start = form_data(
        progression="", sstr_imaging="", fdg_pet="negative", fdg_pet_date="2025-05-02"
    )
    panel = client.post(reverse("cases:create_panel"), start, headers=HTMX)
    assert "prrt_lutathera" not in _eligible(panel)

    response = client.post(reverse("cases:create"), start)
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:edit", args=[case.pk])
    assert client.get(response["Location"]).status_code == 200

    client.post(reverse("cases:site_add", args=[case.pk]), {"site-site": "liver"}, headers=HTMX)
    for line in (
        {
            "treatment": "ssa_antitumour",
            "start_date": "2023-01-10",
            "end_date": "2023-12-20",
            "best_response": "stable",
            "reason_stopped": "progression",
        },
        {
            "treatment": "everolimus",
            "start_date": "2024-01-05",
            "end_date": "2025-03-01",
            "best_response": "stable",
            "reason_stopped": "progression",
        },
    ):
        added = client.post(
            reverse("cases:line_add", args=[case.pk]),
            {f"line-{k}": v for k, v in line.items()},
            headers=HTMX,
        )
        assert added.status_code == 200
    assert case.treatment_lines.count() == 2

    edit = form_data(
        case,
        progression="slow",
        progression_imaging_1_date="2024-09-01",
        progression_imaging_2_date="2025-03-01",
        sstr_imaging="positive",
        sstr_imaging_date="2025-04-01",
    )
    panel = client.post(reverse("cases:panel", args=[case.pk]), edit, headers=HTMX)
    assert "prrt_lutathera" in _eligible(panel)

    refused = client.post(reverse("cases:mark_ready", args=[case.pk]))
    assert refused.status_code == 400  # progression and SSTR imaging not saved yet

    assert client.post(reverse("cases:edit", args=[case.pk]), edit).status_code == 302
    assert client.post(reverse("cases:mark_ready", args=[case.pk])).status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.READY
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Prêt" in page


def test_form_page_query_count(clinician_client, centre, django_assert_num_queries):
    case = metastatic_case(centre=centre)
    TreatmentLineFactory.create_batch(2, case=case)
    url = reverse("cases:edit", args=[case.pk])
    clinician_client.get(url)  # the first request saves the session
    # Session, user with its centre (base.html's header asks no query of its own), groups;
    # the case with its patient; the access log row; sites; lines; the administrator's Ki-67
    # threshold (the panel's evaluation); the boards to choose from.
    with django_assert_num_queries(9):
        assert clinician_client.get(url).status_code == 200


def test_case_page_shows_its_session_earlier_presentations_and_contact_first(
    clinician_client, centre
):
    import datetime as dt

    from django.utils import timezone

    from tests.board_sessions.factories import AgendaItemFactory, BoardSessionFactory

    case = metastatic_case(centre=centre, status="registered")
    earlier = BoardSessionFactory(starts_at=timezone.now() - dt.timedelta(days=90))
    coming = BoardSessionFactory(starts_at=timezone.now() + dt.timedelta(days=9))
    AgendaItemFactory(session=earlier, case=case)
    AgendaItemFactory(session=coming, case=case)
    html = clinician_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    registered = html.index("Inscrit à la séance de")
    assert str(coming.board) in html[registered : registered + 300]
    assert "Présentations antérieures" in html
    assert timezone.localtime(earlier.starts_at).strftime("%d/%m/%Y") in html
    # The board contact comes before the panel and the record, not at the bottom.
    assert html.index('id="board-title"') < html.index('id="guideline-panel"')
