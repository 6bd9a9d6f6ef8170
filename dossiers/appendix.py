"""A case's attachments as PDF pages, to follow its dossier in a session export.

Kept apart from the render pipeline on purpose: whichever step merges a session's parts calls
`attachments_pdf(case_id)` after the case's dossier. Uploaded PDFs are appended as they are (the
upload check refused active content and encryption); PNG and JPEG images become one page each,
scaled to fit A4. Same attachments, same bytes.
"""

from __future__ import annotations

import io
import time

from pypdf import PdfReader, PdfWriter

from attachments.models import Attachment

A4_INCHES = (8.27, 11.69)
# Documents in the order a reader expects: pathology first, then imaging, biology, letters.
KIND_ORDER = {kind: index for index, kind in enumerate(Attachment.Kind.values)}


def image_to_pdf(data: bytes, *, title: str = "") -> bytes:
    """One PDF page holding the image, at a resolution that makes it fit an A4 page."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.load()
        rgb = image.convert("RGB")
    width, height = rgb.size
    dpi = max(width / A4_INCHES[0], height / A4_INCHES[1], 72.0)
    out = io.BytesIO()
    # Fixed dates: Pillow would otherwise stamp the current time into the file.
    rgb.save(
        out,
        "PDF",
        resolution=dpi,
        title=title,
        creationDate=_EPOCH,
        modDate=_EPOCH,
    )
    return out.getvalue()


_EPOCH = time.gmtime(946684800)  # 2000-01-01T00:00:00Z, as the struct Pillow expects


def attachment_pdf(attachment: Attachment) -> bytes:
    data = attachment.path.read_bytes()
    if attachment.is_image:
        return image_to_pdf(data, title=attachment.title)
    return data


def ordered(attachments) -> list[Attachment]:
    return sorted(attachments, key=lambda a: (KIND_ORDER.get(a.kind, 99), a.document_date, a.pk))


def attachments_pdf(case_id: int) -> bytes | None:
    """Every attachment of the case as one PDF (None when it has none or none is readable)."""
    documents = ordered(Attachment.objects.filter(case_id=case_id))
    writer = PdfWriter()
    appended = 0
    for document in documents:
        if not document.path.is_file():
            continue  # a file lost on the volume must not sink the whole export
        writer.append(PdfReader(io.BytesIO(attachment_pdf(document))))
        appended += 1
    if not appended:
        return None
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
