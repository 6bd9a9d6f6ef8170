"""Writing the access log from views and actions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address

from audit.models import AccessLog


def client_ip(request) -> str | None:
    """The client's address: the peer's, or the one the trusted proxies saw.

    Each proxy appends its peer to X-Forwarded-For, so only the TRUSTED_PROXY_COUNT-th entry
    from the right is known good; anything left of it is whatever the client sent.
    """
    from django.conf import settings

    candidate = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
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
