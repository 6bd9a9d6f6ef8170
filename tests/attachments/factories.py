"""Fictional attachments with real (tiny) files: PDFs made by pypdf, images by Pillow."""

from __future__ import annotations

import datetime as dt
import io

from attachments import actions
from attachments.models import Attachment


def blank_pdf(pages: int = 1) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes(size=(40, 30), colour=(200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(size=(40, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (20, 90, 160)).save(out, "JPEG")
    return out.getvalue()


def attach(
    case,
    *,
    by=None,
    kind=Attachment.Kind.PATHOLOGY_REPORT,
    data: bytes | None = None,
    name: str = "compte-rendu.pdf",
    title: str = "Compte rendu fictif",
    document_date=dt.date(2025, 6, 1),
) -> Attachment:
    if by is None:
        from tests.factories import UserFactory

        by = UserFactory(centre=case.centre, role="clinician")
    return actions.add_attachment(
        case=case,
        kind=kind,
        document_date=document_date,
        title=title,
        data=blank_pdf() if data is None else data,
        client_name=name,
        by=by,
    )


def complete_for_registration(case, *, by=None) -> None:
    """Attach every document the case's checklist asks for (blank fictional PDFs)."""
    from attachments.completeness import required_documents

    for requirement in required_documents(case):
        if not case.attachments.filter(kind=requirement.kind).exists():
            attach(case, by=by, kind=requirement.kind, title=f"Document fictif {requirement.kind}")
