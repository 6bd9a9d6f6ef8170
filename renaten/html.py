"""`{{ value }}` for markup written in Python (hot paths where the template engine was the cost).

`text(value)` is what a template variable renders under autoescaping: localized when not a
string, HTML-escaped unless already marked safe. Plain strings, nearly every value, take the
short way: `localize` returns them unchanged and `html.escape` is what Django's `escape` calls.
"""

from __future__ import annotations

import html

from django.utils.formats import localize
from django.utils.html import conditional_escape


def text(value) -> str:
    if type(value) is str:
        return html.escape(value)
    return str(conditional_escape(localize(value)))
