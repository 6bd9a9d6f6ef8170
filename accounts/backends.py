"""The authentication backend: Django's ModelBackend, with the request's user loaded once.

Every page's header shows the user's centre, and most views scope their queries by it: loading
the centre with the user (one joined query per request, instead of a second query from the
template) is what ``get_user`` is for.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related("centre").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
