"""Which agenda items of a session a user's export may include: the one place that decides.

A secretary's session export holds the dossiers of her own centre's cases; the other cases of
the agenda are listed on the cover by number and centre only. Apps above this one may open more
cases to some users — the referrals app: the national board's secretaries read the cases
referred to it (referrals.access) — and register an *export grant* here from their
``AppConfig.ready()``, since board_sessions cannot import them. The export request, the render
and the access to the finished job all ask ``export_scope``, so an export never holds a case
its reader may not open elsewhere in the app.

It also answers when a board last discussed a case (``last_discussed_at``), for the apps below
that keep what a board discussed (attachments).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Max

from board_sessions.models import AgendaItem, BoardSession


@dataclass(frozen=True)
class ExportGrant:
    """Cases of other centres a user may read, hence export, on a session."""

    label: str  # how the cover names them ("dossiers adressés à la RCP nationale")
    case_ids: Callable[[Any, BoardSession], Iterable[int]]  # (user, session) -> case ids


_grants: dict[str, ExportGrant] = {}


def register_export_grant(name: str, grant: ExportGrant) -> None:
    _grants[name] = grant


@dataclass(frozen=True)
class ExportScope:
    case_ids: tuple[int, ...]  # the cases whose dossiers the export holds, in agenda order
    granted: frozenset[int]  # those of them from other centres, opened by a grant
    labels: tuple[str, ...]  # the grants that opened some (for the cover)

    @property
    def crosses_centres(self) -> bool:
        return bool(self.granted)


def export_scope(
    user,
    session: BoardSession,
    items: list[AgendaItem] | None = None,
    *,
    centre_id: int | None = None,
    grants: bool = True,
) -> ExportScope:
    """The agenda items ``user`` may export: their centre's (``centre_id`` overrides the
    user's, for a job made earlier) and, with ``grants``, the other cases a grant opens."""
    items = session.agenda() if items is None else items
    centre_id = centre_id if centre_id is not None else getattr(user, "centre_id", None)
    if centre_id is None:
        return ExportScope(case_ids=(), granted=frozenset(), labels=())
    others = {item.case_id for item in items if item.case.centre_id != centre_id}
    granted: set[int] = set()
    labels: list[str] = []
    if grants and others:
        for grant in _grants.values():
            opened = others.intersection(grant.case_ids(user, session))
            if opened:
                granted |= opened
                labels.append(str(grant.label))
    case_ids = tuple(
        item.case_id for item in items if item.case_id not in others or item.case_id in granted
    )
    return ExportScope(case_ids=case_ids, granted=frozenset(granted), labels=tuple(labels))


def last_discussed_at(case) -> datetime | None:
    """When a board last discussed the case: the latest lock of a session holding it (a
    discussed case may be discussed again, e.g. by the national RCP after its regional board)."""
    return AgendaItem.objects.filter(
        case_id=case.pk, session__status=BoardSession.Status.LOCKED
    ).aggregate(at=Max("session__locked_at"))["at"]
