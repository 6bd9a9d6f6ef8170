"""Hostile values posted to every form and to the API: never a 500; a refusal names the field
and leaves every row as it was; what is accepted renders escaped on every page and in the PDF.
"""

from __future__ import annotations

import json
import random
from urllib.parse import quote_from_bytes, urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from hypothesis import example, given
from hypothesis import strategies as st

from audit.models import AccessLog
from board_sessions.models import AgendaItem, BoardSession, Participant
from boards.forms import BoardAdminForm
from boards.models import Board
from cases.forms import CASE_FIELDS, PATIENT_FIELDS
from cases.models import Case, MetastaticSite, Patient, TreatmentLine
from dossiers.render import render_case_pdf, render_session_pdf
from guidelines import engine
from tests.board_sessions.factories import BoardSessionFactory, ParticipantFactory
from tests.cases.factories import CaseFactory, metastatic_case
from tests.cases.helpers import form_data
from tests.dossiers.pdf_utils import pdf_text
from tests.factories import TEST_PASSWORD
from tests.security.conftest import drain
from tests.security.hostile import (
    FORM_SETTINGS,
    IMG,
    PAYLOADS,
    SCRIPT,
    SVG,
    assert_errors_shown,
    assert_no_foreign_script,
    hostile,
    numbers,
)

pytestmark = pytest.mark.django_db

CASE_FORM_FIELDS = [f"patient-{name}" for name in PATIENT_FIELDS] + list(CASE_FIELDS)
LINE_FIELDS = [
    "line-treatment",
    "line-start_date",
    "line-end_date",
    "line-best_response",
    "line-reason_stopped",
    "line-comment",
]
VALID_LINE = {
    "line-treatment": "everolimus",
    "line-start_date": "2025-02-01",
    "line-end_date": "2025-06-01",
    "line-best_response": "stable",
    "line-reason_stopped": "progression",
}
LOG_FILTERS = ["username", "action", "case_id", "session_id", "job_id", "ip_address", "since"]
LOG_FILTERS += ["until", "page"]
SESSION_FIELDS = ["board", "starts_at", "place", "video_link", "registration_deadline", "notes"]
PARTICIPANT_FIELDS = ["name", "specialty", "is_physician", "user"]
HX = {"HTTP_HX_REQUEST": "true"}


def rows(*models) -> tuple:
    """Row counts of the models and of their history tables."""
    counts = []
    for model in models:
        counts.append(model.objects.count())
        history = getattr(model, "history", None)
        if history is not None:
            counts.append(history.count())
    return tuple(counts)


def values(instance) -> dict:
    return type(instance).objects.filter(pk=instance.pk).values().get()


def case_state(case: Case) -> tuple:
    return values(case), values(case.patient), rows(Case, Patient, TreatmentLine, MetastaticSite)


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert_no_foreign_script(html)
    return html


def assert_case_pages_render(client, case: Case) -> None:
    """A record holding whatever was accepted still renders everywhere, escaped."""
    for name in ("cases:detail", "cases:edit", "cases:history"):
        html_of(client.get(reverse(name, args=[case.pk])))
    html_of(client.get(reverse("cases:list")))
    assert client.get(reverse("cases:evaluation_json", args=[case.pk])).status_code == 200
    svg = client.get(reverse("cases:timeline_svg", args=[case.pk]))
    assert svg.status_code == 200
    assert b"<script" not in svg.content


@pytest.fixture
def draft_case(clinician):
    return metastatic_case(centre=clinician.centre)


@pytest.fixture
def session(board, centre, secretary):
    return BoardSessionFactory(
        board=board,
        organiser_centre=centre,
        created_by=secretary,
        starts_at=timezone.now() + timezone.timedelta(days=10),
    )


# --- case forms ---------------------------------------------------------------------------------


@FORM_SETTINGS
@given(field=st.sampled_from(CASE_FORM_FIELDS), value=hostile)
@example(field="clinical_summary", value="x" * 100_000)
@example(field="patient-family_name", value="nul\x00octet")
@example(field="patient-birth_date", value="2026-02-30")
@example(field="patient-birth_date", value="0001-01-01")
@example(field="ki67_percent", value="NaN")
@example(field="ki67_percent", value="-1")
@example(field="mitoses_per_2mm2", value="1e309")
@example(field="surgery_date", value="31/12/2026")
@example(field="board", value="99999999999999999999999999")
@example(field="board", value="²")
@example(field="ki67_percent", value="9" * 5000)
@example(field="patient-ins", value="²" * 15)
@example(field="who_performance_status", value="١")
def test_case_create_form(clinician_client, field, value):
    before = rows(Case, Patient)
    response = clinician_client.post(reverse("cases:create"), {**form_data(), field: value})
    if response.status_code == 302:
        assert rows(Case, Patient)[0] == before[0] + 1
        assert_case_pages_render(clinician_client, Case.objects.latest("pk"))
    else:
        assert response.status_code == 400
        assert rows(Case, Patient) == before
        assert_errors_shown(response, "patient_form", "form")
        assert_no_foreign_script(response.content.decode())


@FORM_SETTINGS
@given(field=st.sampled_from([*CASE_FORM_FIELDS, "version"]), value=hostile)
def test_case_edit_form(clinician_client, draft_case, field, value):
    draft_case.refresh_from_db()
    before = case_state(draft_case)
    data = {**form_data(draft_case), field: value}
    response = clinician_client.post(reverse("cases:edit", args=[draft_case.pk]), data)
    if response.status_code == 302:
        assert values(draft_case)["version"] == before[0]["version"] + 1
        assert_case_pages_render(clinician_client, draft_case)
        return
    # Refused (400) or a stale version (409): the record is exactly as it was.
    assert response.status_code in (400, 409)
    assert case_state(draft_case) == before
    assert_no_foreign_script(response.content.decode())
    if response.status_code == 400 and field != "version":  # the version is a hidden field
        assert_errors_shown(response, "patient_form", "form")


@FORM_SETTINGS
@given(field=st.sampled_from(CASE_FORM_FIELDS), value=hostile, htmx=st.booleans())
def test_guideline_panel_previews_never_save(clinician_client, draft_case, field, value, htmx):
    before = case_state(draft_case)
    data = {**form_data(draft_case), field: value}
    for url in (reverse("cases:panel", args=[draft_case.pk]), reverse("cases:create_panel")):
        response = clinician_client.post(url, data, **(HX if htmx else {}))
        assert response.status_code == 200
        assert_no_foreign_script(response.content.decode())
    assert case_state(draft_case) == before


@FORM_SETTINGS
@given(field=st.sampled_from(LINE_FIELDS), value=hostile, htmx=st.booleans())
def test_treatment_line_form(clinician_client, draft_case, field, value, htmx):
    before = case_state(draft_case)
    response = clinician_client.post(
        reverse("cases:line_add", args=[draft_case.pk]),
        {**VALID_LINE, field: value},
        **(HX if htmx else {}),
    )
    assert response.status_code in (200, 302, 400)
    if rows(TreatmentLine)[0] == before[2][4] + 1:
        assert response.status_code in (200, 302)
        assert_case_pages_render(clinician_client, draft_case)
        return
    assert case_state(draft_case) == before
    assert_errors_shown(response, "line_form")
    assert_no_foreign_script(response.content.decode())


@FORM_SETTINGS
@given(field=st.sampled_from(["site-site", "site-details"]), value=hostile, htmx=st.booleans())
def test_metastatic_site_form(clinician_client, draft_case, field, value, htmx):
    before = case_state(draft_case)
    site = random.Random(value).choice(["bone", "lung", "peritoneum", "brain"])
    response = clinician_client.post(
        reverse("cases:site_add", args=[draft_case.pk]),
        {"site-site": site, "site-details": "", field: value},
        **(HX if htmx else {}),
    )
    assert response.status_code in (200, 302, 400)
    if rows(MetastaticSite)[0] == before[2][6] + 1:
        assert_case_pages_render(clinician_client, draft_case)
        return
    assert case_state(draft_case) == before
    assert_errors_shown(response, "site_form")
    assert_no_foreign_script(response.content.decode())


@FORM_SETTINGS
@given(junk=st.dictionaries(st.text(max_size=20), hostile, max_size=3))
def test_mark_ready_ignores_whatever_else_is_posted(clinician_client, draft_case, junk):
    Case.objects.filter(pk=draft_case.pk).update(status=Case.Status.DRAFT)
    response = clinician_client.post(reverse("cases:mark_ready", args=[draft_case.pk]), junk)
    assert response.status_code == 302
    assert values(draft_case)["status"] == Case.Status.READY


# --- sessions -----------------------------------------------------------------------------------


def _session_data(session) -> dict:
    return {"board": session.board_id, "starts_at": "2031-03-04T14:00", "place": "Salle B"}


@FORM_SETTINGS
@given(field=st.sampled_from(SESSION_FIELDS), value=hostile)
@example(field="starts_at", value="0001-01-01T00:00")
@example(field="starts_at", value="9999-12-31T23:59")
@example(field="registration_deadline", value="0001-01-01T00:00")
@example(field="video_link", value="javascript:alert(1)")
def test_session_create_form(secretary_client, session, field, value):
    before = rows(BoardSession)
    data = {**_session_data(session), field: value}
    response = secretary_client.post(reverse("board_sessions:create"), data)
    if response.status_code == 302:
        assert rows(BoardSession)[0] == before[0] + 1
        created = BoardSession.objects.latest("pk")
        html_of(secretary_client.get(reverse("board_sessions:detail", args=[created.pk])))
        html_of(secretary_client.get(reverse("board_sessions:list")))
        return
    assert response.status_code == 200
    assert rows(BoardSession) == before
    assert_errors_shown(response, "form")
    assert_no_foreign_script(response.content.decode())


@FORM_SETTINGS
@given(field=st.sampled_from(SESSION_FIELDS), value=hostile)
@example(field="starts_at", value="0001-01-01T00:00")
@example(field="registration_deadline", value="0001-01-01T00:00")
def test_session_edit_form(secretary_client, session, field, value):
    before = values(session), rows(BoardSession)
    data = {**_session_data(session), field: value}
    response = secretary_client.post(reverse("board_sessions:edit", args=[session.pk]), data)
    if response.status_code == 302:
        html_of(secretary_client.get(reverse("board_sessions:detail", args=[session.pk])))
        return
    assert response.status_code == 200
    assert (values(session), rows(BoardSession)) == before
    assert_errors_shown(response, "form")
    assert_no_foreign_script(response.content.decode())


@FORM_SETTINGS
@given(field=st.sampled_from(PARTICIPANT_FIELDS), value=hostile, htmx=st.booleans())
def test_participant_form(secretary_client, session, field, value, htmx):
    before = rows(Participant)
    data = {"name": "Dr Nouveau-Fictif", "specialty": "pathology", "is_physician": "on"}
    response = secretary_client.post(
        reverse("board_sessions:participant_add", args=[session.pk]),
        {**data, field: value},
        **(HX if htmx else {}),
    )
    assert response.status_code in (200, 302)
    if rows(Participant)[0] == before[0] + 1:
        html_of(secretary_client.get(reverse("board_sessions:detail", args=[session.pk])))
        return
    assert rows(Participant) == before
    assert_errors_shown(response, "participant_form")
    assert_no_foreign_script(response.content.decode())


@FORM_SETTINGS
@given(value=hostile, htmx=st.booleans(), a_case_is_ready=st.booleans())
@example(value=SCRIPT, htmx=False, a_case_is_ready=False)
def test_register_case_form(secretary_client, session, centre, value, htmx, a_case_is_ready):
    if a_case_is_ready:  # the form itself is shown only then; the refusal is shown either way
        CaseFactory(centre=centre, status=Case.Status.READY)
    before = rows(AgendaItem, Case)
    response = secretary_client.post(
        reverse("board_sessions:register_case", args=[session.pk]),
        {"case": value},
        **(HX if htmx else {}),
    )
    assert response.status_code == 200
    assert rows(AgendaItem, Case) == before
    assert_errors_shown(response, "register_form")
    assert_no_foreign_script(response.content.decode())


@FORM_SETTINGS
@given(item=st.one_of(hostile, numbers), direction=hostile, htmx=st.booleans())
def test_reorder_form(secretary_client, session, centre, item, direction, htmx):
    for position in (1, 2):
        case = CaseFactory(centre=centre, status=Case.Status.REGISTERED)
        AgendaItem.objects.create(session=session, case=case, position=position)
    before = rows(AgendaItem)
    response = secretary_client.post(
        reverse("board_sessions:reorder", args=[session.pk]),
        {"item": item, "direction": direction},
        **(HX if htmx else {}),
    )
    assert response.status_code in (200, 302, 404)
    assert rows(AgendaItem) == before
    positions = sorted(session.agenda_items.values_list("position", flat=True))
    assert positions == list(range(1, len(positions) + 1))
    AgendaItem.objects.filter(session=session).delete()


# --- administration, access log, login ----------------------------------------------------------


def _board_admin_data(board: Board) -> dict:
    form = BoardAdminForm(instance=board)
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, list):
            data[name] = value
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = field.prepare_value(value) if value is not None else ""
    data["_save"] = "Enregistrer"
    return data


@FORM_SETTINGS
@given(field=st.sampled_from(list(BoardAdminForm.base_fields)), value=hostile)
def test_board_admin_change_form(admin_client_role, board, field, value):
    before = values(board), rows(Board)
    url = reverse("admin:boards_board_change", args=[board.pk])
    response = admin_client_role.post(url, {**_board_admin_data(board), field: value})
    if response.status_code == 302:
        html_of(admin_client_role.get(reverse("boards:contacts")))
        return
    assert response.status_code == 200
    assert (values(board), rows(Board)) == before
    assert_errors_shown(response, "adminform")


@FORM_SETTINGS
@given(
    params=st.dictionaries(
        st.sampled_from(LOG_FILTERS),
        hostile,
        min_size=1,
        max_size=3,
    )
)
def test_access_log_filters(admin_client_role, params):
    response = admin_client_role.get(reverse("audit:list"), params)
    html = html_of(response)
    form = response.context["form"]
    if not form.is_valid():
        assert_errors_shown(response, "form")
    assert html.rstrip().endswith("</html>")  # rendered in full, not cut by an error
    assert AccessLog.objects.count() == 0


@FORM_SETTINGS
@given(username=hostile, password=hostile)
@example(username="x" * 100_000, password="y")
@example(username="a\x00b", password="y")
def test_login_form(clinician, username, password):
    client = Client(REMOTE_ADDR="192.0.2.77")
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    if response.status_code == 200:
        assert_errors_shown(response, "form")
        assert_no_foreign_script(response.content.decode())


def test_an_over_long_identifier_is_a_field_error_not_a_server_error(clinician):
    for url in (reverse("login"), reverse("admin:login")):
        client = Client()
        response = client.post(url, {"username": "x" * 100_000, "password": TEST_PASSWORD})
        assert response.status_code == 200
        assert response.context["form"].errors["username"]


# --- the API ------------------------------------------------------------------------------------

api_values = st.one_of(
    hostile,
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.lists(hostile, max_size=3),
    st.none(),
    st.booleans(),
)


@FORM_SETTINGS
@given(facts=st.dictionaries(st.sampled_from(sorted(engine.FACT_NAMES)), api_values, max_size=6))
def test_guideline_api(clinician_client, facts):
    body = json.dumps(facts)  # NaN and Infinity go out as the bare tokens JSON parsers meet
    response = clinician_client.post(
        reverse("guidelines:evaluate_api"), body, content_type="application/json"
    )
    assert response.status_code in (200, 400, 413)
    payload = response.json()
    if response.status_code != 200:
        assert payload["errors"] and all(
            isinstance(message, str)
            for messages in payload["errors"].values()
            for message in messages
        )


# Deep nesting, numbers past any bound, unicode digits: JSON shapes that used to give a 500.
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.text(max_size=10),
        st.sampled_from(["²", "١٢", "①"]),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=20,
)
DEEP = 100_000


@FORM_SETTINGS
@given(fact=st.sampled_from(sorted(engine.FACT_NAMES)), value=json_values)
@example(fact="ki67_percent", value=int("9" * 4000))
@example(fact="who_performance_status", value="²")
def test_guideline_api_with_nested_and_huge_values(clinician_client, fact, value):
    response = clinician_client.post(
        reverse("guidelines:evaluate_api"),
        json.dumps({fact: value}),
        content_type="application/json",
    )
    assert response.status_code in (200, 400)


@pytest.mark.parametrize(
    "body",
    [
        b"[" * DEEP + b"]" * DEEP,
        b'{"a":' * 20_000 + b"1" + b"}" * 20_000,
        b'{"histology": ' + b"[" * 40 + b"]" * 40 + b"}",
        b'{"ki67_percent": ' + b"9" * 5000 + b"}",
        b'{"ki67_percent": 1' + b"0" * 400 + b".5}",
        b'{"ki67_percent": 1e400}',
        b'{"who_performance_status": -' + b"1" * 4400 + b"}",
        '{"ki67_percent": "١٢", "who_performance_status": "²"}'.encode(),
        b"\xff\xfe{}",
    ],
    ids=[
        "deep-list",
        "deep-object",
        "depth-40",
        "huge-int",
        "long-float",
        "1e400",
        "negative",
        "unicode-digits",
        "not-utf8",
    ],
)
def test_guideline_api_refuses_unbounded_json_with_a_400(clinician_client, body):
    response = clinician_client.post(
        reverse("guidelines:evaluate_api"), body, content_type="application/json"
    )
    assert response.status_code in (400, 413)
    assert all(isinstance(m, str) for ms in response.json()["errors"].values() for m in ms)


QUERY_PARAMS = ["page", "board", "q", "status", "histology", "extent", *LOG_FILTERS]


@pytest.mark.parametrize("value", ["²", "١٢", "①", "9" * 5000, "1e309", "-1", "0x1F", "\x00"])
def test_query_strings_never_break_a_page(world, value):
    """Every GET page of the access matrix, every query parameter any of them reads."""
    from tests.security.routes import ROUTES

    for name, route in sorted(ROUTES.items()):
        if "GET" not in route.methods:
            continue
        client = world.client(route.allowed_user("GET"))
        url = reverse(name, kwargs=route.kwargs(world))
        response = client.get(url, dict.fromkeys(QUERY_PARAMS, value))
        drain(response)
        assert response.status_code in (*route.ok_statuses, 400), (name, response.status_code)


@pytest.mark.parametrize(
    "body", [b'{"histology": "\\ud800"}', b'{"\\udfff": 1}', b'{"histology": ["\\ud83d"]}']
)
def test_guideline_api_refuses_lone_surrogates(clinician_client, body):
    response = clinician_client.post(
        reverse("guidelines:evaluate_api"), body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["__input__"]


# --- undecodable bytes (lone surrogates as sent by a broken client) -----------------------------

SURROGATE = quote_from_bytes("a\ud800b".encode("utf-8", "surrogatepass"))


def _raw_post(client, url, data: dict, raw_field: str, **headers):
    body = urlencode(data) + f"&{raw_field}={SURROGATE}"
    return client.generic(
        "POST", url, body, content_type="application/x-www-form-urlencoded", **headers
    )


def test_undecodable_bytes_never_break_a_form(clinician_client, draft_case):
    create = _raw_post(
        clinician_client,
        reverse("cases:create"),
        {k: v for k, v in form_data().items() if k != "clinical_summary"},
        "clinical_summary",
    )
    assert create.status_code in (302, 400)
    line = _raw_post(
        clinician_client,
        reverse("cases:line_add", args=[draft_case.pk]),
        VALID_LINE,
        "line-comment",
        **HX,
    )
    assert line.status_code == 200
    login = _raw_post(Client(), reverse("login"), {"password": "x"}, "username")
    assert login.status_code == 200


# --- escaping of accepted free text ------------------------------------------------------------

FREE_TEXT = {
    "clinical_summary": SCRIPT + " résumé",
    "question": IMG + " question",
    "comorbidities": SVG + " comorbidités",
    "discovery_circumstances": SCRIPT + IMG,
    "referring_physician": "Dr " + IMG,
}


@pytest.fixture
def hostile_case(clinician_client, clinician):
    response = clinician_client.post(
        reverse("cases:create"),
        form_data(patient={"family_name": SVG, "given_names": SCRIPT}, **FREE_TEXT),
    )
    assert response.status_code == 302
    case = Case.objects.get(patient__ipp="TEST-NEW-1")
    clinician_client.post(
        reverse("cases:line_add", args=[case.pk]), {**VALID_LINE, "line-comment": SCRIPT + SVG}
    )
    clinician_client.post(
        reverse("cases:site_add", args=[case.pk]), {"site-site": "bone", "site-details": IMG}
    )
    edit = form_data(case, clinical_summary=SCRIPT + " résumé modifié " + IMG)
    assert clinician_client.post(reverse("cases:edit", args=[case.pk]), edit).status_code == 302
    assert case.treatment_lines.get().comment == SCRIPT + SVG  # stored as typed
    return case


def test_script_payloads_come_out_escaped_in_every_page(hostile_case, clinician_client, secretary):
    case = hostile_case
    secretary_client = Client()  # the `client` fixture is already the clinician's
    secretary_client.force_login(secretary)
    pages = {
        "case page": clinician_client.get(reverse("cases:detail", args=[case.pk])),
        "case page (secretary)": secretary_client.get(reverse("cases:detail", args=[case.pk])),
        "edit page": clinician_client.get(reverse("cases:edit", args=[case.pk])),
        "history": clinician_client.get(reverse("cases:history", args=[case.pk])),
        "list": clinician_client.get(reverse("cases:list")),
        "list (htmx)": clinician_client.get(reverse("cases:list"), {"q": "svg"}, **HX),
    }
    for where, response in pages.items():
        html = html_of(response)
        if where != "history":  # the history lists changes: the name did not change
            # The patient's name, shown as text (upper-cased where the full name is shown).
            assert escape(SVG) in html or escape(str(case.patient)) in html, where
    case_page = pages["case page"].content.decode()
    for payload in PAYLOADS:
        assert escape(payload) in case_page
    assert escape(SCRIPT + " résumé modifié " + IMG) in pages["history"].content.decode()
    svg = clinician_client.get(reverse("cases:timeline_svg", args=[case.pk])).content.decode()
    assert "<script" not in svg and "onerror=" not in svg.replace("onerror=alert", "")


def test_script_payloads_are_plain_text_in_the_case_dossier(hostile_case):
    text = pdf_text(render_case_pdf(hostile_case))
    for value in (SVG, SCRIPT, SCRIPT + " résumé modifié " + IMG, IMG + " question"):
        assert value in text, value


def test_script_payloads_are_escaped_on_the_session_page_and_in_its_pdf(
    secretary_client, session, centre
):
    case = CaseFactory(
        centre=centre, metastatic=True, status=Case.Status.REGISTERED, question=SCRIPT
    )
    AgendaItem.objects.create(session=session, case=case, position=1)
    ParticipantFactory(session=session, name="Dr " + SCRIPT)
    BoardSession.objects.filter(pk=session.pk).update(place=IMG, notes=SVG)
    html = html_of(secretary_client.get(reverse("board_sessions:detail", args=[session.pk])))
    assert escape("Dr " + SCRIPT) in html and escape(IMG) in html
    text = pdf_text(render_session_pdf(session, centres=[centre]))
    assert "Dr " + SCRIPT in text
    assert IMG in text
