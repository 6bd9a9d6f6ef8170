"""Writing the access log from views and actions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address

from audit.models import AccessLog


def client_ip(request) -> str | None:
    """The peer address; X-Forwarded-For is trusted only when the proxy header is configured."""
    from django.conf import settings

    candidate = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            candidate = forwarded.split(",")[0].strip()
    try:
        validate_ipv46_address(candidate)
    except ValidationError:
        return None
    return candidate


def record_access(
    request,
    action: str,
    *,
    case=None,
    session=None,
    job=None,
) -> AccessLog:
    """One row per view, export or download of patient data."""
    user = request.user if request.user.is_authenticated else None
    centre_id = getattr(case, "centre_id", None) or getattr(user, "centre_id", None)
    return AccessLog.objects.create(
        user=user,
        username=user.get_username() if user else "",
        action=action,
        case_id=getattr(case, "pk", None),
        session_id=getattr(session, "pk", None),
        job_id=getattr(job, "pk", None),
        centre_id=centre_id,
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:200],
        path=request.get_full_path()[:300],
    )
