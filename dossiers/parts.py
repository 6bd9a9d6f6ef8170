"""The content-addressed store of rendered dossiers (no PDF library here: the web imports it).

A part's digest is the SHA-256 of the render version and the dossier's HTML: the same HTML
rendered by the same templates, stylesheet and WeasyPrint gives the same PDF, so a part found
under that digest is reused as is, and any change (the case, the référentiel, the engine, a
template) gives a new digest and a new render. Files live under MEDIA_ROOT/dossiers/parts/.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from datetime import timedelta
from functools import cache
from importlib.metadata import version
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from dossiers.models import DossierPart

PARTS_FOLDER = "dossiers/parts"
# What shapes a PDF besides its HTML: the stylesheet it links and the layout engine.
RENDER_INPUTS = ("css/dossier.css",)


@cache
def template_version() -> str:
    """A short hash of the dossier templates, the stylesheet and WeasyPrint's version."""
    digest = hashlib.sha256(f"weasyprint {version('weasyprint')}\n".encode())
    templates = Path(settings.BASE_DIR) / "templates" / "dossiers"
    files = sorted(templates.glob("*.html"))
    for static_dir in settings.DOSSIER_ASSET_DIRS:
        files += [Path(static_dir) / name for name in RENDER_INPUTS]
    for path in files:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def part_digest(html: str) -> str:
    return hashlib.sha256(f"{template_version()}\n{html}".encode()).hexdigest()


def relative_path(digest: str) -> str:
    return f"{PARTS_FOLDER}/{digest[:2]}/{digest}.pdf"


def find(digest: str) -> DossierPart | None:
    """The stored part for this digest if its file is really there (else the row is dropped)."""
    part = DossierPart.objects.filter(digest=digest).first()
    if part is None:
        return None
    if not part.path.is_file():
        part.delete()
        return None
    return part


def stored_digests(digests) -> set[str]:
    """Which of these digests have a stored part (one query; files checked at merge)."""
    return set(
        DossierPart.objects.filter(digest__in=list(digests)).values_list("digest", flat=True)
    )


def write_private(target: Path, data: bytes) -> None:
    """Write atomically (a reader never sees half a file), readable by the app's user only."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".pdf")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save(*, case, digest: str, data: bytes, pages: int, referentiel: str, engine: str):
    """Store a freshly rendered part (two workers rendering the same digest agree: same bytes)."""
    path = relative_path(digest)
    write_private(Path(settings.MEDIA_ROOT) / path, data)
    fields = {
        "case": case,
        "case_version": case.version,
        "referentiel": referentiel[:200],
        "engine_version": engine[:50],
        "template_version": template_version(),
        "pages": pages,
        "size": len(data),
        "file": path,
    }
    try:
        with transaction.atomic():
            part, created = DossierPart.objects.get_or_create(digest=digest, defaults=fields)
    except IntegrityError:
        part, created = DossierPart.objects.get(digest=digest), False
    if not created:
        touch([digest])
    return part


def touch(digests) -> None:
    """Mark parts as used now: retention counts from the last export that used them."""
    DossierPart.objects.filter(digest__in=list(digests)).update(last_used_at=timezone.now())


def purge(*, now=None) -> int:
    """Delete the parts no export used within the retention period (their files go too)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.DOSSIER_PART_RETENTION_DAYS)
    count = 0
    for part in DossierPart.objects.filter(last_used_at__lt=cutoff).iterator():
        part.delete()  # one by one: post_delete removes each file
        count += 1
    return count
