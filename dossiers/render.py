"""Rendering service: records in, PDF bytes out; and the job runner the Celery task calls.

A session PDF is a cover page with the agenda followed by each case's dossier. Every case is its
own WeasyPrint document, so its pages say "page X / Y" of that case and the job's progress
"k / n" advances per case. The database work (context, HTML) happens here, in order; the layout
of the cases runs in parallel processes (dossiers.pdf.render_parts) and the parts are merged.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import tempfile
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
from dossiers.context import (
    CaseDossier,
    Header,
    Stamp,
    board_header,
    build_case_dossier,
    document_stamp,
)
from dossiers.models import ExportJob
from dossiers.pdf import html_to_pdf, merge_pdfs, number_pages, page_count, render_parts

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
        "metastatic_sites", "treatment_lines"
    )


def case_html(dossier: CaseDossier, *, part: str = "") -> str:
    """`part`: "dossier k/n" when the case is one of a session's dossiers (footer)."""
    return render_to_string(CASE_TEMPLATE, {"doc": dossier, "part": part})


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


@fixed_locale
def render_session_pdf(
    session: BoardSession,
    *,
    centres=None,
    generated_at: dt.datetime | None = None,
    progress: Progress | None = None,
) -> bytes:
    """Cover with the full agenda, then the dossier of every case of ``centres`` on it, in
    agenda order (``None``: every case, for the command line run by the operator)."""
    generated_at = generated_at or timezone.now()
    session = (
        BoardSession.objects.select_related("board")
        .prefetch_related(Prefetch("participants", Participant.objects.order_by("name", "pk")))
        .get(pk=session.pk)
    )
    items = session.agenda()
    centre_ids = None if centres is None else {centre.pk for centre in centres}
    wanted = [
        item.case_id for item in items if centre_ids is None or item.case.centre_id in centre_ids
    ]
    cases = case_queryset().in_bulk(wanted)
    htmls = [
        case_html(
            build_case_dossier(cases[case_id], generated_at=generated_at, session=session),
            part=_("dossier %(k)d/%(n)d") % {"k": k, "n": len(wanted)},
        )
        for k, case_id in enumerate(wanted, start=1)
    ]
    scope = (
        _("tous les centres")
        if centres is None
        else ", ".join(f"« {centre} »" for centre in centres)
    )
    parts = render_parts(htmls, progress=progress)
    counts = [page_count(part) for part in parts]

    def cover_for(cover_pages: int) -> tuple[SessionCover, bytes]:
        # The agenda gives each case's first page in the whole document.
        starts, page = {}, cover_pages + 1
        for case_id, count in zip(wanted, counts, strict=True):
            starts[case_id], page = page, page + count
        cover = build_cover(
            session,
            items,
            included=set(wanted),
            scope=scope,
            generated_at=generated_at,
            first_pages=starts,
        )
        return cover, html_to_pdf(render_to_string(COVER_TEMPLATE, {"doc": cover}))

    cover, cover_pdf = cover_for(1)
    if (pages := page_count(cover_pdf)) != 1:  # a long agenda: lay it out again, once
        cover, cover_pdf = cover_for(pages)
    return number_pages(merge_pdfs([cover_pdf, *parts], title=cover.stamp.title))


# --- Jobs --------------------------------------------------------------------------------------


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run_export(job: ExportJob) -> Path:
    """Render the job's PDF to its file (same job, same file, same bytes) and mark it done."""
    generated_at = job.created_at
    if job.kind == ExportJob.Kind.CASE:
        data = render_case_pdf(job.case, generated_at=generated_at)
    else:
        data = render_session_pdf(
            job.session,
            centres=[job.centre],
            generated_at=generated_at,
            progress=lambda done, total: jobs.progress(job.pk, done, total),
        )
    target = Path(settings.MEDIA_ROOT) / job.relative_path
    _write_atomically(target, data)
    jobs.finish(job.pk, job.relative_path)
    return target
