"""WeasyPrint, configured once: safe fetcher, fixed base URL, deterministic output.

Each dossier is its own document, so its pages keep their own "page X / Y" inside the session
PDF. Layout is CPU-bound: a session's dossiers are spread over Celery workers, one task per
case (dossiers.tasks), never over processes forked inside a task.
"""

from __future__ import annotations

import functools
import gc
import io
import re
import threading
from collections.abc import Sequence

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject
from weasyprint import CSS, HTML, Document
from weasyprint.html import UA, UA_COUNTER_STYLE
from weasyprint.text.fonts import FontConfiguration

from dossiers.fetcher import BASE_URL, SafeURLFetcher

_fonts = threading.local()


def font_configuration() -> FontConfiguration:
    """This thread's fonts, kept from one document to the next.

    WeasyPrint otherwise loads Fontconfig's configuration and a new Pango font map for every
    document, and shapes its text with cold font caches. The dossiers declare no @font-face (the
    system's DejaVu Sans only), so nothing a document does changes what the next one finds; one
    per thread, as a Pango font map is not to be shared between threads.
    """
    config = getattr(_fonts, "config", None)
    if config is None:
        config = _fonts.config = FontConfiguration()
    return config


# WeasyPrint's user-agent stylesheet styles five pseudo-elements of footnotes and notes
# (::footnote-call, ::footnote-marker, ::note-call, ::note-marker, ::note-callback) with rules
# that match every element: each document computed five unused styles per element, a tenth of a
# dossier's layout time. No dossier places a footnote or a note (float: footnote), so they are
# laid out with that stylesheet minus those five rules (same bytes; tests/dossiers/test_layout.py).
_FOOTNOTE_AND_NOTE_RULES = re.compile(r"^::(?:footnote|note)-[a-z-]+ \{[^}]*\}$", re.MULTILINE)


@functools.cache
def user_agent_stylesheet() -> CSS:
    text, removed = _FOOTNOTE_AND_NOTE_RULES.subn("", UA)
    if removed != 5:  # WeasyPrint is pinned: a new version must be looked at again
        raise RuntimeError(f"WeasyPrint's footnote and note rules changed ({removed} found)")
    return CSS(string=text, counter_style=UA_COUNTER_STYLE)


class DossierHTML(HTML):
    """An HTML document laid out with :func:`user_agent_stylesheet`."""

    def _ua_stylesheets(self, forms=False):
        # WeasyPrint's hook for its user-agent stylesheets (the form one is kept if asked).
        return [user_agent_stylesheet(), *super()._ua_stylesheets(forms)[1:]]


def freeze_long_lived_objects() -> None:
    """Leave the objects alive now out of the garbage collector's passes (call once a rendering
    process has started: a Celery pool process, the bench).

    A layout allocates some hundred thousand objects, so the collector runs a full pass about
    once a document; each pass also walked Django's, Celery's and WeasyPrint's start-up objects
    (some 200,000), which cost a dossier about a third of its time. Those live as long as the
    process, so they are frozen (gc.freeze) after one last collection.
    """
    gc.collect()
    gc.freeze()


def render_document(html: str, *, fetcher: SafeURLFetcher | None = None) -> Document:
    """Lay out one standalone HTML document."""
    return DossierHTML(
        string=html,
        base_url=BASE_URL,
        url_fetcher=fetcher or SafeURLFetcher(),
        media_type="print",
    ).render(font_config=font_configuration())


def html_to_pdf(html: str, *, fetcher: SafeURLFetcher | None = None) -> bytes:
    """One HTML document to PDF bytes. Same HTML, same bytes (no clock, no random id)."""
    return render_document(html, fetcher=fetcher).write_pdf()


def read_pdf(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_count(pdf: bytes | PdfReader) -> int:
    return len((pdf if isinstance(pdf, PdfReader) else read_pdf(pdf)).pages)


def merge_pdfs(parts: Sequence[bytes | PdfReader], *, title: str, numbered: bool = False) -> bytes:
    """The pages of several PDFs (bytes, or readers already parsed to count their pages), in
    order, as one PDF (deterministic for the same parts).

    ``numbered``: "page X / T" of the whole document in the top right corner of every page
    (the running header is on the left; each case's dossier keeps its own page x / y at the
    bottom)."""
    if not parts:
        raise ValueError("no document to merge")
    writer = PdfWriter()
    for part in parts:
        writer.append(part if isinstance(part, PdfReader) else read_pdf(part))
    if numbered:
        _number_pages(writer)
    writer.add_metadata({"/Title": title, "/Producer": "RENATEN RCP"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# The page number is drawn with Helvetica-Bold, one of the PDF's standard fonts: nothing to
# embed or lay out. (It was a second WeasyPrint document of T pages stamped onto every page:
# a second of layout for a 40-case session, and a file four times larger.)
_NUMBER_FONT = NameObject("/RcpPageNumber")
_NUMBER_SIZE = 7.5
# Advance widths (1/1000 em) of the characters used, from Adobe's Core 14 AFM (Helvetica-Bold).
_HELVETICA_BOLD_WIDTHS = {"p": 611, "a": 556, "g": 611, "e": 556, " ": 278, "/": 278}
_DIGIT_WIDTH = 556
_RIGHT_MARGIN_PT = 14 / 25.4 * 72  # the dossier's right page margin (14 mm)
_BASELINE_FROM_TOP_PT = 10.5 / 25.4 * 72  # in the middle of its 16 mm top margin
_NUMBER_COLOUR = "0.114 0.153 0.2 rg"  # #1d2733, the dossier's text colour


def _text_width(text: str) -> float:
    units = sum(_HELVETICA_BOLD_WIDTHS.get(char, _DIGIT_WIDTH) for char in text)
    return units * _NUMBER_SIZE / 1000


def _stream(writer: PdfWriter, data: bytes):
    """A content stream as an indirect object of the writer (PDF streams cannot be direct;
    pypdf has no public name for this)."""
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def _number_pages(writer: PdfWriter) -> None:
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica-Bold"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    # Whatever graphics state a page's own content leaves, the number is drawn from a clean one.
    save = _stream(writer, b"q\n")
    total = len(writer.pages)
    for number, page in enumerate(writer.pages, start=1):
        _add_font(page, font)
        draw = _stream(writer, _number_operators(f"page {number} / {total}", page.mediabox))
        page[NameObject("/Contents")] = ArrayObject([save, *_contents(page), draw])


def _number_operators(text: str, box) -> bytes:
    x = float(box.right) - _RIGHT_MARGIN_PT - _text_width(text)
    y = float(box.top) - _BASELINE_FROM_TOP_PT
    font = f"{_NUMBER_FONT} {_NUMBER_SIZE} Tf {_NUMBER_COLOUR}"
    return f"Q q BT {font} {x:.2f} {y:.2f} Td ({text}) Tj ET Q\n".encode()


def _contents(page) -> list:
    """The page's content streams (references), left as they are: nothing is decoded."""
    contents = page.get(NameObject("/Contents"))
    if contents is None:
        return []
    if isinstance(contents.get_object(), ArrayObject):
        return list(contents.get_object())
    return [contents]


def _add_font(page, font) -> None:
    resources = page.get(NameObject("/Resources"))
    resources = DictionaryObject() if resources is None else resources.get_object()
    fonts = resources.get(NameObject("/Font"))
    fonts = DictionaryObject() if fonts is None else fonts.get_object()
    fonts[_NUMBER_FONT] = font
    resources[NameObject("/Font")] = fonts
    page[NameObject("/Resources")] = resources
