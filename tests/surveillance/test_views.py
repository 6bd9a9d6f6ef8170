"""The surveillance pages as a clinician uses them."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from icalendar import Calendar

from audit.models import AccessLog
from cases.models import Case
from surveillance.actions import record_exam, start_surveillance
from surveillance.models import ExpectedExam, Surveillance, SurveillanceExam
from surveillance.tasks import send_centre_digest, send_weekly_digests
from tests.surveillance.helpers import operated_case

pytestmark = pytest.mark.django_db

QUOTE = (
    "Imagerie des récepteurs à la somatostatine et imagerie dédiée en cas de suspicion de récidive."
)


@pytest.fixture
def ac_case(centre):
    case = operated_case("ac", surgery_date=dt.date(2019, 3, 10), centre=centre)
    case.patient.family_name = "NOMFICTIF-SURV"
    case.patient.ipp = "IPP-SURV-0042"
    case.patient.save()
    return case


@pytest.fixture
def surveillance(ac_case, clinician):
    return start_surveillance(case=ac_case, by=clinician)


def test_a_clinician_opens_surveillance_from_the_engine_plan(clinician_client, ac_case):
    page = clinician_client.get(reverse("surveillance:case", args=[ac_case.pk]))
    assert page.status_code == 200 and "Ouvrir la surveillance" in page.content.decode()
    response = clinician_client.post(reverse("surveillance:start", args=[ac_case.pk]))
    assert response.status_code == 302
    surveillance = Surveillance.objects.get(case=ac_case)
    assert surveillance.expected_exams.count() == 11
    assert "no-store" in page["Cache-Control"]


def test_a_case_without_surgery_cannot_open_surveillance(clinician_client, centre):
    case = operated_case("ac", centre=centre, surgery_done=None, surgery_date=None)
    response = clinician_client.post(reverse("surveillance:start", args=[case.pk]))
    assert response.status_code == 400
    assert "date de la chirurgie" in response.content.decode()
    assert not Surveillance.objects.exists()


def test_recording_a_suspicion_prompts_for_sstr_and_dedicated_imaging(
    clinician_client, surveillance
):
    expected = surveillance.expected_exams.order_by("month").first()
    response = clinician_client.post(
        reverse("surveillance:exam_add", args=[surveillance.case_id]),
        {
            "performed_on": "2019-07-12",
            "kind": "ct_early_arterial",
            "result": "suspicion",
            "expected": str(expected.pk),
            "comment": "Nodule hépatique de 8 mm, segment VI (fictif).",
        },
    )
    assert response.status_code == 302
    page = clinician_client.get(response["Location"]).content.decode()
    assert "Suspicion de récidive : le référentiel demande" in page
    assert QUOTE in page
    assert "règle L9" in page
    assert "Imagerie des récepteurs à la somatostatine" in page and "Imagerie dédiée" in page
    expected.refresh_from_db()
    assert expected.fulfilled_by.result == "suspicion"


def test_tc_n0_suspicion_says_the_text_is_silent(clinician_client, clinician, centre):
    surveillance = start_surveillance(case=operated_case("tc_n0", centre=centre), by=clinician)
    record_exam(
        surveillance=surveillance,
        by=clinician,
        performed_on=dt.date(2021, 1, 5),
        kind="liver_mri",
        result="suspicion",
    )
    page = clinician_client.get(reverse("surveillance:case", args=[surveillance.case_id]))
    assert "hors référentiel — à discuter en RCP" in page.content.decode()


def test_a_recurrence_opens_a_prefilled_case(clinician_client, clinician, surveillance):
    exam = record_exam(
        surveillance=surveillance,
        by=clinician,
        performed_on=dt.date(2023, 4, 2),
        kind="sstr_imaging",
        result="recurrence",
        comment="Fixations hépatiques (fictif).",
    )
    url = reverse("surveillance:recurrence_case", args=[surveillance.case_id, exam.pk])
    response = clinician_client.post(url)
    assert response.status_code == 302
    new = Case.objects.exclude(pk=surveillance.case_id).get()
    source = surveillance.case
    assert response["Location"] == reverse("cases:edit", args=[new.pk])
    assert new.patient_id == source.patient_id and new.reason == Case.Reason.RECURRENCE
    assert (new.histology, new.surgery_date, new.nodal_status) == (
        source.histology,
        source.surgery_date,
        source.nodal_status,
    )
    assert new.status == Case.Status.DRAFT and "02/04/2023" in new.clinical_summary
    # Twice: still one new case.
    clinician_client.post(url)
    assert Case.objects.count() == 2


def test_bad_exam_input_is_refused_next_to_the_field(clinician_client, surveillance):
    url = reverse("surveillance:exam_add", args=[surveillance.case_id])
    response = clinician_client.post(
        url,
        {
            "performed_on": "2019-07-12",
            "kind": "tep_fdg",
            "result": "suspicion",
            "report": SimpleUploadedFile("cr.pdf", b"not a pdf"),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Le compte rendu doit être un fichier PDF." in html
    assert "Sélectionnez un choix valide" in html
    future = clinician_client.post(
        url, {"performed_on": "2099-01-01", "kind": "liver_mri", "result": "no_recurrence"}
    )
    assert future.status_code == 400 and "futur" in future.content.decode()
    before = clinician_client.post(
        url, {"performed_on": "2018-01-01", "kind": "liver_mri", "result": "no_recurrence"}
    )
    assert before.status_code == 400 and "précéder la chirurgie" in before.content.decode()
    assert not SurveillanceExam.objects.exists()


def test_report_upload_and_download(clinician_client, surveillance):
    url = reverse("surveillance:exam_add", args=[surveillance.case_id])
    clinician_client.post(
        url,
        {
            "performed_on": "2019-07-12",
            "kind": "ct_early_arterial",
            "result": "no_recurrence",
            "report": SimpleUploadedFile("NOMFICTIF.pdf", b"%PDF-1.4 fictif\n%%EOF\n"),
        },
    )
    exam = SurveillanceExam.objects.get()
    assert "NOMFICTIF" not in exam.report.name
    response = clinician_client.get(
        reverse("surveillance:report", args=[surveillance.case_id, exam.pk])
    )
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_follow_up_status_needs_date_and_reason(clinician_client, surveillance):
    url = reverse("surveillance:status", args=[surveillance.case_id])
    response = clinician_client.post(url, {"status": "lost"})
    assert response.status_code == 400
    assert "Indiquez la date." in response.content.decode()
    response = clinician_client.post(
        url, {"status": "lost", "status_date": "2024-02-01", "status_reason": "Injoignable"}
    )
    assert response.status_code == 302
    surveillance.refresh_from_db()
    assert surveillance.get_status_display() == "Perdu de vue"


def test_a_secretary_reads_but_does_not_record(secretary_client, surveillance):
    page = secretary_client.get(reverse("surveillance:case", args=[surveillance.case_id]))
    assert page.status_code == 200 and "Enregistrer un examen" not in page.content.decode()
    response = secretary_client.post(
        reverse("surveillance:exam_add", args=[surveillance.case_id]),
        {"performed_on": "2019-07-12", "kind": "liver_mri", "result": "no_recurrence"},
    )
    assert response.status_code == 403


def test_ics_holds_the_pending_exams_and_the_ipp_only(clinician_client, surveillance):
    response = clinician_client.get(reverse("surveillance:ics", args=[surveillance.case_id]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == ExpectedExam.objects.filter(surveillance=surveillance).count()
    first = min(events, key=lambda e: e.decoded("dtstart"))
    assert first.decoded("dtstart") == dt.date(2019, 7, 10)
    assert "IPP-SURV-0042" in str(first["summary"])
    text = response.content.decode()
    assert "NOMFICTIF" not in text and "Dominique" not in text and "1961" not in text
    assert AccessLog.objects.filter(action="export_ics", case_id=surveillance.case_id).exists()


def test_recall_page_and_csv(clinician_client, surveillance):
    page = clinician_client.get(reverse("surveillance:recall"))
    assert page.status_code == 200
    assert "NOMFICTIF-SURV" in page.content.decode()  # the 2019 CT is overdue
    response = clinician_client.get(reverse("surveillance:recall_csv") + "?category=overdue")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Catégorie;Dossier;IPP")
    assert all(line.startswith("En retard;") for line in lines[1:]) and len(lines) > 1
    assert AccessLog.objects.filter(action="export_recall").count() == 1
    bad = clinician_client.get(reverse("surveillance:recall") + "?days=abc&category=x")
    assert bad.status_code == 200 and "Saisissez un nombre entier" in bad.content.decode()


def test_weekly_digest_sends_a_link_and_no_patient_data(surveillance, clinician, settings):
    settings.SITE_URL = "https://rcp.example.org"
    clinician.email = "clinicien-fictif@example.org"
    clinician.save()
    assert send_weekly_digests() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["clinicien-fictif@example.org"]
    assert "https://rcp.example.org/surveillance/" in message.body
    for secret in ("NOMFICTIF", "IPP-SURV-0042", "Dominique", str(surveillance.case_id)):
        assert secret not in message.body and secret not in message.subject
    # Once a week per centre, whatever the retries.
    assert send_centre_digest(surveillance.case.centre_id) == 0
    assert len(mail.outbox) == 1


def test_the_beat_schedule_runs_the_digest_weekly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["surveillance-weekly-digest"]
    assert entry["task"] == "surveillance.send_weekly_digests"
    assert entry["schedule"].day_of_week == {1}
