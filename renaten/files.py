"""Files the app writes for a person (exports with `-o`): readable by their owner only."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_MODE = 0o600


def write_private(path: str | os.PathLike, data: bytes) -> Path:
    """Write `data` to `path` with mode 0600, whatever the umask, replacing any previous file.

    An existing file is chmodded before it is truncated, so its old permissions never apply to
    the new content.
    """
    target = Path(path)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_MODE)
    try:
        os.fchmod(fd, PRIVATE_MODE)
        with os.fdopen(fd, "wb") as handle:
            fd = -1
            handle.write(data)
    finally:
        if fd != -1:
            os.close(fd)
    return target
