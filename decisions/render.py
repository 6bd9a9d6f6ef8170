"""The fiche RCP, the session's compte rendu and the PPS as PDF, through the dossiers app's
WeasyPrint pipeline and safe URL fetcher. Templates get flat dataclasses only (documents.py).

Imported lazily by the views: the web process loads WeasyPrint only when a PDF is asked for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from board_sessions.models import BoardSession
from decisions.actions import current_decision
from decisions.documents import FicheData, PpsData, fiche_data, pps_data
from decisions.models import CarePlan, Decision
from dossiers.context import Header, Stamp, document_stamp, fmt_datetime
from dossiers.pdf import html_to_pdf, merge_pdfs, render_parts

FICHE_TEMPLATE = "decisions/pdf/fiche.html"
REPORT_COVER_TEMPLATE = "decisions/pdf/report_cover.html"
PPS_TEMPLATE = "decisions/pdf/pps.html"


@dataclass(frozen=True)
class FichePrint:
    stamp: Stamp
    header: Header
    fiche: FicheData


@dataclass(frozen=True)
class ReportLine:
    position: int
    case_id: int
    centre: str
    outcome_label: str
    proposal: str
    concordance_label: str
    status_label: str
    version: int | None
    to_represent: bool
    included: bool


@dataclass(frozen=True)
class ReportCover:
    stamp: Stamp
    header: Header
    lines: tuple[ReportLine, ...]
    validated_label: str


@dataclass(frozen=True)
class PpsPrint:
    stamp: Stamp
    header: Header
    pps: PpsData


def _header(fiche_or_pps: FicheData | PpsData) -> Header:
    return Header(
        fiche_or_pps.board_name,
        fiche_or_pps.board_contact,
        fmt_datetime(fiche_or_pps.session_starts_at),
    )


def fiche_html(decision: Decision, *, generated_at: dt.datetime | None = None) -> str:
    fiche = fiche_data(decision).validate()
    title = _("Fiche RCP — dossier n° %(case)s — version %(v)s") % {
        "case": fiche.case_id,
        "v": fiche.version,
    }
    doc = FichePrint(
        stamp=document_stamp(title, generated_at or timezone.now()),
        header=_header(fiche),
        fiche=fiche,
    )
    return render_to_string(FICHE_TEMPLATE, {"doc": doc})


def render_fiche_pdf(decision: Decision, *, generated_at: dt.datetime | None = None) -> bytes:
    return html_to_pdf(fiche_html(decision, generated_at=generated_at))


def render_session_report(
    session: BoardSession, *, readable, generated_at: dt.datetime | None = None
) -> bytes:
    """A cover listing every item's outcome, then the fiche of each item ``readable(item)``
    allows (another centre's patient is listed by number only)."""
    generated_at = generated_at or timezone.now()
    session = BoardSession.objects.select_related("board").get(pk=session.pk)
    lines, fiches = [], []
    for item in session.agenda():
        decision = current_decision(item)
        included = decision is not None and readable(item)
        proposal = ""
        if decision is not None:
            labels = [o.get("label", o["code"]) for o in decision.chosen_options]
            if decision.free_proposal:
                labels.append(decision.free_proposal[:200])
            proposal = " ; ".join(labels)
        lines.append(
            ReportLine(
                position=item.position,
                case_id=item.case_id,
                centre=str(item.case.centre),
                outcome_label=decision.get_outcome_display() if decision else _("Aucune issue"),
                proposal=proposal if included else "",
                concordance_label=decision.get_concordance_display() if decision else "",
                status_label=decision.get_status_display() if decision else "",
                version=decision.version if decision else None,
                to_represent=bool(decision and decision.to_represent),
                included=included,
            )
        )
        if included:
            fiches.append(fiche_html(decision, generated_at=generated_at))
    validation = getattr(session, "decision_validation", None)
    cover = ReportCover(
        stamp=document_stamp(_("Compte rendu de la séance RCP n° %s") % session.pk, generated_at),
        header=Header(
            session.board.name,
            tuple(session.board.contact_lines()[1:]),
            fmt_datetime(session.starts_at),
        ),
        lines=tuple(lines),
        validated_label=(
            _("Décisions de la séance validées le %(when)s par %(who)s")
            % {
                "when": fmt_datetime(validation.validated_at),
                "who": validation.validated_by.get_full_name()
                or validation.validated_by.get_username(),
            }
            if validation
            else _("Décisions de la séance non encore validées dans leur ensemble.")
        ),
    )
    parts = [html_to_pdf(render_to_string(REPORT_COVER_TEMPLATE, {"doc": cover}))]
    parts += render_parts(fiches)
    return merge_pdfs(parts, title=cover.stamp.title)


def render_pps_pdf(plan: CarePlan, *, generated_at: dt.datetime | None = None) -> bytes:
    pps = pps_data(plan).validate()
    doc = PpsPrint(
        stamp=document_stamp(
            _("Programme personnalisé de soins — dossier n° %(case)s — version %(v)s")
            % {"case": pps.case_id, "v": pps.version},
            generated_at or timezone.now(),
        ),
        header=_header(pps),
        pps=pps,
    )
    return html_to_pdf(render_to_string(PPS_TEMPLATE, {"doc": doc}))
