"""Permission checks for views.

One model: Django permissions, granted to the three role groups (accounts.roles,
ROLE_PERMISSIONS). Views and access helpers ask `user.has_perm`; the role itself only names
menus and labels.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied


def require_perm(perm: str):
    """View decorator: 403 unless the user has the permission "app_label.codename".

    A superuser has every permission (Django's rule); patient records stay scoped to the
    user's centre by the access helpers, and superusers have none.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
