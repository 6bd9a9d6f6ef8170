"""Free text is bounded: one helper gives a TextField its limit in the form and the model.

A TextField's max_length reaches the form (and the textarea's maxlength) but not
Model.full_clean(); the validator makes the model (actions, imports) refuse it too.
"""

from __future__ import annotations

from django.core.validators import MaxLengthValidator
from django.db import models

# Limits that fit each use: a line or two, a paragraph, a clinical summary.
SHORT_TEXT = 500
NOTE_TEXT = 2000
SUMMARY_TEXT = 5000


def bounded_text(verbose_name, max_length: int, **options) -> models.TextField:
    validators = [*options.pop("validators", []), MaxLengthValidator(max_length)]
    return models.TextField(verbose_name, max_length=max_length, validators=validators, **options)
