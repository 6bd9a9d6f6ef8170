"""A session's calendar invitation (.ics, RFC 5545) with the icalendar library.

Only what the invitation needs: the board, when, where, the video link and the registration
deadline. Never a case, a patient or a participant's name.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from board_sessions.models import BoardSession

PRODID = "-//RENATEN RCP//Séances RCP//FR"


def session_calendar(session: BoardSession, *, host: str, now: dt.datetime | None = None) -> bytes:
    start = session.starts_at
    end = start + dt.timedelta(minutes=settings.SESSION_ICS_DURATION_MINUTES)
    deadline = timezone.localtime(session.registration_closes_at)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    # Stable across downloads: a calendar updates the same event when the session moves.
    event.add("uid", f"seance-rcp-{session.pk}@{host}")
    event.add("dtstamp", now or timezone.now())
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", f"RCP — {session.board.name}")
    if session.place:
        event.add("location", session.place)
    if session.video_link:
        event.add("url", session.video_link)
    description = [
        f"Séance de la {session.board.name}.",
        f"Date limite d'inscription des dossiers : {deadline:%d/%m/%Y %H:%M}.",
    ]
    if session.video_link:
        description.append(f"Visioconférence : {session.video_link}")
    event.add("description", "\n".join(description))
    event.add("status", "CONFIRMED" if not session.is_locked else "CANCELLED")
    event.add("sequence", 0)
    calendar.add_component(event)
    return calendar.to_ical()
