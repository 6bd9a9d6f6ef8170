"""The history of a case in French: who changed what and when (django-simple-history)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from boards.models import Board
from cases import choices
from cases.display import field_label, format_value
from cases.models import Case, MetastaticSite, TreatmentLine

# Bookkeeping fields: they change on every save and say nothing to a reader.
HIDDEN_FIELDS = ("updated_at", "version", "created_at", "created_by", "centre", "patient")


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: dt.datetime
    who: str
    what: str
    changes: list[Change] = field(default_factory=list)


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return _("système")
    return user.get_full_name() or user.username


def _display(model, name: str, value, boards: dict[int, str]) -> str:
    # The history stores the board's id, not the board.
    if name == "board" and value:
        return boards.get(value, f"n° {value}")
    return format_value(model, name, value)


def _changes(model, new, old, boards) -> list[Change]:
    delta = new.diff_against(old, excluded_fields=HIDDEN_FIELDS)
    out = []
    for change in sorted(delta.changes, key=lambda c: _field_order(model, c.field)):
        out.append(
            Change(
                field=field_label(change.field, model),
                old=_display(model, change.field, change.old, boards),
                new=_display(model, change.field, change.new, boards),
            )
        )
    return out


def _field_order(model, name: str) -> int:
    names = [f.name for f in model._meta.fields]
    return names.index(name) if name in names else len(names)


ROW_WORDING = {
    # (added, removed, changed) per kind of row, agreed in gender.
    TreatmentLine: (
        _lazy("Ligne de traitement ajoutée : %s"),
        _lazy("Ligne de traitement retirée : %s"),
        _lazy("Ligne de traitement modifiée : %s"),
    ),
    MetastaticSite: (
        _lazy("Site métastatique ajouté : %s"),
        _lazy("Site métastatique retiré : %s"),
        _lazy("Site métastatique modifié : %s"),
    ),
}


# A candidate entry: when it happened, and how to build it (None: nothing a reader would see).
# The diffs are the costly part; only the entries a page shows are built.
Candidate = tuple[dt.datetime, Callable[[], "HistoryEntry | None"]]


def _row_entries(model, records, boards) -> list[Candidate]:
    """Entries for the rows of one model (lines or sites), grouped by row id."""
    added, removed, changed = (str(wording) for wording in ROW_WORDING[model])
    by_row: dict[int, list] = {}
    for record in records:
        by_row.setdefault(record.id, []).append(record)
    candidates = []
    for rows in by_row.values():
        for previous, record in pairwise([None, *rows]):

            def build(previous=previous, record=record) -> HistoryEntry:
                name = _row_name(model, record)
                changes = []
                if record.history_type == "+":
                    what = added % name
                elif record.history_type == "-":
                    what = removed % name
                else:
                    what = changed % name
                    changes = _changes(model, record, previous, boards) if previous else []
                return HistoryEntry(record.history_date, _who(record), what, changes)

            candidates.append((record.history_date, build))
    return candidates


def _row_name(model, record) -> str:
    if model is TreatmentLine:
        treatment = dict(choices.Treatment.choices).get(record.treatment, record.treatment)
        return f"{treatment} ({record.start_date:%d/%m/%Y})"
    return str(dict(choices.MetastaticSite.choices).get(record.site, record.site))


def _case_entries(records, boards) -> list[Candidate]:
    candidates = []
    for previous, record in pairwise([None, *records]):

        def build(previous=previous, record=record) -> HistoryEntry | None:
            if record.history_type == "+" or previous is None:
                return HistoryEntry(record.history_date, _who(record), _("Dossier créé"))
            changes = _changes(Case, record, previous, boards)
            if not changes:
                return None
            return HistoryEntry(record.history_date, _who(record), _("Dossier modifié"), changes)

        candidates.append((record.history_date, build))
    return candidates


def _patient_entries(model, records, boards) -> list[Candidate]:
    candidates = []
    for previous, record in pairwise([None, *records]):
        if previous is None:
            continue  # the creation is the case's creation

        def build(previous=previous, record=record) -> HistoryEntry | None:
            changes = _changes(model, record, previous, boards)
            if not changes:
                return None
            return HistoryEntry(record.history_date, _who(record), _("Identité modifiée"), changes)

        candidates.append((record.history_date, build))
    return candidates


def case_history(case: Case, limit: int | None = None) -> list[HistoryEntry]:
    """Every recorded change of the case, its patient, lines and sites, newest first (the
    ``limit`` newest only: older changes are not compared at all)."""
    boards = dict(Board.objects.values_list("pk", "name"))

    def history(manager):
        return manager.select_related("history_user").order_by("history_date", "pk")

    candidates = [
        *_case_entries(list(history(case.history)), boards),
        *_patient_entries(type(case.patient), list(history(case.patient.history)), boards),
        *_row_entries(
            TreatmentLine, history(TreatmentLine.history.filter(case_id=case.pk)), boards
        ),
        *_row_entries(
            MetastaticSite, history(MetastaticSite.history.filter(case_id=case.pk)), boards
        ),
    ]
    # Newest first; a stable sort keeps same-instant entries in the order above.
    candidates.sort(key=lambda candidate: candidate[0], reverse=True)
    entries: list[HistoryEntry] = []
    for _when, build in candidates:
        entry = build()
        if entry is not None:
            entries.append(entry)
            if limit and len(entries) == limit:
                break
    return entries
