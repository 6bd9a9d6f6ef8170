"""Secretary pages of RCP sessions. Thin: access helpers fetch, actions write.

Agenda and participants are htmx partials of the detail page, served by the same views; every
form also works as a plain POST that redirects back to the page.
"""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import require_perm
from audit.log import record_access
from audit.models import AccessLog
from board_sessions import actions
from board_sessions.access import (
    can_manage,
    clinician_sessions,
    get_calendar_session_for_user,
    get_clinician_session_for_user,
    get_item,
    get_own_item_for_user,
    get_own_request_for_user,
    get_participant,
    get_session_for_user,
    own_items_for_user,
    own_requests_for_user,
    sessions_for_user,
)
from board_sessions.calendar import session_calendar
from board_sessions.extensions import page_sections
from board_sessions.forms import (
    AcceptRequestForm,
    DeclineRequestForm,
    MoveForm,
    ParticipantForm,
    RegisterCaseWithReasonForm,
    RequestRegistrationForm,
    SessionForm,
)
from board_sessions.models import BoardSession, RegistrationRequest
from board_sessions.quorum import quorum_for
from boards.models import Board
from cases.access import cases_for_user

DETAIL = "board_sessions/detail.html"


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@require_perm("board_sessions.view_boardsession")
def session_list(request):
    start_of_today = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    sessions = sessions_for_user(request.user).annotate(case_count=Count("agenda_items"))
    board_id = request.GET.get("board", "")
    # ASCII digits of a sane length: "²" is a digit to isdigit() but not to int(), and an id
    # past 64 bits overflows the database's integer.
    if board_id.isascii() and board_id.isdecimal() and len(board_id) <= 18:
        sessions = sessions.filter(board_id=int(board_id))
    upcoming = sessions.filter(starts_at__gte=start_of_today).order_by("starts_at", "pk")
    past = sessions.filter(starts_at__lt=start_of_today).order_by("-starts_at", "-pk")
    return render(
        request,
        "board_sessions/list.html",
        {
            "upcoming": upcoming,
            "past_page": Paginator(past, 20).get_page(request.GET.get("page")),
            "boards": Board.objects.filter(sessions__isnull=False).distinct(),
            "board_id": board_id,
        },
    )


@require_perm("board_sessions.add_boardsession")
@require_http_methods(["GET", "POST"])
def session_create(request):
    if request.user.centre_id is None:
        raise PermissionDenied
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = actions.create_session(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Séance créée."))
            return redirect("board_sessions:detail", pk=session.pk)
    return render(request, "board_sessions/form.html", {"form": form, "session": None})


@require_perm("board_sessions.change_boardsession")
@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    session = get_session_for_user(request.user, pk, manage=True)
    if session.is_locked:
        messages.error(request, _("La séance est verrouillée : plus aucune modification possible."))
        return redirect("board_sessions:detail", pk=session.pk)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_session(session=session, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Séance modifiée."))
            return redirect("board_sessions:detail", pk=session.pk)
    return render(request, "board_sessions/form.html", {"form": form, "session": session})


def _detail_context(
    request, session: BoardSession, *, sections_oob: bool = False, **overrides
) -> dict:
    """Whatever shows the agenda (page, partial, page re-shown after a refusal) is logged.

    The sections other apps add (board_sessions.extensions: the PDF exports) are rendered
    here; `sections_oob` when an htmx partial carries them as out-of-band swaps.
    """
    record_access(request, AccessLog.Action.VIEW_SESSION, session=session)
    user = request.user
    items = session.agenda()
    participants = list(session.participants.all())
    own_items = [item for item in items if item.case.centre_id == user.centre_id]
    sections = [
        section(request, session, items=items, own_items=own_items, oob=sections_oob)
        for section in page_sections()
    ]
    context = {
        "session": session,
        "items": items,
        "own_items": own_items,
        "participants": participants,
        "quorum": quorum_for(session, participants),
        "can_manage": can_manage(user, session),
        "register_form": RegisterCaseWithReasonForm(cases=cases_for_user(user)),
        # The pending requests of the user's centre: its secretariat registers its cases.
        "pending_requests": list(
            own_requests_for_user(user)
            .filter(session=session, status=RegistrationRequest.Status.PENDING)
            .select_related("case__patient", "requested_by")
        ),
        "participant_form": ParticipantForm(),
        "page_sections": sections,
        "sections_oob": sections_oob,
    }
    context.update(overrides)
    return context


def _respond(request, session: BoardSession, partial: str | None = None, **overrides):
    """htmx: the partial that changed; otherwise back to the page (or the page with errors)."""
    if request.htmx and partial:
        context = _detail_context(request, session, sections_oob=True, **overrides)
        return render(request, f"{DETAIL}#{partial}", context)
    if overrides:
        return render(request, DETAIL, _detail_context(request, session, **overrides))
    return redirect("board_sessions:detail", pk=session.pk)


@require_perm("board_sessions.view_boardsession")
def session_detail(request, pk):
    session = get_session_for_user(request.user, pk)
    return render(request, DETAIL, _detail_context(request, session))


@require_perm("board_sessions.add_agendaitem")
@require_POST
def register_case(request, pk):
    session = get_session_for_user(request.user, pk)
    form = RegisterCaseWithReasonForm(request.POST, cases=cases_for_user(request.user))
    if form.is_valid():
        try:
            actions.register_case(
                session=session,
                case=form.cleaned_data["case"],
                by=request.user,
                incomplete_reason=form.cleaned_data["incomplete_reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        return _respond(request, session, "agenda", register_form=form)
    if not request.htmx:
        messages.success(request, _("Dossier inscrit à l'ordre du jour."))
    return _respond(request, session, "agenda")


@require_perm("board_sessions.delete_agendaitem")
@require_POST
def unregister_case(request, pk, item_pk):
    session = get_session_for_user(request.user, pk)
    # Only the case's own centre may take it off the agenda: others get 404.
    item = get_own_item_for_user(request.user, session, item_pk)
    try:
        actions.unregister_case(item=item, by=request.user)
    except ValidationError as error:
        return _respond(request, session, "agenda", agenda_error=_error_text(error))
    if not request.htmx:
        messages.success(request, _("Dossier retiré de l'ordre du jour."))
    return _respond(request, session, "agenda")


@require_perm("board_sessions.change_agendaitem")
@require_POST
def reorder(request, pk):
    session = get_session_for_user(request.user, pk, manage=True)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _respond(request, session, "agenda", agenda_error=_("Déplacement invalide."))
    item = get_item(session, form.cleaned_data["item"])
    try:
        actions.move_item(item=item, direction=form.cleaned_data["direction"], by=request.user)
    except ValidationError as error:
        return _respond(request, session, "agenda", agenda_error=_error_text(error))
    return _respond(request, session, "agenda")


@require_perm("board_sessions.add_participant")
@require_POST
def participant_add(request, pk):
    session = get_session_for_user(request.user, pk, manage=True)
    form = ParticipantForm(request.POST)
    if form.is_valid():
        try:
            actions.add_participant(session=session, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        return _respond(request, session, "participants", participant_form=form)
    return _respond(request, session, "participants")


@require_perm("board_sessions.delete_participant")
@require_POST
def participant_remove(request, pk, participant_pk):
    session = get_session_for_user(request.user, pk, manage=True)
    participant = get_participant(session, participant_pk)
    try:
        actions.remove_participant(participant=participant, by=request.user)
    except ValidationError as error:
        return _respond(request, session, "participants", participant_error=_error_text(error))
    return _respond(request, session, "participants")


@require_perm("board_sessions.change_boardsession")
@require_POST
def lock(request, pk):
    session = get_session_for_user(request.user, pk, manage=True)
    try:
        actions.lock_session(session=session, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Séance verrouillée ; ses dossiers sont marqués « discutés »."))
    return redirect("board_sessions:detail", pk=session.pk)


# --- Clinicians' registration requests, answered by the case's centre ---------------------------


@require_perm("board_sessions.change_registrationrequest")
@require_POST
def request_accept(request, pk, request_pk):
    session = get_session_for_user(request.user, pk)
    registration = get_own_request_for_user(request.user, session, request_pk)
    form = AcceptRequestForm(request.POST)
    error = None
    if form.is_valid():
        try:
            actions.accept_request(
                request=registration,
                by=request.user,
                incomplete_reason=form.cleaned_data["incomplete_reason"],
            )
        except ValidationError as refused:
            error = _error_text(refused)
    else:
        error = _("Motif trop long (500 caractères au maximum).")
    if error:
        return _respond(request, session, "agenda", agenda_error=error)
    if not request.htmx:
        messages.success(request, _("Demande acceptée : dossier inscrit à l'ordre du jour."))
    return _respond(request, session, "agenda")


@require_perm("board_sessions.change_registrationrequest")
@require_POST
def request_decline(request, pk, request_pk):
    session = get_session_for_user(request.user, pk)
    registration = get_own_request_for_user(request.user, session, request_pk)
    form = DeclineRequestForm(request.POST)
    error = None
    if form.is_valid():
        try:
            actions.decline_request(
                request=registration, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as refused:
            error = _error_text(refused)
    else:
        error = _("Indiquez le motif du refus (300 caractères au maximum).")
    if error:
        return _respond(request, session, "agenda", agenda_error=error)
    return _respond(request, session, "agenda")


# --- The clinician's view of sessions ----------------------------------------------------------


def _clinician_context(request, **overrides) -> dict:
    user = request.user
    start_of_today = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    own_items = own_items_for_user(user).select_related("case__patient")
    own_requests = own_requests_for_user(user)
    sessions = (
        clinician_sessions(user)
        .filter(starts_at__gte=start_of_today)
        .prefetch_related(
            Prefetch("agenda_items", own_items, to_attr="own_items"),
            Prefetch(
                "registration_requests",
                own_requests.select_related("case__patient"),
                to_attr="own_requests",
            ),
        )
        .order_by("starts_at", "pk")
    )
    ready = cases_for_user(user)
    context = {
        "sessions": sessions,
        "request_form": RequestRegistrationForm(cases=ready),
        "has_ready_cases": ready.filter(status="ready").exists(),
    }
    context.update(overrides)
    return context


@require_perm("board_sessions.add_registrationrequest")
@require_GET
def clinician_list(request):
    return render(request, "board_sessions/clinician_list.html", _clinician_context(request))


@require_perm("board_sessions.add_registrationrequest")
@require_POST
def request_registration(request, pk):
    session = get_clinician_session_for_user(request.user, pk)
    form = RequestRegistrationForm(request.POST, cases=cases_for_user(request.user))
    if form.is_valid():
        try:
            actions.request_registration(
                session=session, case=form.cleaned_data["case"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        context = _clinician_context(request, request_form=form, error_session_id=session.pk)
        return render(request, "board_sessions/clinician_list.html", context, status=400)
    messages.success(request, _("Demande d'inscription envoyée au secrétariat de la RCP."))
    return redirect("board_sessions:clinician_list")


@require_GET
def session_ics(request, pk):
    """The session's calendar invitation: date, place, video link; no patient data."""
    session = get_calendar_session_for_user(request.user, pk)
    response = HttpResponse(
        session_calendar(session, host=request.get_host().split(":")[0]),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="seance-rcp-{session.pk}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
