from accounts.roles import ROLE_LABELS, role_of


def role(request):
    """The current user's role, for per-role navigation."""
    user = getattr(request, "user", None)
    current = role_of(user) if user is not None else None
    return {"user_role": current, "user_role_label": ROLE_LABELS.get(current, "")}
