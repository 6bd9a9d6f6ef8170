"""Rendering service: records in, PDF bytes out; and the job steps the Celery tasks call.

A session PDF is a cover page with the agenda followed by each case's dossier. Every case is its
own WeasyPrint document (a *part*, so its pages say "page X / Y" of that case), stored in the
content-addressed part store (dossiers.parts) and reused while its HTML is unchanged. A job is
planned (which parts, which are missing), the missing parts are rendered — one Celery task per
case, spread over the workers (dossiers.tasks) — and the parts are merged behind the cover.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from board_sessions.models import AgendaItem, BoardSession, Participant
from board_sessions.quorum import Quorum, quorum_for
from cases.models import Case
from dossiers import jobs
from dossiers import parts as store
from dossiers.appendix import attachments_pdf
from dossiers.context import (
    CaseDossier,
    Header,
    Stamp,
    board_header,
    build_case_dossier,
    case_state_stamp,
    current_session,
    document_stamp,
)
from dossiers.models import DossierPart, ExportJob
from dossiers.pdf import html_to_pdf, merge_pdfs, page_count, read_pdf
from guidelines.engine import ENGINE_VERSION, REFERENTIEL

CASE_TEMPLATE = "dossiers/case.html"
COVER_TEMPLATE = "dossiers/session_cover.html"

Progress = Callable[[int, int], None]


def fixed_locale(render):
    """Render in the app's language and time zone, whatever is active in the caller.

    Dates, times and labels are formatted while the HTML is built: a language or time zone left
    active by earlier code in the same process (a request, a command, a test) changed the bytes
    of "the same record at the same date" — the cause of dossiers that differed in a full test
    run though they matched alone.
    """

    @functools.wraps(render)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
            return render(*args, **kwargs)

    return wrapper


def case_queryset():
    """Cases with everything a dossier reads, in a fixed number of queries."""
    return Case.objects.select_related("patient", "centre", "board").prefetch_related(
        "metastatic_sites", "treatment_lines", "pathology_reviews"
    )


def case_html(dossier: CaseDossier) -> str:
    return render_to_string(CASE_TEMPLATE, {"doc": dossier})


@fixed_locale
def render_case_pdf(case: Case, *, generated_at: dt.datetime | None = None) -> bytes:
    """One case's dossier (the header shows the session whose agenda holds it, if any)."""
    case = case_queryset().get(pk=case.pk)
    dossier = build_case_dossier(case, generated_at=generated_at or timezone.now())
    return html_to_pdf(case_html(dossier))


# --- Session -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaLine:
    position: int
    case_id: int
    patient: str  # "" for another centre's case: its identity is not ours to print
    centre: str
    reason: str
    question: str
    added_late: bool
    included: bool
    first_page: int | None = None  # where its dossier starts in the session PDF


@dataclass(frozen=True)
class ParticipantLine:
    name: str
    specialty: str
    is_physician: bool


@dataclass(frozen=True)
class SessionCover:
    stamp: Stamp
    header: Header
    place: str
    video_link: str
    status: str
    agenda: tuple[AgendaLine, ...]
    participants: tuple[ParticipantLine, ...]
    quorum: Quorum
    required_specialties: tuple[str, ...]
    scope: str  # whose cases are included
    included_count: int


def build_cover(
    session: BoardSession,
    items: list[AgendaItem],
    *,
    included: set[int],
    scope: str,
    generated_at: dt.datetime,
    first_pages: dict[int, int] | None = None,
) -> SessionCover:
    participants = list(session.participants.all())
    agenda = tuple(
        AgendaLine(
            position=item.position,
            case_id=item.case_id,
            patient=str(item.case.patient) if item.case_id in included else "",
            centre=str(item.case.centre),
            reason=item.case.get_reason_display(),
            question=item.case.question if item.case_id in included else "",
            added_late=item.added_late,
            included=item.case_id in included,
            first_page=(first_pages or {}).get(item.case_id),
        )
        for item in items
    )
    return SessionCover(
        stamp=document_stamp(_("Séance RCP n° %s") % session.pk, generated_at),
        header=board_header(session.board, session),
        place=session.place,
        video_link=session.video_link,
        status=session.get_status_display(),
        agenda=agenda,
        participants=tuple(
            ParticipantLine(p.name, p.get_specialty_display(), p.is_physician) for p in participants
        ),
        quorum=quorum_for(session, participants),
        required_specialties=tuple(session.board.required_specialty_labels),
        scope=scope,
        included_count=len(included),
    )


def _session(session_pk: int) -> BoardSession:
    return (
        BoardSession.objects.select_related("board")
        .prefetch_related(Prefetch("participants", Participant.objects.order_by("name", "pk")))
        .get(pk=session_pk)
    )


def _scope(centres) -> str:
    if centres is None:
        return _("tous les centres")
    return ", ".join(f"« {centre} »" for centre in centres)


def _wanted(items: list[AgendaItem], centres) -> list[int]:
    centre_ids = None if centres is None else {centre.pk for centre in centres}
    return [
        item.case_id for item in items if centre_ids is None or item.case.centre_id in centre_ids
    ]


@fixed_locale
def session_document(
    session: BoardSession,
    items,
    *,
    dossiers: list[tuple[int, bytes]],
    centres,
    generated_at: dt.datetime,
    include_attachments: bool = False,
) -> bytes:
    """The session PDF: cover (the agenda gives each case's first page), then each case's
    dossier (followed by its attachments when asked), numbered as one document."""
    blocks = []  # each PDF parsed once: to count its pages, then to merge it
    for case_id, pdf in dossiers:
        extra = attachments_pdf(case_id) if include_attachments else None
        blocks.append((case_id, [read_pdf(b) for b in ([pdf] if extra is None else [pdf, extra])]))
    counts = {case_id: sum(page_count(pdf) for pdf in pdfs) for case_id, pdfs in blocks}
    wanted = [case_id for case_id, _pdfs in blocks]

    def cover_for(cover_pages: int) -> tuple[SessionCover, bytes]:
        starts, page = {}, cover_pages + 1
        for case_id in wanted:
            starts[case_id], page = page, page + counts[case_id]
        cover = build_cover(
            session,
            items,
            included=set(wanted),
            scope=_scope(centres),
            generated_at=generated_at,
            first_pages=starts,
        )
        return cover, html_to_pdf(render_to_string(COVER_TEMPLATE, {"doc": cover}))

    cover, cover_bytes = cover_for(1)
    if (pages := page_count(cover_bytes)) != 1:  # a long agenda: lay it out again, once
        cover, cover_bytes = cover_for(pages)
    parts = [pdf for _case_id, pdfs in blocks for pdf in pdfs]
    return merge_pdfs([cover_bytes, *parts], title=cover.stamp.title, numbered=True)


@fixed_locale
def render_session_pdf(
    session: BoardSession,
    *,
    centres=None,
    generated_at: dt.datetime | None = None,
    progress: Progress | None = None,
    include_attachments: bool = False,
) -> bytes:
    """Cover with the full agenda, then the dossier of every case of ``centres`` on it, in
    agenda order (``None``: every case, for the command line run by the operator). Stored
    parts are reused; the missing ones are rendered here, one after the other; with
    ``include_attachments``, each dossier is followed by its case's attachments."""
    generated_at = generated_at or timezone.now()
    session = _session(session.pk)
    items = session.agenda()
    wanted = _wanted(items, centres)
    cases = case_queryset().in_bulk(wanted)
    pdfs = []
    for done, case_id in enumerate(wanted, start=1):
        pdfs.append(ensure_part(cases[case_id], session=session).path.read_bytes())
        if progress:
            progress(done, len(wanted))
    return session_document(
        session,
        items,
        dossiers=list(zip(wanted, pdfs, strict=True)),
        centres=centres,
        generated_at=generated_at,
        include_attachments=include_attachments,
    )


# --- Parts -------------------------------------------------------------------------------------


@fixed_locale
def part_html(case: Case, *, session=None) -> str:
    """A case's dossier as stored: dated by the case's last change, headed by ``session``
    (else the session whose agenda holds it), so the same case gives the same HTML."""
    session = session or current_session(case)
    dossier = build_case_dossier(
        case, generated_at=case.updated_at, session=session, stamp=case_state_stamp(case)
    )
    return case_html(dossier)


def ensure_part(case: Case, *, session=None) -> DossierPart:
    """The stored part of the case as it is now: found by its digest, or rendered and stored."""
    html = part_html(case, session=session)
    digest = store.part_digest(html)
    part = store.find(digest)
    if part is not None:
        return part
    data = html_to_pdf(html)
    return store.save(
        case=case,
        digest=digest,
        data=data,
        pages=page_count(data),
        referentiel=REFERENTIEL,
        engine=ENGINE_VERSION,
    )


def render_job_part(job: ExportJob, case_id: int) -> DossierPart:
    """One case of a job, as the job's session heads it (the render task's whole work)."""
    case = case_queryset().get(pk=case_id)
    session = _session(job.session_id) if job.session_id else None
    return ensure_part(case, session=session)


# --- Jobs --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    entries: tuple[tuple[int, str], ...]  # (case id, part digest), in agenda order
    missing: tuple[int, ...]  # case ids whose part is not stored yet


def plan_export(job: ExportJob) -> Plan:
    """Which parts the job merges, and which of them must be rendered first."""
    if job.kind == ExportJob.Kind.CASE:
        case = case_queryset().get(pk=job.case_id)
        entries = ((case.pk, store.part_digest(part_html(case))),)
    else:
        session = _session(job.session_id)
        wanted = _wanted(session.agenda(), [job.centre])
        cases = case_queryset().in_bulk(wanted)
        entries = tuple(
            (case_id, store.part_digest(part_html(cases[case_id], session=session)))
            for case_id in wanted
        )
    stored = store.stored_digests(digest for _, digest in entries)
    missing = tuple(case_id for case_id, digest in entries if digest not in stored)
    return Plan(entries=entries, missing=missing)


def merge_export(job: ExportJob, entries) -> Path:
    """Merge the job's parts (behind the cover, for a session) into its file and mark it done.

    A part missing from the store by now (purged, or its case changed since the plan) is
    rendered here: the job still gets the case as it is.
    """
    pdfs = []
    digests = []
    for case_id, digest in entries:
        part = store.find(digest) if digest else None
        if part is None:
            part = render_job_part(job, case_id)
        pdfs.append(part.path.read_bytes())
        digests.append(part.digest)
    store.touch(digests)
    if job.kind == ExportJob.Kind.CASE:
        data = pdfs[0]
    else:
        session = _session(job.session_id)
        data = session_document(
            session,
            session.agenda(),
            dossiers=[
                (case_id, pdf) for (case_id, _digest), pdf in zip(entries, pdfs, strict=True)
            ],
            centres=[job.centre],
            generated_at=job.created_at,
            include_attachments=job.include_attachments,
        )
    target = Path(settings.MEDIA_ROOT) / job.relative_path
    store.write_private(target, data)
    jobs.finish(job.pk, job.relative_path)
    return target


def run_export(job: ExportJob) -> Path:
    """Render the whole job here, in order (the command line and single-process callers)."""
    plan = plan_export(job)
    jobs.planned(job.pk, plan.entries, done=len(plan.entries) - len(plan.missing))
    for case_id in plan.missing:
        render_job_part(job, case_id)
        jobs.part_done(job.pk)
    return merge_export(job, plan.entries)
