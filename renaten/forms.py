"""Form helpers shared by every app's views."""

from __future__ import annotations

import copy

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def attach_errors(error: ValidationError, *forms) -> None:
    """Put an action's ValidationError next to the field it names, on whichever form has it;
    anything else (non-field errors, fields no form shows) goes to the last form's top."""
    if not hasattr(error, "error_dict"):
        forms[-1].add_error(None, error)
        return
    for name, problems in error.error_dict.items():
        target = next((f for f in forms if name in f.fields), None)
        if target is None:
            forms[-1].add_error(None, problems)
        else:
            target.add_error(name if name != NON_FIELD_ERRORS else None, problems)


# --- per-instance copies of a form's fields ---------------------------------------------------

# Fields and widgets whose deep copy is Django's plain one: copy the object, its attrs, error
# messages and validators, and (choice fields) their choices. Anything else (a model choice
# field's queryset, a multi-value field's sub-fields) keeps Django's own __deepcopy__, and so
# does any field whose choices are not a flat list of (value, label) pairs (groups hold inner
# lists; callables are re-run by the `choices` setter).
_PLAIN_FIELD_COPIES = (forms.Field.__deepcopy__, forms.ChoiceField.__deepcopy__)
_PLAIN_WIDGET_COPIES = (forms.Widget.__deepcopy__, forms.widgets.ChoiceWidget.__deepcopy__)


def _flat_pairs(choices) -> bool:
    return isinstance(choices, list) and all(
        isinstance(pair, tuple) and not isinstance(pair[1], list | tuple) for pair in choices
    )


def _copies_cheaply(field: forms.Field) -> bool:
    widget = field.widget
    if type(field).__deepcopy__ not in _PLAIN_FIELD_COPIES:
        return False
    if type(widget).__deepcopy__ not in _PLAIN_WIDGET_COPIES:
        return False
    if isinstance(field, forms.ChoiceField) and not _flat_pairs(field._choices):
        return False
    return not isinstance(widget, forms.widgets.ChoiceWidget) or _flat_pairs(widget._choices)


def _copy(field: forms.Field) -> forms.Field:
    """What Django's Field / ChoiceField / Widget / ChoiceWidget __deepcopy__ give, with the
    already-normalized choices copied as new lists of the same immutable pairs."""
    result = copy.copy(field)
    result.widget = widget = copy.copy(field.widget)
    widget.attrs = field.widget.attrs.copy()
    if isinstance(widget, forms.widgets.ChoiceWidget):
        widget._choices = list(field.widget._choices)  # not through the normalizing setter
    result.error_messages = field.error_messages.copy()
    result.validators = field.validators[:]
    if isinstance(field, forms.ChoiceField):
        result._choices = list(field._choices)
    return result


class _FieldsCopiedCheaply(dict):
    """A form class's `base_fields`, which every instance deep-copies (BaseForm.__init__)."""

    def __init__(self, fields=(), /):
        super().__init__(fields)
        self.cheap = frozenset(name for name, field in fields.items() if _copies_cheaply(field))

    def __deepcopy__(self, memo):
        return {
            name: _copy(field) if name in self.cheap else copy.deepcopy(field, memo)
            for name, field in self.items()
        }


def copy_fields_cheaply(form_class):
    """Class decorator: instances copy the fields as Django does, minus re-copying each choice
    pair one by one and normalizing the choices again. On the case form (53 fields, some 300
    choices) that was two thirds of building the form, on every keystroke's panel request.

    Decorate each form class: a subclass builds its own `base_fields` (a plain dict again).
    Choices must not be mutated in place on the class's fields after decoration (assigning new
    choices to an instance's field is fine); tests/renaten/test_form_field_copies.py checks,
    field by field, that instances share with the class exactly what Django's copy shares."""
    form_class.base_fields = _FieldsCopiedCheaply(form_class.base_fields)
    return form_class
