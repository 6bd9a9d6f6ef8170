"""Login forms that check the identifier's length on the server.

Django's AuthenticationForm only sets the HTML maxlength: an over-long identifier reached
authenticate(), and django-axes then failed to store it (255 characters at most) — a 500 on
PostgreSQL. Refused here, it is a field error and never reaches the database.
"""

from __future__ import annotations

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


def _bound_username(form) -> None:
    field = form.fields["username"]
    field.validators.append(MaxLengthValidator(field.max_length or 150))


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bound_username(self)


class AdminLoginForm(AdminAuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bound_username(self)
