"""Role checks for views."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied

from accounts.roles import role_of


def require_role(*roles: str):
    """View decorator: 403 unless the user has one of the roles (a superuser counts as an
    administrator, so passes only where administrators do)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if role_of(request.user) not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
