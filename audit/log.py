"""Writing the access log from views and actions."""

from __future__ import annotations

import getpass
import os

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


def os_username() -> str:
    """Who ran the command: the OS account (getpass reads LOGNAME/USER, then the password db)."""
    try:
        return getpass.getuser()[:150]
    except (KeyError, OSError):  # no name for this uid (a bare container)
        return f"uid:{os.getuid()}"


def record_cli_access(
    command: str,
    action: str,
    *,
    case=None,
    session=None,
    job=None,
    centre_id: int | None = None,
) -> AccessLog:
    """One row per export made from the command line: the OS user, origin "CLI".

    `path` holds the command's name only: its arguments (an output file name) may name a patient.
    """
    if centre_id is None:
        centre_id = getattr(case, "centre_id", None) or getattr(
            session, "organiser_centre_id", None
        )
    return AccessLog.objects.create(
        user=None,
        username=os_username(),
        origin=AccessLog.Origin.CLI,
        action=action,
        case_id=getattr(case, "pk", None),
        session_id=getattr(session, "pk", None),
        job_id=getattr(job, "pk", None),
        centre_id=centre_id,
        ip_address=None,
        user_agent="",
        path=f"manage.py {command}"[:300],
    )
