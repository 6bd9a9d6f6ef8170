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


# The whole document's page numbers, in the top right corner of every page (the running header
# is on the left; each case's dossier keeps its own page x / y at the bottom).
_NUMBERS_HTML = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 16mm 14mm 18mm 14mm;
  @top-right {{ content: "page " counter(page) " / " counter(pages);
    font-family: "DejaVu Sans", sans-serif; font-size: 7.5pt; font-weight: bold;
    color: #1d2733; }} }}
body {{ margin: 0; }} div {{ break-after: page; height: 1px; }}
div:last-child {{ break-after: auto; }}
</style></head><body>{pages}</body></html>"""


def number_pages(pdf: bytes) -> bytes:
    """Stamp "page X / T" of the whole document on every page (one small extra layout)."""
    reader = PdfReader(io.BytesIO(pdf))
    total = len(reader.pages)
    numbers = PdfReader(io.BytesIO(html_to_pdf(_NUMBERS_HTML.format(pages="<div></div>" * total))))
    writer = PdfWriter(clone_from=reader)
    for page, stamp in zip(writer.pages, numbers.pages, strict=True):
        page.merge_page(stamp)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
