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
# field's queryset, a multi-value field's sub-fields) keeps Django's own __deepcopy__.
_PLAIN_FIELD_COPIES = (forms.Field.__deepcopy__, forms.ChoiceField.__deepcopy__)
_PLAIN_WIDGET_COPIES = (forms.Widget.__deepcopy__, forms.widgets.ChoiceWidget.__deepcopy__)


def _copy_widget(widget: forms.Widget, memo: dict) -> forms.Widget:
    if type(widget).__deepcopy__ not in _PLAIN_WIDGET_COPIES:
        return copy.deepcopy(widget, memo)
    result = copy.copy(widget)
    result.attrs = widget.attrs.copy()
    if isinstance(widget, forms.widgets.ChoiceWidget):
        # Already normalized: a new list of the same (value, label) pairs, without normalizing
        # them again through the `choices` setter.
        result._choices = list(widget._choices)
    return result


def _copy_field(field: forms.Field, memo: dict) -> forms.Field:
    if type(field).__deepcopy__ not in _PLAIN_FIELD_COPIES:
        return copy.deepcopy(field, memo)
    result = copy.copy(field)
    result.widget = _copy_widget(field.widget, memo)
    result.error_messages = field.error_messages.copy()
    result.validators = field.validators[:]
    if isinstance(field, forms.ChoiceField) and isinstance(field._choices, list):
        # The pairs are tuples of strings (or lazy strings): a new list is a full copy.
        result._choices = list(field._choices)
    return result


class _FieldsCopiedCheaply(dict):
    """A form class's `base_fields`, which every instance deep-copies (BaseForm.__init__)."""

    def __deepcopy__(self, memo):
        return {name: _copy_field(field, memo) for name, field in self.items()}


def copy_fields_cheaply(form_class):
    """Class decorator: instances copy the fields as Django does, minus re-copying each choice
    pair one by one and normalizing the choices again. On the case form (53 fields, some 300
    choices) that was two thirds of building the form, on every keystroke's panel request.

    Only for forms whose choices are lists of (value, label) pairs that no code mutates in
    place (assigning new choices to an instance's field is fine)."""
    form_class.base_fields = _FieldsCopiedCheaply(form_class.base_fields)
    return form_class
