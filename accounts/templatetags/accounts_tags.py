"""Template filters of the account pages."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

register = template.Library()


@register.filter
def duration(value: dt.timedelta) -> str:
    """A timedelta in words, in the active language: "1 heure", "30 minutes"."""
    now = timezone.now()
    return timesince(now, now + value)
