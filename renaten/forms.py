"""Form helpers shared by every app's views."""

from __future__ import annotations

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
