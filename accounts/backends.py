"""The authentication backend: Django's ModelBackend, with the request's user loaded once.

Every page's header shows the user's centre, and most views scope their queries by it: loading
the centre with the user (one joined query per request, instead of a second query from the
template) is what ``get_user`` is for. Permissions, which decide access, are read with the
role in one query per request (``get_all_permissions``).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from accounts.roles import load_role_and_permissions


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related("centre").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        # The role and the permissions in one query (accounts.roles), not ModelBackend's two.
        if (
            obj is None
            and user_obj.is_active
            and not user_obj.is_anonymous
            and not user_obj.is_superuser
            and not hasattr(user_obj, "_perm_cache")
        ):
            load_role_and_permissions(user_obj)
        return super().get_all_permissions(user_obj, obj)
