"""A form renderer that writes Django's standard widgets in Python, byte for byte as its templates.

The case form has ~65 widgets and ~120 select options; Django renders each widget, and each
option of each select, through the template engine (an include per option), which made widget
rendering about half of the form page's time. The markup is Django's own, unchanged: the same
templates (django/forms/widgets/*.html) are transcribed here, and a test renders every widget
of the app both ways and compares the bytes. If a project overrides any of these templates, the
renderer falls back to the template engine for all of them.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe

from renaten.html import text

WIDGETS = "django/forms/widgets/"
DJANGO_TEMPLATES = Path(django.forms.__file__).resolve().parent / "templates"


def _stringformat(value) -> str:
    """``{{ value|stringformat:'s' }}``: the filter is is_safe, so safe input stays unescaped."""
    if type(value) is str:  # most values: formatted as they are, unsafe
        return html.escape(value)
    try:
        formatted = "%s" % (str(value) if isinstance(value, tuple) else value)
    except (TypeError, ValueError):
        formatted = ""
    return formatted if isinstance(value, SafeData) else str(escape(formatted))


def _attrs(attrs: dict) -> str:
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {text(name)}" if value is True else f' {text(name)}="{_stringformat(value)}"')
    return "".join(out)


def _input(widget: dict) -> str:
    value = widget.get("value")
    shown = f' value="{_stringformat(value)}"' if value is not None else ""
    return (
        f'<input type="{text(widget.get("type", ""))}" name="{text(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>\n"
    )


def _input_option(option: dict) -> str:
    if not option.get("wrap_label"):
        return _input(option) + "\n"
    target = option["attrs"].get("id")
    label_for = f' for="{text(target)}"' if target else ""
    return f"<label{label_for}>{_input(option)} {text(option['label'])}</label>\n"


def _select_option(option: dict) -> str:
    return (
        f'<option value="{_stringformat(option["value"])}"{_attrs(option["attrs"])}>'
        f"{text(option['label'])}</option>\n"
    )


def _select(widget: dict) -> str:
    out = [f'<select name="{text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{text(group_name)}">')
        out.extend("\n  " + _option(option) for option in options)
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>\n")
    return "".join(out)


def _multiple_input(widget: dict) -> str:
    attrs = widget["attrs"]
    out = ["<div"]
    if attrs.get("id"):
        out.append(f' id="{text(attrs["id"])}"')
    if attrs.get("class"):
        out.append(f' class="{text(attrs["class"])}"')
    out.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f"\n  <div><label>{text(group)}</label>")
        out.extend(f"<div>\n    {_option(option)}</div>" for option in options)
        if group:
            out.append("\n  </div>")
    out.append("\n</div>\n")
    return "".join(out)


def _textarea(widget: dict) -> str:
    value = widget.get("value")
    body = text(value) if value else ""
    return f'<textarea name="{text(widget["name"])}"{_attrs(widget["attrs"])}>\n{body}</textarea>\n'


INPUT_TYPES = ("text", "number", "email", "url", "password", "hidden", "date", "search", "tel")
INPUT_TYPES += ("time", "datetime", "color")

RENDERERS: dict[str, Callable[[dict], str]] = {
    WIDGETS + "select.html": _select,
    WIDGETS + "select_option.html": _select_option,
    WIDGETS + "textarea.html": _textarea,
    WIDGETS + "input.html": _input,
    WIDGETS + "input_option.html": _input_option,
    WIDGETS + "multiple_input.html": _multiple_input,
    # Templates that only include another one, plus that file's final newline.
    WIDGETS + "checkbox_option.html": lambda widget: _input_option(widget) + "\n",
    WIDGETS + "radio_option.html": lambda widget: _input_option(widget) + "\n",
    WIDGETS + "checkbox_select.html": lambda widget: _multiple_input(widget) + "\n",
    WIDGETS + "radio.html": lambda widget: _multiple_input(widget) + "\n",
    **{f"{WIDGETS}{name}.html": (lambda widget: _input(widget) + "\n") for name in INPUT_TYPES},
}


def _option(option: dict) -> str:
    return RENDERERS[option["template_name"]](option)


class FastWidgetRenderer(DjangoTemplates):
    """Django's default renderer; its standard widgets written without the template engine."""

    @cached_property
    def fast(self) -> bool:
        """Only while every transcribed template is Django's own (none overridden)."""
        for name in RENDERERS:
            origin = Path(self.get_template(name).origin.name).resolve()
            if not origin.is_relative_to(DJANGO_TEMPLATES):
                return False
        return True

    def render(self, template_name, context, request=None):
        render = RENDERERS.get(template_name)
        if render is not None and self.fast and "widget" in context:
            # Stripped, as BaseRenderer.render strips a template's output.
            return mark_safe(render(context["widget"]).strip())  # noqa: S308 (escaped above)
        return super().render(template_name, context, request=request)
