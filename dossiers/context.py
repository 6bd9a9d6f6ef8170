"""The flat, validated content of a PDF dossier, built from a case and the engine's evaluation.

Templates receive plain strings, tuples and booleans only (no model instances, no queries during
rendering): what the board reads is decided and checked here, and the templates just lay it out
with Django's auto-escaping. The only markup that enters is the timeline, an SVG built and escaped
by cases.timeline and set for print by dossiers.timeline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from board_sessions.models import BoardSession
from cases.choices import DiseaseExtent
from cases.display import display_value, field_label
from cases.evaluation import evaluate_case
from cases.forms import CASE_FIELDS, PRESENTATION_FIELDS
from cases.models import Case
from cases.timeline import timeline_svg
from dossiers.timeline import print_timeline
from guidelines import vocabulary
from guidelines.engine import ENGINE_VERSION, REFERENTIEL, RULES, Regulatory

# Regulatory statuses whose use the text subjects to conditions the board must see.
CONDITIONAL_REGULATORY = frozenset({Regulatory.OFF_LABEL.value, Regulatory.COMPASSIONATE_CPC.value})
NOT_PROVIDED = vocabulary.NOT_PROVIDED
DATE_FORMAT = "j F Y"


class DossierError(ValueError):
    """The dossier cannot be printed as is (a required identity item is missing)."""


@dataclass(frozen=True)
class Row:
    label: str
    value: str


@dataclass(frozen=True)
class TreatmentLineRow:
    number: int
    treatment: str
    start: str
    end: str
    best_response: str
    reason_stopped: str
    comment: str


@dataclass(frozen=True)
class OptionItem:
    code: str
    label: str
    level: str
    level_label: str
    eligible: bool
    eligibility: str  # eligible | pending | ineligible
    eligibility_label: str
    regulatory: str
    regulatory_label: str
    regulatory_basis: str  # stated | deduced
    regulatory_basis_label: str
    regulatory_reason: str
    conditions: tuple[str, ...]
    unmet: tuple[str, ...]
    pending_facts: tuple[str, ...]  # French fact names a pending option waits for
    excluded_by: tuple[str, ...]  # French sentences: the known facts that exclude it
    because: tuple[str, ...]
    notes: tuple[str, ...]
    rules: tuple[str, ...]
    section: str

    @property
    def conditional(self) -> bool:
        return self.regulatory in CONDITIONAL_REGULATORY

    @property
    def pending(self) -> bool:
        return self.eligibility == "pending"


@dataclass(frozen=True)
class OptionGroup:
    level: str
    label: str
    options: tuple[OptionItem, ...]


@dataclass(frozen=True)
class AlertItem:
    code: str
    label: str
    severity: str
    severity_label: str
    message: str
    rules: tuple[str, ...]


@dataclass(frozen=True)
class CitedRule:
    id: str
    section: str
    title: str


@dataclass(frozen=True)
class FollowUp:
    label: str
    exams: tuple[str, ...]
    schedule: str
    dates: tuple[str, ...]  # the calendar from the surgery date (engine.follow_up.calendar)
    notes: tuple[str, ...]
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Evaluation:
    setting_label: str
    eligible_groups: tuple[OptionGroup, ...]
    pending: tuple[OptionItem, ...]  # "à compléter": only unknown facts stand in the way
    ineligible: tuple[OptionItem, ...]  # "exclu": a known fact, or the text's level, excludes
    alerts: tuple[AlertItem, ...]
    warnings: tuple[Row, ...]  # plausibility warnings: (label, message with its source)
    threshold: Row | None  # the low-proliferation threshold used: value, threshold, reason
    cited_rules: tuple[CitedRule, ...]
    follow_up: FollowUp | None
    referentiel: str
    engine_version: str


@dataclass(frozen=True)
class Header:
    board_name: str
    board_contact: tuple[str, ...]
    session_label: str  # "" when the case is not on a session's agenda


@dataclass(frozen=True)
class Stamp:
    """What every page of a printed document repeats: its title and when it was generated."""

    title: str
    generated_label: str
    generated_iso: str  # the PDF's creation date metadata


@dataclass(frozen=True)
class CaseDossier:
    case_id: int
    stamp: Stamp
    header: Header
    # Identity
    patient_name: str
    birth_date: str
    sex: str
    born: str  # "né le" / "née le" from the sex; "né(e) le" only when it is not known
    ipp: str
    ins: str  # only a qualified INS is ever printed
    identity_status: str
    centre: str
    referring_physician: str
    # Presentation
    reason: str
    question: str
    clinical_summary: str
    discovery_circumstances: str
    comorbidities: str
    performance_status: str
    clinical_trial: str
    # Facts
    tumour_rows: tuple[Row, ...]
    imaging_rows: tuple[Row, ...]
    treatment_lines: tuple[TreatmentLineRow, ...]
    timeline: SafeString
    # Guideline evaluation (None when the facts do not allow one: see evaluation_problems)
    evaluation: Evaluation | None
    evaluation_problems: tuple[str, ...]
    referentiel: str = REFERENTIEL
    engine_version: str = ENGINE_VERSION
    warnings: tuple[str, ...] = field(default=())
    # A discordant TENpath double reading: the board must see it before the evaluation.
    pathology_alerts: tuple[str, ...] = field(default=())

    @property
    def tumour_row_pairs(self) -> tuple[tuple[Row, Row | None], ...]:
        """Two columns read top to bottom: the first half on the left, the rest on the right."""
        half = (len(self.tumour_rows) + 1) // 2
        left, right = self.tumour_rows[:half], self.tumour_rows[half:]
        return tuple((row, right[i] if i < len(right) else None) for i, row in enumerate(left))

    def validate(self) -> CaseDossier:
        required = {
            _("nom du patient"): self.patient_name,
            _("date de naissance"): self.birth_date,
            _("IPP"): self.ipp,
            _("RCP"): self.header.board_name,
            _("motif de présentation"): self.reason,
        }
        missing = [label for label, value in required.items() if not value.strip()]
        if missing:
            raise DossierError(_("Dossier incomplet : %s.") % ", ".join(missing))
        if not isinstance(self.timeline, SafeString):
            raise DossierError("timeline must be a SafeString built with escaping")
        return self


# ---------------------------------------------------------------------------------------------
# Formatting helpers


def fmt_date(value: dt.date | None) -> str:
    return formats.date_format(value, DATE_FORMAT) if value else NOT_PROVIDED


def fmt_datetime(value: dt.datetime) -> str:
    local = timezone.localtime(value)
    return _("%(date)s à %(time)s") % {
        "date": formats.date_format(local, DATE_FORMAT),
        "time": formats.time_format(local, "H:i"),
    }


def document_stamp(title: str, generated_at: dt.datetime) -> Stamp:
    return Stamp(
        title=title,
        generated_label=_("Généré le %s") % fmt_datetime(generated_at),
        generated_iso=timezone.localtime(generated_at).isoformat(timespec="seconds"),
    )


def case_state_stamp(case: Case) -> Stamp:
    """The stamp of a stored dossier part: the state of the case it shows, not a print time.

    A part is rendered ahead and reused by every later export while the case is unchanged, so
    its pages date the case's last change; the session cover carries the generation date.
    """
    return Stamp(
        title=_("Dossier RCP n° %s") % case.pk,
        generated_label=_("État du dossier au %s") % fmt_datetime(case.updated_at),
        generated_iso=timezone.localtime(case.updated_at).isoformat(timespec="seconds"),
    )


def _value(case: Case, name: str) -> str:
    return display_value(case, name, empty=NOT_PROVIDED, date_format=DATE_FORMAT)


# ---------------------------------------------------------------------------------------------
# Sections


# Printed in the imaging table (the form's presentation fields: in the header and their own
# section).
IMAGING_FIELDS = frozenset(
    {
        "sstr_imaging",
        "sstr_imaging_date",
        "fdg_pet",
        "fdg_pet_date",
        "progression",
        "progression_imaging_1_date",
        "progression_imaging_2_date",
    }
)
# Every other field of the form, in the form's order.
TUMOUR_FIELDS = tuple(
    name for name in CASE_FIELDS if name not in PRESENTATION_FIELDS and name not in IMAGING_FIELDS
)
# Printed even when unknown: the board must see that they are missing.
KEY_FIELDS = frozenset({"histology", "ki67_percent", "mitoses_per_2mm2", "disease_extent"})


def _site_label(site) -> str:
    label = site.get_site_display()
    return f"{label} ({site.details})" if site.details else label


def tumour_rows(case: Case, sites) -> tuple[Row, ...]:
    rows = []
    for name in TUMOUR_FIELDS:
        value = _value(case, name)
        if value != NOT_PROVIDED or name in KEY_FIELDS:
            rows.append(Row(field_label(name), value))
    if case.reviewed_histology:
        rows.append(
            Row(field_label("reviewed_histology", Case), case.get_reviewed_histology_display())
        )
    # The sites are related rows, entered after the form's fields.
    labels = [_site_label(site) for site in sites]
    if labels or case.disease_extent == DiseaseExtent.METASTATIC:
        rows.append(Row(_("Sites métastatiques"), ", ".join(labels) or NOT_PROVIDED))
    return tuple(rows)


def imaging_rows(case: Case) -> tuple[Row, ...]:
    def dated(result_field: str, date_field: str) -> str:
        result = _value(case, result_field)
        when = getattr(case, date_field)
        return f"{result} — {fmt_date(when)}" if when else result

    progression = _value(case, "progression")
    dates = [d for d in (case.progression_imaging_1_date, case.progression_imaging_2_date) if d]
    if dates:
        progression += " — " + _("imageries du %s") % " et du ".join(fmt_date(d) for d in dates)
    return (
        Row(field_label("sstr_imaging"), dated("sstr_imaging", "sstr_imaging_date")),
        Row(field_label("fdg_pet"), dated("fdg_pet", "fdg_pet_date")),
        Row(field_label("progression"), progression),
    )


def treatment_line_rows(lines) -> tuple[TreatmentLineRow, ...]:
    rows = []
    ordered = sorted(lines, key=lambda line: (line.start_date, line.pk or 0))
    for number, line in enumerate(ordered, start=1):
        rows.append(
            TreatmentLineRow(
                number=number,
                treatment=line.get_treatment_display(),
                start=fmt_date(line.start_date),
                end=fmt_date(line.end_date) if line.end_date else _("en cours"),
                best_response=line.get_best_response_display(),
                reason_stopped=line.get_reason_stopped_display() if line.reason_stopped else "—",
                comment=line.comment,
            )
        )
    return tuple(rows)


def _option(raw: dict) -> OptionItem:
    return OptionItem(
        code=raw["code"],
        label=raw["label"],
        level=raw["level"],
        level_label=vocabulary.level_label(raw["level"]),
        eligible=bool(raw["eligible"]),
        eligibility=raw["eligibility"],
        eligibility_label=vocabulary.eligibility_label(raw["eligibility"]),
        regulatory=raw["regulatory"],
        regulatory_label=vocabulary.regulatory_label(raw["regulatory"]),
        regulatory_basis=raw.get("regulatory_basis", ""),
        regulatory_basis_label=vocabulary.regulatory_basis_label(raw.get("regulatory_basis", "")),
        regulatory_reason=raw.get("regulatory_reason", ""),
        conditions=tuple(raw.get("conditions") or ()),
        unmet=tuple(vocabulary.finding_texts(raw.get("unmet"))),
        pending_facts=tuple(vocabulary.pending_labels(raw)),
        excluded_by=tuple(vocabulary.finding_texts(raw.get("excluded_by"))),
        because=tuple(vocabulary.finding_texts(raw.get("because"))),
        notes=tuple(raw.get("notes") or ()),
        rules=tuple(raw.get("rules") or ()),
        section=str(raw.get("section") or ""),
    )


def _follow_up(raw: dict | None, calendar: list | tuple = ()) -> FollowUp | None:
    if not raw:
        return None
    months = raw.get("schedule_months") or []
    schedule = (
        _("à %s mois après la chirurgie") % ", ".join(str(m) for m in months)
        if months
        else _("pas de calendrier fixé par le référentiel")
    )
    return FollowUp(
        label=raw["label"],
        exams=tuple(raw.get("exams") or ()),
        schedule=schedule,
        dates=tuple(
            _("%(date)s (%(month)s mois)") % {"date": fmt_date(e["date"]), "month": e["month"]}
            for e in calendar
        ),
        notes=tuple(raw.get("notes") or ()),
        rules=tuple(raw.get("rules") or ()),
    )


def _threshold(raw: dict | None) -> Row | None:
    if not raw:
        return None
    value = raw.get("compared_value")
    compared = (
        _("valeur du patient : %s %%") % formats.number_format(value)
        if value is not None
        else _("Ki-67 du patient non renseigné")
    )
    verdict = {True: _(" (index faible)"), False: _(" (index non faible)")}.get(
        raw.get("is_low"), ""
    )
    limit = formats.number_format(raw["ki67_max"])
    return Row(
        _("Seuil de faible prolifération : Ki-67 < %s %%") % limit,
        f"{compared}{verdict}. {raw.get('reason', '')}",
    )


def build_evaluation(result: dict, calendar: list | tuple = ()) -> Evaluation:
    options = [_option(raw) for raw in result["options"]]
    eligible_groups = tuple(
        OptionGroup(level, vocabulary.level_label(level), group)
        for level, _raw in vocabulary.options_by_level(result["options"])
        if (group := tuple(o for o in options if o.eligible and o.level == level))
    )
    alerts = tuple(
        AlertItem(
            code=raw["code"],
            label=vocabulary.alert_label(raw["code"]),
            severity=raw["severity"],
            severity_label=vocabulary.severity_label(raw["severity"]),
            message=raw["message"],
            rules=tuple(raw.get("rules") or ()),
        )
        for raw in result["alerts"]
    )
    follow_up = _follow_up(result.get("follow_up"), calendar)
    cited: dict[str, None] = {}
    for item in (*options, *alerts):
        cited.update(dict.fromkeys(item.rules))
    if follow_up:
        cited.update(dict.fromkeys(follow_up.rules))
    cited_rules = tuple(
        CitedRule(rule.id, rule.section, rule.title) for rule in RULES if rule.id in cited
    )
    setting = result.get("setting", "")
    return Evaluation(
        setting_label=vocabulary.setting_label(setting),
        eligible_groups=eligible_groups,
        pending=tuple(o for o in options if o.eligibility == "pending"),
        ineligible=tuple(o for o in options if o.eligibility == "ineligible"),
        alerts=alerts,
        warnings=tuple(
            Row(w["label"], f"{w['message']} ({w['source']})") for w in result.get("warnings") or ()
        ),
        cited_rules=cited_rules,
        threshold=_threshold(result.get("thresholds", {}).get("low_proliferation")),
        follow_up=follow_up,
        referentiel=result["referentiel"],
        engine_version=result["engine_version"],
    )


def _evaluation_problems(evaluation) -> tuple[str, ...]:
    problems = [_("Donnée manquante : %s") % m for m in evaluation.missing or ()]
    for name, messages in (evaluation.errors or {}).items():
        label = vocabulary.fact_label(name)
        problems.extend(f"{label} : {message}" for message in messages)
    return tuple(problems)


def board_header(board, session=None) -> Header:
    if board is None:
        return Header(_("RCP non précisée"), (), "")
    session_label = fmt_datetime(session.starts_at) if session is not None else ""
    contact = board.contact_lines()[1:]  # its first line is the name, which the header prints
    return Header(board.name, tuple(contact), session_label)


def current_session(case: Case):
    """The session whose agenda holds the case: the planned one, else the latest locked one."""
    items = case.agenda_items.select_related("session__board")
    item = (
        items.filter(session__status=BoardSession.Status.PLANNED)
        .order_by("session__starts_at")
        .first()
    ) or items.order_by("-session__starts_at").first()
    return item.session if item else None


def pathology_alerts(reviews) -> tuple[str, ...]:
    """One line per discordant TENpath review: initial → reviewed histology, new diagnosis."""
    alerts = []
    for review in reviews:
        if not review.is_discordant:
            continue
        alerts.append(
            _(
                "Relecture TENpath discordante (%(centre)s, reçue le %(date)s) : "
                "%(before)s → %(after)s. Nouveau diagnostic : %(diagnosis)s. "
                "Le référentiel est évalué sur l'histologie relue."
            )
            % {
                "centre": review.reviewer_centre,
                "date": fmt_date(review.received_on),
                "before": review.get_initial_histology_display() or NOT_PROVIDED,
                "after": review.get_reviewed_histology_display() or NOT_PROVIDED,
                "diagnosis": review.new_diagnosis,
            }
        )
    return tuple(alerts)


def build_case_dossier(
    case: Case, *, generated_at: dt.datetime, session=None, stamp: Stamp | None = None
) -> CaseDossier:
    """Everything the board reads about one case, frozen at ``generated_at``."""
    session = session or current_session(case)
    board = session.board if session is not None else case.board
    patient = case.patient
    # Lists from the prefetch (dossiers.render.case_queryset): no query per section.
    sites = list(case.metastatic_sites.all())
    lines = list(case.treatment_lines.all())
    evaluation = evaluate_case(case, sites=sites, lines=lines)
    return CaseDossier(
        case_id=case.pk,
        stamp=stamp or document_stamp(_("Dossier RCP n° %s") % case.pk, generated_at),
        header=board_header(board, session),
        patient_name=str(patient),
        birth_date=fmt_date(patient.birth_date),
        sex=patient.get_sex_display(),
        born={"M": _("né le"), "F": _("née le")}.get(patient.sex, _("né(e) le")),
        ipp=patient.ipp,
        ins=patient.ins_printable,
        identity_status=(patient.get_ins_status_display() if patient.ins_status else NOT_PROVIDED),
        centre=str(case.centre),
        referring_physician=case.referring_physician,
        reason=case.get_reason_display() if case.reason else "",
        question=case.question,
        clinical_summary=case.clinical_summary,
        discovery_circumstances=case.discovery_circumstances,
        comorbidities=case.comorbidities,
        performance_status=(
            str(case.who_performance_status)
            if case.who_performance_status is not None
            else NOT_PROVIDED
        ),
        clinical_trial=case.clinical_trial_nct,
        tumour_rows=tumour_rows(case, sites),
        imaging_rows=imaging_rows(case),
        treatment_lines=treatment_line_rows(lines),
        timeline=print_timeline(
            timeline_svg(case, today=timezone.localdate(generated_at), lines=lines)
        ),
        evaluation=(
            build_evaluation(evaluation.result, evaluation.follow_up_calendar)
            if evaluation.result
            else None
        ),
        evaluation_problems=_evaluation_problems(evaluation),
        pathology_alerts=pathology_alerts(case.pathology_reviews.all()),
    ).validate()
