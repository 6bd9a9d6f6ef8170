"""`{{ value }}` for markup written in Python (hot paths where the template engine was the cost).

`text(value)` is what a template variable renders under autoescaping (Django's
`render_value_in_context`): an aware datetime in the current time zone, then localized, then
HTML-escaped unless already marked safe. Plain strings, nearly every value, take the short way:
the first two steps return them unchanged and `html.escape` is what Django's `escape` calls.
`escaped(value)` is `conditional_escape` alone, as filters such as `join` apply it.
"""

from __future__ import annotations

import html

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime


def text(value) -> str:
    if type(value) is str:
        return html.escape(value)
    return str(conditional_escape(localize(template_localtime(value))))


def escaped(value) -> str:
    if type(value) is str:
        return html.escape(value)
    return str(conditional_escape(value))
