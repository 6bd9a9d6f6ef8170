"""WeasyPrint, configured once: safe fetcher, fixed base URL, deterministic output.

Layout is CPU-bound Python, so a session's dossiers are laid out in parallel processes (forked:
they inherit the configured app and never touch the database — they receive finished HTML and
return PDF bytes), then merged. Each dossier is its own document, so its pages keep their own
"page X / Y" inside the session PDF.
"""

from __future__ import annotations

import io
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager

from django.conf import settings
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


def _render_part(html: str) -> bytes:
    return html_to_pdf(html)


@contextmanager
def _children_allowed() -> Iterator[None]:
    """Let a Celery prefork worker (a daemonic process) start the layout pool.

    multiprocessing refuses children to daemonic processes because nothing would reap them;
    here the pool never outlives the call (shut down in ``finally``), and its workers exit on
    their own if the task process is killed (their queue closes). So the flag is lifted only
    while the pool forks its workers, then restored.
    """
    config = multiprocessing.current_process()._config
    daemon = config.get("daemon")
    config["daemon"] = False
    try:
        yield
    finally:
        config["daemon"] = daemon


def render_parts(
    htmls: Sequence[str], *, progress: Callable[[int, int], None] | None = None
) -> list[bytes]:
    """PDF bytes of each HTML document, in order; ``progress(done, total)`` after each one."""
    total = len(htmls)
    processes = min(settings.DOSSIER_RENDER_PROCESSES, total)
    if processes <= 1:
        parts = []
        for done, html in enumerate(htmls, start=1):
            parts.append(_render_part(html))
            if progress:
                progress(done, total)
        return parts
    pool = ProcessPoolExecutor(
        max_workers=processes, mp_context=multiprocessing.get_context("fork")
    )
    try:
        with _children_allowed():  # fork workers start at the first submit (fork context)
            futures = [pool.submit(_render_part, html) for html in htmls]
        for done, _future in enumerate(as_completed(futures), start=1):
            if progress:
                progress(done, total)
        return [future.result() for future in futures]
    finally:
        # On a time limit or an error, queued documents are dropped, not rendered for nothing.
        pool.shutdown(wait=True, cancel_futures=True)


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


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


# The whole document's page numbers, in the top right corner of every page (the running header
# is on the left; each case keeps its own "dossier k/n · page x / y" at the bottom).
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
