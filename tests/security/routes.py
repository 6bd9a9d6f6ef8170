"""Every URL of the apps holding patient data or their access rules, read from the resolver,
and what each user may do there.

A URL added later is picked up by `app_routes()`; until it is classified in ROUTES the access
matrix fails (test_every_url_is_classified).

Outcomes for a user:
- OK: the view serves them (200 or 302; some routes also answer 400 for a refused action);
- READ: served (200/302) but centre A's records stay unchanged and never show A's patient;
- 403 / 404: refused, nothing changes, nothing of A's patient is shown.
Administrators manage contacts and accounts: they get 404 on case URLs (the case helpers
hide existence from anyone who may not read it) and 403 on role-gated pages.
By design (board_sessions/access.py), sessions are shared by the whole network: a secretary of
another centre sees a session of centre A (without A's patient identities), may try to register
their own cases (READ: nothing of A changes) but gets 403 when managing it and 404 on A's
agenda items, cases and export jobs.
Decisions (decisions/policies.py): centre B's clinician coordinates the board of A's held
session, so they read, record and validate its items (not A's case pages, PPS or treatments);
A's secretary (the meeting's secretary) records; A's clinician reads, drafts the PPS and
records the treatment started; B's secretary gets 404.
National board (referrals): NAT_SECR, a secretary of a third centre and of the national board
to which A's case is referred, is any other centre's secretary (its default outcome is SECR_B's)
except on the referral's own pages — the referral, its case summary and its attachments —
which it reads (and registers in a national session). Case pages stay closed to it (404).
Anonymous visitors: every URL of the apps and of the project (`project_routes()`: home, logout,
session status) but the login page sends them to the login page, GET or POST, htmx or not, and
changes nothing; the one test of that rule is test_anonymous_is_sent_to_login.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from tests.attachments.factories import blank_pdf
from tests.cases.helpers import form_data
from tests.security.conftest import NAT_SECR, SECR_B, USERS

APPS = (
    "cases",
    "board_sessions",
    "dossiers",
    "guidelines",
    "audit",
    "boards",
    "decisions",
    "attachments",
    "referrals",
    "surveillance",
    "indicators",
    "interop",
)

OK, READ = "ok", "read"
OK_STATUSES = frozenset({200, 302})


def app_routes() -> dict[str, URLPattern]:
    """{"app:name": pattern} for every URL pattern mounted under the apps' namespaces."""
    found: dict[str, URLPattern] = {}

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif namespace in APPS:
                found[f"{namespace}:{entry.name or f'<sans nom> {entry.pattern}'}"] = entry

    walk(get_resolver().url_patterns, None)
    return found


# Outside the apps, the pages open to anonymous visitors (the admin site has its own login).
PUBLIC = frozenset({"login"})


def project_routes() -> dict[str, URLPattern]:
    """{"name": pattern} for the named URLs outside the apps and the admin site, but PUBLIC."""
    found: dict[str, URLPattern] = {}

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
                walk(entry.url_patterns, inner, entry.namespace or namespace)
            elif entry.name and namespace not in (*APPS, "admin"):
                found[f"{prefix}{entry.name}"] = entry

    walk(get_resolver().url_patterns, "", None)
    return {name: pattern for name, pattern in found.items() if name not in PUBLIC}


def parameters(pattern: URLPattern) -> set[str]:
    return set(pattern.pattern.converters)


@dataclass(frozen=True)
class Route:
    kwargs: Callable  # world -> URL kwargs (centre A's objects)
    methods: tuple[str, ...]  # the methods the view answers; others get 405 (or 403/404 first)
    expect: dict[str, str | int]
    data: Callable | None = None  # world -> the POST a legitimate user sends
    json: bool = False
    ok_statuses: frozenset[int] = field(default=OK_STATUSES)
    post_expect: dict[str, str | int] | None = None  # when POST has its own rule

    def outcome(self, user: str, method: str) -> str | int:
        if method == "POST" and self.post_expect is not None:
            return self.post_expect[user]
        return self.expect[user]

    def allowed_user(self, method: str) -> str:
        """A user this route serves for `method` (for positive controls)."""
        return next(user for user in USERS if self.outcome(user, method) in (OK, READ))

    def payload(self, world) -> dict:
        """Keyword arguments for Client.post."""
        if self.data is None:
            return {}
        data = self.data(world)
        if self.json:
            return {"data": json.dumps(data), "content_type": "application/json"}
        return {"data": data}


def _users(**by_label) -> dict[str, str | int]:
    outcomes = {label.lower(): outcome for label, outcome in by_label.items()}
    # The national board's secretary is another centre's secretary unless a rule says otherwise.
    outcomes.setdefault(NAT_SECR, outcomes[SECR_B])
    return outcomes


# Who may do what, by kind of URL.
CASE_READ = _users(clin_a=OK, secr_a=OK, admin=404, clin_b=404, secr_b=404)
CASE_EDIT = _users(clin_a=OK, secr_a=403, admin=404, clin_b=404, secr_b=404)
CASE_CREATE = _users(clin_a=OK, clin_b=OK, secr_a=403, secr_b=403, admin=403)
CASE_LIST = _users(clin_a=OK, secr_a=OK, admin=403, clin_b=READ, secr_b=READ)
SESSION_READ = _users(secr_a=OK, secr_b=READ, clin_a=403, clin_b=403, admin=403)
SESSION_CREATE = _users(secr_a=OK, secr_b=OK, clin_a=403, clin_b=403, admin=403)
SESSION_MANAGE = _users(secr_a=OK, secr_b=403, clin_a=403, clin_b=403, admin=403)
OWN_CENTRE_SECRETARY = _users(secr_a=OK, secr_b=404, clin_a=403, clin_b=403, admin=403)
ADMIN_ONLY = _users(admin=OK, clin_a=403, secr_a=403, clin_b=403, secr_b=403)
EVERYONE = _users(clin_a=READ, secr_a=READ, admin=READ, clin_b=READ, secr_b=READ)
# Aggregates of the boards a user answers for: administrators, the organising centre's
# secretary, a board's coordinator (clin_b coordinates the held session's board).
# Indicators: a secretary sees the boards whose sessions their centre organises (the national
# board's secretary organises the national session), a coordinator their boards.
INDICATORS = _users(admin=OK, secr_a=OK, clin_a=403, clin_b=OK, secr_b=403, nat_secr=OK)

# Decisions: clin_b coordinates the held session's board.
DECISION_INDEX = _users(clin_a=OK, secr_a=OK, clin_b=READ, secr_b=READ, admin=403)
DECISION_READ = _users(clin_a=OK, secr_a=OK, clin_b=OK, secr_b=404, admin=403)
DECISION_RECORD = _users(secr_a=OK, clin_b=OK, clin_a=403, secr_b=404, admin=403)
DECISION_VALIDATE = _users(clin_b=OK, clin_a=403, secr_a=403, secr_b=404, admin=403)
DECISION_PPS_EDIT = _users(clin_a=OK, secr_a=403, clin_b=403, secr_b=404, admin=403)
CASE_DECISIONS_READ = _users(clin_a=OK, secr_a=OK, clin_b=404, secr_b=404, admin=403)
CASE_DECISIONS_CLINICIAN = _users(clin_a=OK, secr_a=403, clin_b=404, secr_b=404, admin=403)

# Referrals: the case's centre, and the national board's secretary (the referral is to it).
REFERRAL_READ = _users(secr_a=OK, nat_secr=OK, secr_b=404, clin_a=403, clin_b=403, admin=403)
REFERRAL_LIST = _users(secr_a=OK, nat_secr=READ, secr_b=READ, clin_a=403, clin_b=403, admin=403)
REFERRAL_REGISTER = _users(nat_secr=OK, secr_a=403, secr_b=404, clin_a=403, clin_b=403, admin=403)
REFERRAL_CREATE = _users(secr_a=OK, nat_secr=404, secr_b=404, clin_a=403, clin_b=403, admin=403)
REFERRAL_WITHDRAW = _users(secr_a=OK, nat_secr=READ, secr_b=404, clin_a=403, clin_b=403, admin=403)
REFERRED_ATTACHMENT = _users(clin_a=OK, secr_a=OK, nat_secr=OK, clin_b=404, secr_b=404, admin=404)
CLINICIAN_SESSIONS = _users(clin_a=OK, clin_b=READ, secr_a=403, secr_b=403, admin=403, nat_secr=403)
# The invitation holds no patient data: any reader of the session (a clinician of its boards).
SESSION_CALENDAR = _users(
    clin_a=READ, secr_a=READ, secr_b=READ, clin_b=404, admin=404, nat_secr=READ
)
CLINICIAN_REQUEST = _users(clin_a=OK, clin_b=404, secr_a=403, secr_b=403, admin=403, nat_secr=403)

assert all(set(group) == set(USERS) for group in (
    CASE_READ, CASE_EDIT, CASE_CREATE, CASE_LIST, SESSION_READ, SESSION_CREATE, SESSION_MANAGE,
    OWN_CENTRE_SECRETARY, ADMIN_ONLY, EVERYONE, DECISION_INDEX, DECISION_READ, DECISION_RECORD,
    DECISION_VALIDATE, DECISION_PPS_EDIT, CASE_DECISIONS_READ, CASE_DECISIONS_CLINICIAN,
    REFERRAL_READ, REFERRAL_LIST, REFERRAL_REGISTER, REFERRAL_CREATE, REFERRAL_WITHDRAW,
    REFERRED_ATTACHMENT, CLINICIAN_SESSIONS, SESSION_CALENDAR, CLINICIAN_REQUEST,
    INDICATORS,
))  # fmt: skip


def _case(w):
    return {"pk": w.case.pk}


def _case_surv(w):
    return {"pk": w.surveillance.case_id}


def _session(w):
    return {"pk": w.session.pk}


def _none(w):
    return {}


def _line(w):
    return {
        "line-treatment": "everolimus",
        "line-start_date": "2025-02-01",
        "line-best_response": "stable",
    }


def _upload(w):
    return {
        "kind": "pathology_report",
        "document_date": "2025-06-01",
        "title": "CR fictif de la matrice",
        "file": SimpleUploadedFile("cr.pdf", blank_pdf(), content_type="application/pdf"),
    }


def _referral(w):
    return {"pk": w.referral.pk}


def _decision_form(w):
    return {
        "outcome": "proposal",
        "options": ["everolimus"],
        "patient_informed_before": "unknown",
        "participants": [str(p.pk) for p in w.held_session.participants.all()],
    }


def _care_plan_form(w):
    return {
        "treatment_plan": "ASM (fictif)",
        "referent_physician": "Dr Référent-Fictif",
        "patient_text": "Texte fictif.",
        "gp_transmission": "unknown",
        "calendar_text": "15/01/2027 : Injection 1",
    }


def _session_form(w):
    return {"board": w.session.board_id, "starts_at": "2031-03-04T14:00", "place": "Salle B"}


ROUTES: dict[str, Route] = {
    # --- cases: the centre's records ------------------------------------------------------
    "cases:list": Route(_none, ("GET",), CASE_LIST),
    "cases:create": Route(_none, ("GET", "POST"), CASE_CREATE, data=lambda w: form_data()),
    "cases:create_panel": Route(_none, ("POST",), CASE_CREATE, data=lambda w: form_data()),
    "cases:detail": Route(_case, ("GET",), CASE_READ),
    "cases:edit": Route(_case, ("GET", "POST"), CASE_EDIT, data=lambda w: form_data(w.case)),
    # The unsaved form's evaluation: POST only, editors only.
    "cases:panel": Route(_case, ("POST",), CASE_EDIT, data=lambda w: form_data(w.case)),
    "cases:mark_ready": Route(_case, ("POST",), CASE_EDIT),
    "cases:mark_draft": Route(_case, ("POST",), CASE_EDIT),
    "cases:line_add": Route(_case, ("POST",), CASE_EDIT, data=_line),
    "cases:line_remove": Route(
        lambda w: {"pk": w.case.pk, "line_pk": w.line.pk},
        ("POST",),
        CASE_EDIT,
        # Removing a line of a registered case may be refused as making it incomplete.
        ok_statuses=OK_STATUSES | {400},
    ),
    "cases:site_add": Route(
        _case, ("POST",), CASE_EDIT, data=lambda w: {"site-site": "bone", "site-details": "T12"}
    ),
    "cases:site_remove": Route(
        lambda w: {"pk": w.case.pk, "site_pk": w.site.pk},
        ("POST",),
        CASE_EDIT,
        ok_statuses=OK_STATUSES | {400},
    ),
    "cases:history": Route(_case, ("GET",), CASE_READ),
    "cases:evaluation_json": Route(_case, ("GET",), CASE_READ),
    "cases:timeline_svg": Route(_case, ("GET",), CASE_READ),
    # --- exchange documents (FHIR, CDA) -----------------------------------------------------
    "interop:case_fhir": Route(_case, ("GET",), CASE_READ),
    "interop:decision_frcp": Route(lambda w: {"pk": w.validated.pk}, ("GET",), DECISION_READ),
    # The FHIR bundle carries the whole record: the case's centre only.
    "interop:decision_fhir": Route(lambda w: {"pk": w.validated.pk}, ("GET",), CASE_DECISIONS_READ),
    "interop:care_plan_pps": Route(lambda w: {"pk": w.care_plan.pk}, ("GET",), CASE_DECISIONS_READ),
    # --- board sessions ---------------------------------------------------------------------
    # The list answers POST like GET (no method check in the view): a read, never a write.
    "board_sessions:list": Route(_none, ("GET", "POST"), SESSION_READ),
    "board_sessions:create": Route(_none, ("GET", "POST"), SESSION_CREATE, data=_session_form),
    "board_sessions:detail": Route(_session, ("GET", "POST"), SESSION_READ),
    "board_sessions:edit": Route(_session, ("GET", "POST"), SESSION_MANAGE, data=_session_form),
    # Another centre's secretary may only register their own ready cases: A's is refused.
    "board_sessions:register_case": Route(
        _session, ("POST",), SESSION_READ, data=lambda w: {"case": w.ready_case.pk}
    ),
    "board_sessions:reorder": Route(
        _session,
        ("POST",),
        SESSION_MANAGE,
        data=lambda w: {"item": w.item.pk, "direction": "down"},
    ),
    "board_sessions:unregister_case": Route(
        lambda w: {"pk": w.session.pk, "item_pk": w.item.pk}, ("POST",), OWN_CENTRE_SECRETARY
    ),
    "board_sessions:participant_add": Route(
        _session,
        ("POST",),
        SESSION_MANAGE,
        data=lambda w: {"name": "Dr Nouveau-Fictif", "specialty": "pathology"},
    ),
    "board_sessions:participant_remove": Route(
        lambda w: {"pk": w.session.pk, "participant_pk": w.participant.pk},
        ("POST",),
        SESSION_MANAGE,
    ),
    "board_sessions:lock": Route(_session, ("POST",), SESSION_MANAGE),
    # Registration requests are answered by the case's centre only (others: 404).
    "board_sessions:request_accept": Route(
        lambda w: {"pk": w.session.pk, "request_pk": w.registration_request.pk},
        ("POST",),
        OWN_CENTRE_SECRETARY,
        data=lambda w: {"incomplete_reason": "Motif fictif"},
    ),
    "board_sessions:request_decline": Route(
        lambda w: {"pk": w.session.pk, "request_pk": w.registration_request.pk},
        ("POST",),
        OWN_CENTRE_SECRETARY,
        data=lambda w: {"reason": "Refus fictif"},
    ),
    "board_sessions:ics": Route(_session, ("GET",), SESSION_CALENDAR),
    "board_sessions:clinician_list": Route(_none, ("GET",), CLINICIAN_SESSIONS),
    # The ready case already has a pending request: asked again, refused clearly (400).
    "board_sessions:request_registration": Route(
        _session,
        ("POST",),
        CLINICIAN_REQUEST,
        data=lambda w: {"case": w.ready_case.pk},
        ok_statuses=OK_STATUSES | {400},
    ),
    # --- dossiers: exports and downloads ------------------------------------------------------
    "dossiers:export_case": Route(
        lambda w: {"case_pk": w.case.pk}, ("POST",), OWN_CENTRE_SECRETARY
    ),
    # Another centre's secretary has no case on A's session: refused with a message, no job.
    "dossiers:export_session": Route(
        lambda w: {"session_pk": w.session.pk}, ("POST",), SESSION_READ
    ),
    # Status and download answer POST like GET (no method check in the views).
    "dossiers:job": Route(lambda w: {"pk": w.job.pk}, ("GET", "POST"), OWN_CENTRE_SECRETARY),
    "dossiers:download": Route(lambda w: {"pk": w.job.pk}, ("GET", "POST"), OWN_CENTRE_SECRETARY),
    # --- attachments: the case's documents and TENpath reviews ------------------------------
    "attachments:upload": Route(
        lambda w: {"case_pk": w.case.pk}, ("GET", "POST"), CASE_EDIT, data=_upload
    ),
    "attachments:download": Route(lambda w: {"pk": w.attachment.pk}, ("GET",), CASE_READ),
    "attachments:remove": Route(lambda w: {"pk": w.attachment.pk}, ("POST",), CASE_EDIT),
    "attachments:review_request": Route(
        lambda w: {"case_pk": w.case.pk},
        ("GET", "POST"),
        CASE_EDIT,
        data=lambda w: {"requested_on": "2025-06-02", "reviewer_centre": "TENpath fictif"},
    ),
    "attachments:review_result": Route(
        lambda w: {"case_pk": w.case.pk, "pk": w.review.pk},
        ("GET", "POST"),
        CASE_EDIT,
        data=lambda w: {
            "status": "concordant",
            "received_on": timezone.localdate().isoformat(),
            "reviewed_histology": "atypical",
        },
    ),
    # --- referrals to the national RCP ------------------------------------------------------
    "referrals:list": Route(_none, ("GET",), REFERRAL_LIST),
    # The ready case (the world's case is already referred).
    "referrals:create": Route(
        lambda w: {"case_pk": w.ready_case.pk},
        ("GET", "POST"),
        REFERRAL_CREATE,
        data=lambda w: {
            "to_board": w.referral.to_board_id,
            "reason": "Motif fictif",
            "regional_opinion": "Avis fictif",
        },
    ),
    "referrals:detail": Route(_referral, ("GET",), REFERRAL_READ),
    "referrals:register": Route(
        _referral,
        ("POST",),
        REFERRAL_REGISTER,
        data=lambda w: {"session": w.national_session.pk, "incomplete_reason": "Matrice"},
    ),
    "referrals:withdraw": Route(_referral, ("POST",), REFERRAL_WITHDRAW),
    "referrals:attachment": Route(
        lambda w: {"pk": w.referral.pk, "attachment_pk": w.attachment.pk},
        ("GET",),
        REFERRED_ATTACHMENT,
    ),
    # --- guidelines: no patient data (the API evaluates the facts it is given) --------------
    "guidelines:referentiel": Route(_none, ("GET",), EVERYONE),
    "guidelines:evaluate_api": Route(
        _none,
        ("POST",),
        EVERYONE,
        data=lambda w: {"histology": "typical", "disease_extent": "localized"},
        json=True,
    ),
    # --- decisions: the board's opinion, the fiche, the PPS, the loop --------------------------
    "decisions:index": Route(_none, ("GET",), DECISION_INDEX),
    "decisions:session": Route(lambda w: {"pk": w.held_session.pk}, ("GET",), DECISION_READ),
    "decisions:session_report": Route(lambda w: {"pk": w.held_session.pk}, ("GET",), DECISION_READ),
    # Every item has an outcome: the coordinator validates the remaining draft.
    "decisions:validate_session": Route(
        lambda w: {"pk": w.held_session.pk}, ("POST",), DECISION_VALIDATE
    ),
    "decisions:record": Route(
        lambda w: {"item_pk": w.draft_item.pk},
        ("GET", "POST"),
        DECISION_RECORD,
        data=_decision_form,
    ),
    "decisions:detail": Route(lambda w: {"pk": w.draft.pk}, ("GET",), DECISION_READ),
    "decisions:validate": Route(lambda w: {"pk": w.draft.pk}, ("POST",), DECISION_VALIDATE),
    "decisions:correct": Route(
        lambda w: {"pk": w.validated.pk},
        ("GET", "POST"),
        DECISION_RECORD,
        data=lambda w: {"reason": "Erreur de saisie (fictif)"},
    ),
    "decisions:fiche_pdf": Route(lambda w: {"pk": w.validated.pk}, ("GET",), DECISION_READ),
    "decisions:care_plan_edit": Route(
        lambda w: {"pk": w.validated.pk}, ("GET", "POST"), DECISION_PPS_EDIT, data=_care_plan_form
    ),
    "decisions:care_plan_issue": Route(
        lambda w: {"pk": w.care_plan.pk}, ("POST",), CASE_DECISIONS_CLINICIAN
    ),
    "decisions:care_plan_pdf": Route(
        lambda w: {"pk": w.care_plan.pk}, ("GET",), CASE_DECISIONS_READ
    ),
    "decisions:case": Route(
        lambda w: {"case_pk": w.validated.case_id}, ("GET",), CASE_DECISIONS_READ
    ),
    "decisions:treatment_start": Route(
        lambda w: {"case_pk": w.validated.case_id},
        ("POST",),
        CASE_DECISIONS_CLINICIAN,
        data=lambda w: {"treatment": "ssa_antitumour", "start_date": "2026-01-05"},
    ),
    # --- audit and boards -----------------------------------------------------------------
    # The log page answers POST like GET (a filtered read).
    "audit:list": Route(_none, ("GET", "POST"), ADMIN_ONLY),
    "boards:contacts": Route(_none, ("GET",), EVERYONE),
    # --- surveillance: the centre's operated patients ----------------------------------------
    # The recall list is the user's own centre's: another centre's users read theirs.
    "surveillance:recall": Route(_none, ("GET",), CASE_LIST),
    "surveillance:recall_csv": Route(_none, ("GET",), CASE_LIST),
    "surveillance:case": Route(_case_surv, ("GET",), CASE_READ),
    "surveillance:start": Route(_case_surv, ("POST",), CASE_EDIT),
    "surveillance:refresh": Route(_case_surv, ("POST",), CASE_EDIT),
    # An atypical carcinoid's calendar is the text's: a clinician's choice is refused (400).
    "surveillance:choose": Route(
        _case_surv,
        ("POST",),
        CASE_EDIT,
        data=lambda w: {"chosen_exam": "liver_mri", "chosen_interval_months": "12"},
        ok_statuses=OK_STATUSES | {400},
    ),
    "surveillance:exam_add": Route(
        _case_surv,
        ("POST",),
        CASE_EDIT,
        data=lambda w: {
            "performed_on": "2020-06-01",
            "kind": "ct_early_arterial",
            "result": "no_recurrence",
        },
    ),
    "surveillance:status": Route(
        _case_surv,
        ("POST",),
        CASE_EDIT,
        data=lambda w: {
            "status": "elsewhere",
            "status_date": "2024-01-10",
            "status_reason": "Déménagement",
        },
    ),
    "surveillance:recurrence_case": Route(
        lambda w: {"pk": w.surveillance.case_id, "exam_pk": w.exam.pk}, ("POST",), CASE_EDIT
    ),
    "surveillance:report": Route(
        lambda w: {"pk": w.surveillance.case_id, "exam_pk": w.exam.pk}, ("GET",), CASE_READ
    ),
    "surveillance:ics": Route(_case_surv, ("GET",), CASE_READ),
    # --- indicators: aggregates, no identity -------------------------------------------------
    "indicators:dashboard": Route(_none, ("GET",), INDICATORS),
    "indicators:csv": Route(lambda w: {"key": "quorum"}, ("GET",), INDICATORS),
}
