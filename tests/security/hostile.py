"""Hypothesis strategies for hostile form values, and the checks every refusal must pass."""

from __future__ import annotations

from django.utils.html import escape
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = '"><svg onload=alert(1)>'
PAYLOADS = (SCRIPT, IMG, SVG)

SPECIAL_TEXT = (
    *PAYLOADS,
    "javascript:alert(1)",
    "'; DROP TABLE cases_case; --",
    "{{ request }}{% debug %}",
    "\u202eelbatpecca\u202c",  # right-to-left override
    "zéro\u200blargeur\u200d\ufeff",  # zero-width characters
    "nul\x00octet",
    "emoji 🫁🧬👩🏽‍⚕️",
    "e\u0301\u0302\u0303\u0304\u0305 combinés",
    "\r\n\t  ",
    "",
)
SPECIAL_NUMBERS = (
    "-1",
    "-0",
    "-99999999999999999999",
    "1e309",
    "1e-400",
    "NaN",
    "inf",
    "-Infinity",
    "12,5",
    "0x1F",
    "1_000",
    "١٢",  # Arabic-Indic digits
    "²",  # a digit to str.isdigit(), not to int()
    "①②",
    "99999999999999999999999999999999",
    "9" * 5000,  # past Python's 4,300-digit limit for int()
)
SPECIAL_DATES = (
    "2026-02-30",
    "31/12/2026",
    "9999-99-99",
    "0000-00-00",
    "2026-13-01",
    "1900-02-29",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30T25:61",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "aujourd'hui",
)

huge_text = st.builds(
    lambda unit, size: (unit * size)[:size],
    st.sampled_from(["A", "é", "🫁", SCRIPT, "\u202e", "\u0301"]),
    st.integers(min_value=10_000, max_value=100_000),
)
numbers = st.one_of(
    st.sampled_from(SPECIAL_NUMBERS),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
dates = st.one_of(st.sampled_from(SPECIAL_DATES), st.dates().map(lambda d: d.isoformat()))
hostile = st.one_of(
    st.sampled_from(SPECIAL_TEXT),
    huge_text,
    numbers,
    dates,
    st.text(max_size=40),  # any unicode (hypothesis leaves lone surrogates out: not encodable)
)

# Modest counts: each form gets its own test; the suite must stay quick on two cores.
FORM_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def form_errors(response, *names: str) -> dict[str, list[str]] | None:
    """The errors of the context's forms called `names`; None when no such form was captured
    (the test client misses the context of some htmx partials rendered from a cached template)."""
    forms = []
    for name in names:
        form = response.context.get(name) if response.context else None
        form = getattr(form, "form", form)  # the admin wraps its form
        if form is not None:
            forms.append(form)
    if not forms:
        return None
    errors: dict[str, list[str]] = {}
    for form in forms:
        if form.is_bound:
            for field, messages in form.errors.items():
                errors.setdefault(field, []).extend(messages)
    return errors


def assert_errors_shown(response, *names: str) -> None:
    """A refusal names at least one problem, and every message is in the page (escaped)."""
    html = response.content.decode()
    errors = form_errors(response, *names)
    if errors is None:
        assert 'class="errorlist' in html, f"refused without a field error ({response.status_code})"
        return
    assert errors, f"refused without a field error ({response.status_code})"
    for messages in errors.values():
        for message in messages:
            assert escape(message) in html, f"error not shown: {message[:200]!r}"


def assert_no_foreign_script(html: str) -> None:
    """The only <script> tags are ours, loaded from static files (any letter case)."""
    lowered = html.lower()
    for chunk in lowered.split("<script")[1:]:
        assert chunk.lstrip().startswith('src="/static/'), f"<script{chunk[:80]}"
    for payload in PAYLOADS:
        assert payload.lower() not in lowered, f"unescaped {payload!r}"
