"""WeasyPrint, configured once: safe fetcher, fixed base URL, deterministic output.

Each dossier is its own document, so its pages keep their own "page X / Y" inside the session
PDF. Layout is CPU-bound: a session's dossiers are spread over Celery workers, one task per
case (dossiers.tasks), never over processes forked inside a task.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pypdf import PdfReader, PdfWriter
from weasyprint import HTML, Document

from dossiers.fetcher import BASE_URL, SafeURLFetcher


def render_document(html: str, *, fetcher: SafeURLFetcher | None = None) -> Document:
    """Lay out one standalone HTML document."""
    return HTML(
        string=html,
        base_url=BASE_URL,
        url_fetcher=fetcher or SafeURLFetcher(),
        media_type="print",
    ).render()


def html_to_pdf(html: str, *, fetcher: SafeURLFetcher | None = None) -> bytes:
    """One HTML document to PDF bytes. Same HTML, same bytes (no clock, no random id)."""
    return render_document(html, fetcher=fetcher).write_pdf()


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def merge_pdfs(parts: Sequence[bytes], *, title: str) -> bytes:
    """The pages of several PDFs, in order, as one PDF (deterministic for the same parts)."""
    if not parts:
        raise ValueError("no document to merge")
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    writer.add_metadata({"/Title": title, "/Producer": "RENATEN RCP"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
