"""Real PDFs, read back: what the board reads must be complete, exact and safe."""

from __future__ import annotations

import datetime as dt
import re
import threading
from http.server import ThreadingHTTPServer

import pytest
from django.utils import timezone
from django.utils.html import conditional_escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Case, Patient, TreatmentLine
from dossiers.context import build_case_dossier
from dossiers.fetcher import SafeURLFetcher
from dossiers.render import case_html, case_queryset, render_case_pdf, render_session_pdf
from guidelines.engine import ENGINE_VERSION, REFERENTIEL_ID
from tests.cases.factories import CaseFactory, TreatmentLineFactory, localised_case
from tests.dossiers.conftest import GENERATED_AT, QUALIFIED_INS, cpc_case
from tests.dossiers.helpers import register_case
from tests.dossiers.pdf_utils import page_texts, pdf_text
from tests.dossiers.test_fetcher import _RecordingHandler
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _ready(case: Case) -> Case:
    Case.objects.filter(pk=case.pk).update(status=Case.Status.READY)
    case.refresh_from_db()
    return case


def test_case_dossier_prints_identity_question_options_rules_and_pages(
    case_with_cpc, board_session, secretary
):
    register_case(session=board_session, case=_ready(case_with_cpc), by=secretary)

    pdf = render_case_pdf(case_with_cpc, generated_at=GENERATED_AT)
    pages = page_texts(pdf)
    text = " ".join(pages)

    # Header: board, session date and the board's contact.
    assert "RCP RENATEN fictive Rhône-Alpes" in text
    assert "Séance du 12 mars 2026 à 14:00" in text
    assert "04 72 11 00 94" in text
    # Identity, with the qualified INS.
    assert "FICTIVE-ROSSIGNOL Camille" in text
    assert "12 avril 1961" in text
    assert QUALIFIED_INS in text
    assert "identité qualifiée" in text
    # Reason and question.
    assert "Progression" in text
    assert "Faut-il proposer une RIV par Lutathera ?" in text
    # Facts, imaging with dates, treatment lines.
    assert "Carcinoïde atypique (CA)" in text
    assert "Positive (fixante) — 20 juillet 2025" in text
    assert "Évérolimus (Afinitor®)" in text
    assert "15 février 2024" in text
    # Options with their regulatory flags and the conditions the text sets.
    assert "Radiothérapie interne vectorisée (RIV) par Lutathera® (177Lu-DOTATATE)" in text
    assert "Cadre de prescription compassionnelle (CPC)" in text
    assert "Conditions du CPC" in text
    assert "Information du patient" in text
    assert "Sur proposition de la RCP nationale RENATEN" in text
    assert "Hors AMM" in text
    assert "Conditions de la prescription hors AMM" in text
    assert "Validation préalable en RCP RENATEN" in text
    assert "À discuter en RCP" in text
    # Alerts, unmet prerequisites, cited rules and sections, référentiel version.
    assert "Discussion en RCP de recours RENATEN requise" in text
    assert "Options non éligibles ou non recommandées" in text and "Exclu par" in text
    assert "Règles : T7, T8 · section 5.5" in text
    assert "Règles du référentiel citées" in text
    assert REFERENTIEL_ID in text
    assert f"moteur {ENGINE_VERSION}" in text
    # Generation date and "page X / Y" on every page.
    assert "Généré le 2 mars 2026 à 09:30" in text
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"page {number} / {len(pages)}" in page


def test_ins_is_printed_only_when_the_identity_is_qualified(centre):
    case = cpc_case(centre)
    Patient.objects.filter(pk=case.patient_id).update(
        ins=QUALIFIED_INS, ins_status=Patient.InsStatus.VALIDATED
    )
    text = pdf_text(render_case_pdf(case, generated_at=GENERATED_AT))
    assert QUALIFIED_INS not in text
    assert "non imprimé : identité non qualifiée (statut : Validée)" in text


def test_a_case_without_enough_facts_says_so_instead_of_options(centre):
    case = CaseFactory(centre=centre, disease_extent="", histology="")
    text = pdf_text(render_case_pdf(case, generated_at=GENERATED_AT))
    assert "Évaluation par le référentiel impossible" in text
    assert "Hors référentiel — à discuter en RCP." in text
    assert "page 1 /" in text


def test_localised_case_prints_follow_up_and_no_cpc(centre):
    case = localised_case(centre=centre)
    text = pdf_text(render_case_pdf(case, generated_at=GENERATED_AT))
    assert "Surveillance" in text
    assert "Conditions du CPC" not in text
    assert "Dossier non inscrit à une séance" in text


@pytest.fixture
def http_trap():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RecordingHandler)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def test_free_text_is_escaped_printed_and_never_fetched(centre, http_trap):
    port = http_trap.server_address[1]
    hostile = (
        f'<img src="http://127.0.0.1:{port}/q.png"> <b>gras</b> & "guillemets" '
        f"<style>@import url(http://127.0.0.1:{port}/s.css);</style>"
    )
    case = cpc_case(
        centre,
        question=hostile,
        clinical_summary="<script>alert(1)</script><link rel=stylesheet href=file:///etc/passwd>",
        referring_physician=f'<svg><image href="http://127.0.0.1:{port}/svg.png"/></svg>',
    )
    TreatmentLineFactory(
        case=case,
        treatment="chemo_temozolomide",
        start_date=dt.date(2025, 7, 1),
        comment=f'<img src="http://169.254.169.254/latest/meta-data/"> {"x" * 10}',
    )
    case = case_queryset().get(pk=case.pk)

    html = case_html(build_case_dossier(case, generated_at=GENERATED_AT))
    assert "<img src=" not in html
    assert "&lt;img src=&quot;http://127.0.0.1" in html
    assert "<script>" not in html

    fetcher = SafeURLFetcher()
    from dossiers.pdf import html_to_pdf

    text = pdf_text(html_to_pdf(html, fetcher=fetcher))
    assert http_trap.hits == []
    assert fetcher.refused == []  # nothing but our own stylesheet was even asked for
    assert f'<img src="http://127.0.0.1:{port}/q.png"> <b>gras</b> & "guillemets"' in text
    assert "<script>alert(1)</script>" in text


def test_same_record_and_date_give_the_same_bytes(case_with_cpc):
    first = render_case_pdf(case_with_cpc, generated_at=GENERATED_AT)
    second = render_case_pdf(case_with_cpc, generated_at=GENERATED_AT)
    assert first == second


def test_long_dossier_with_eight_treatment_lines(centre):
    case = cpc_case(centre)
    start = dt.date(2015, 1, 1)
    for index in range(6):
        TreatmentLineFactory(
            case=case,
            treatment=["chemo_temozolomide", "chemo_oxaliplatin", "liver_embolization"][index % 3],
            start_date=start + dt.timedelta(days=200 * index),
            end_date=start + dt.timedelta(days=200 * index + 150),
            best_response=TreatmentLine.BestResponse.PARTIAL,
            reason_stopped=TreatmentLine.ReasonStopped.COMPLETED,
        )
    pages = page_texts(render_case_pdf(case, generated_at=GENERATED_AT))
    text = " ".join(pages)
    assert case.treatment_lines.count() == 8
    assert "Chronologie des traitements — 8 ligne(s)" not in text  # SVG title is not printed
    assert text.count("Réponse partielle") >= 6
    assert f"page {len(pages)} / {len(pages)}" in pages[-1]


def test_session_pdf_has_a_cover_then_each_case_in_agenda_order(
    board_session, centre, other_centre, secretary
):
    first = _ready(cpc_case(centre, question="Question du premier dossier ?"))
    second = _ready(localised_case(centre=centre, question="Question du second dossier ?"))
    foreign = _ready(cpc_case(other_centre, question="Question d'un autre centre ?"))
    Patient.objects.filter(pk=foreign.patient_id).update(family_name="ETRANGER-FICTIF")
    register_case(session=board_session, case=second, by=secretary)
    register_case(session=board_session, case=first, by=secretary)
    register_case(
        session=board_session,
        case=foreign,
        by=UserFactory(centre=other_centre, role="secretary"),
    )
    progress = []

    pdf = render_session_pdf(
        board_session,
        centres=[centre],
        generated_at=GENERATED_AT,
        progress=lambda done, total: progress.append((done, total)),
    )
    pages = page_texts(pdf)

    assert progress == [(1, 2), (2, 2)]
    cover = pages[0]
    assert "Ordre du jour de la séance" in cover
    assert cover.index(str(second.patient)) < cover.index(str(first.patient))
    assert f"Dossier n° {foreign.pk} — Hôpital fictif d'ailleurs" in cover
    assert "non inclus dans ce document" in cover
    assert "Quorum atteint" in cover
    total = len(pages)
    assert f"page 1 / {total}" in cover  # the whole document is numbered
    text = " ".join(pages)
    assert "ETRANGER-FICTIF" not in text
    assert "Question d'un autre centre ?" not in text
    # The second case comes first (stored dossiers are the same whatever the session's order,
    # so they carry no "dossier k/n": the whole document's numbers and the agenda say where).
    assert "Question du second dossier ?" in cover  # own cases' questions are on the agenda
    second_start = next(i for i, p in enumerate(pages[1:], 1) if "Question du second" in p)
    first_start = next(i for i, p in enumerate(pages[1:], 1) if "Question du premier" in p)
    assert second_start == 1
    assert second_start < first_start
    assert "Séance du 12 mars 2026 à 14:00" in pages[first_start]
    # Every page carries its number in the whole document...
    for index, page in enumerate(pages):
        assert f"page {index + 1} / {total}" in page
    # ...and the agenda gives each case's first page, where its dossier indeed starts.
    refs = [int(n) for n in re.findall(r"\bp\. (\d+)\b", cover)]
    assert refs == [second_start + 1, first_start + 1]


def test_generation_date_is_local_time(case_with_cpc):
    at = timezone.make_aware(dt.datetime(2026, 7, 14, 23, 45), dt.UTC)
    text = pdf_text(render_case_pdf(case_with_cpc, generated_at=at))
    assert "Généré le 15 juillet 2026 à 01:45" in text


def test_a_case_dossier_names_its_planned_session_rather_than_a_past_one(
    board, centre, secretary, case_with_cpc
):
    from board_sessions.actions import lock_session
    from dossiers.context import current_session
    from tests.board_sessions.factories import BoardSessionFactory

    past = BoardSessionFactory(
        board=board, organiser_centre=centre, starts_at=timezone.now() - dt.timedelta(days=20)
    )
    register_case(session=past, case=_ready(case_with_cpc), by=secretary)
    lock_session(session=past, by=secretary)
    assert current_session(case_with_cpc) == past

    upcoming = BoardSessionFactory(
        board=board, organiser_centre=centre, starts_at=timezone.now() + dt.timedelta(days=20)
    )
    register_case(session=upcoming, case=_ready(case_with_cpc), by=secretary)
    assert current_session(case_with_cpc) == upcoming


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=200))
def test_any_free_text_reaches_the_html_escaped(case_with_cpc, text):
    case = case_queryset().get(pk=case_with_cpc.pk)
    case.question = text
    case.clinical_summary = text
    case.referring_physician = text
    html = case_html(build_case_dossier(case, generated_at=GENERATED_AT))
    assert html.count(str(conditional_escape(text))) >= 3
