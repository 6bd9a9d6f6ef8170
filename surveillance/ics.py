"""The expected exams of one patient as an iCalendar file (RFC 5545, `icalendar` library).

For the clinician's own calendar: the only identity in an event is the IPP.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from icalendar import Calendar, Event

PRODID = "-//RENATEN RCP//Surveillance//FR"


def expected_exams_ics(surveillance, expected, *, now: dt.datetime | None = None) -> bytes:
    """All-day events, one per expected exam not yet done; UIDs stable across exports."""
    now = now or timezone.now()
    ipp = surveillance.case.patient.ipp
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Surveillance IPP {ipp}")
    for row in expected:
        event = Event()
        event.add("uid", f"surveillance-{surveillance.pk}-m{row.month}@renaten-rcp")
        event.add("dtstamp", now)
        event.add("dtstart", row.due_date)
        event.add("dtend", row.due_date + dt.timedelta(days=1))
        event.add("summary", f"Surveillance IPP {ipp} : {row.exams}")
        event.add(
            "description",
            f"Examen prévu à {row.month} mois de la chirurgie (plan du référentiel, "
            f"dossier n° {surveillance.case_id}).",
        )
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
