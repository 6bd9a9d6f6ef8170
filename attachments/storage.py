"""Writing attachment files: per centre and case, random names, 0600 files in 0700 folders."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings


def relative_path_for(*, centre_id: int, case_id: int, extension: str) -> str:
    # Ids and a random token only: nothing identifying in a path seen by backups and logs.
    return f"attachments/{centre_id}/{case_id}/{secrets.token_hex(16)}.{extension}"


def write_private(relative_path: str, data: bytes) -> Path:
    """Create the file (never overwrite one), readable and writable by the app's user only."""
    root = Path(settings.MEDIA_ROOT).resolve()
    target = (root / relative_path).resolve()
    if root not in target.parents:
        raise ValueError("attachment path outside MEDIA_ROOT")
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    os.chmod(target, 0o600)  # whatever the umask
    return target
