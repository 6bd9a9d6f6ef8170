"""The content check, file by file: what is accepted, and the attack corpus that is refused."""

from __future__ import annotations

import pytest

from attachments import validation
from attachments.validation import JPEG, PDF, PNG, Refused, check, display_name
from tests.attachments import corpus
from tests.attachments.factories import blank_pdf, jpeg_bytes, png_bytes

LIMITS = {"max_bytes": 20 * 2**20, "max_pixels": 40_000_000, "max_pages": 300}


def test_a_plain_pdf_png_and_jpeg_are_accepted_as_what_their_bytes_say():
    assert check(blank_pdf(3), **LIMITS) == validation.Checked(PDF, "pdf", 3)
    assert check(png_bytes(), **LIMITS).content_type == PNG
    assert check(jpeg_bytes(), **LIMITS).content_type == JPEG
    assert check(png_bytes(size=(40, 30)), **LIMITS).width == 40


def test_a_pdf_opening_at_a_page_is_ordinary_and_accepted():
    # /OpenAction with /GoTo: what many word processors write. Not active content.
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, NameObject, NumberObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [page.indirect_reference, NameObject("/Fit")]
    )
    import io

    out = io.BytesIO()
    writer.write(out)
    assert check(out.getvalue(), **LIMITS).pages == 1
    assert NumberObject  # imported for clarity of the structure above


@pytest.mark.parametrize(
    ("label", "data", "message"),
    [
        ("HTML named .pdf", corpus.HTML_AS_PDF, "Format refusé"),
        ("SVG with a script", corpus.SVG, "Format refusé"),
        ("GIF", corpus.GIF, "Format refusé"),
        ("HTML/PDF polyglot", corpus.html_then_pdf_polyglot(), "Format refusé"),
        ("JPEG magic then HTML", corpus.jpeg_magic_then_html(), "illisible"),
        ("PDF with document JavaScript", corpus.pdf_with_javascript(), "contenu actif"),
        (
            "PDF opening with JavaScript",
            corpus.pdf_with_open_action("/JavaScript", JS="app.alert(1)"),
            "contenu actif",
        ),
        (
            "PDF opening with a launch action",
            corpus.pdf_with_open_action("/Launch", F="cmd.exe"),
            "contenu actif",
        ),
        (
            "PDF submitting a form",
            corpus.pdf_with_open_action("/SubmitForm", F="https://exemple.invalid/"),
            "contenu actif",
        ),
        ("PDF with an embedded file", corpus.pdf_with_embedded_file(), "contenu actif"),
        (
            "PDF hiding /JavaScript as #-escapes",
            corpus.pdf_with_hex_escaped_javascript(),
            "contenu actif",
        ),
        ("encrypted PDF", corpus.encrypted_pdf(), "chiffré"),
        ("truncated PDF", blank_pdf()[:40], "illisible"),
        ("PNG bomb (50,000 × 50,000)", corpus.png_bomb(), "trop grande"),
        ("PNG bomb just over the budget", corpus.png_bomb(8000, 8000), "trop grande"),
        ("truncated PNG", corpus.truncated_png(), "illisible"),
        ("empty file", b"", "vide"),
    ],
)
def test_the_attack_corpus_is_refused_with_a_reason(label, data, message):
    with pytest.raises(Refused) as refused:
        check(data, **LIMITS)
    assert message in str(refused.value), label


def test_oversize_is_refused_before_anything_parses_it():
    with pytest.raises(Refused, match="taille maximale"):
        check(blank_pdf(), max_bytes=100, max_pixels=10, max_pages=1)


def test_too_many_pages_is_refused():
    with pytest.raises(Refused, match="trop de pages"):
        check(blank_pdf(4), max_bytes=2**20, max_pixels=10, max_pages=3)


def test_a_png_with_html_appended_is_only_an_image():
    # Accepted: Pillow decodes the image; it is then only ever served as image/png, as a
    # download, with nosniff (tests/attachments/test_views.py), so the tail is never run.
    assert check(corpus.png_with_html_tail(), **LIMITS).content_type == PNG


@pytest.mark.parametrize(
    ("client_name", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\cmd.pdf", "cmd.pdf"),
        ("/var/www/index.html", "index.pdf"),
        ("rapport\x00.html.pdf", "rapport.html.pdf"),
        ("<script>alert(1)</script>.pdf", "script_.pdf"),
        ("", "document.pdf"),
        ("....", "document.pdf"),
        ("compte rendu été.PDF", "compte rendu été.pdf"),
    ],
)
def test_client_names_are_made_harmless(client_name, shown):
    assert display_name(client_name, "pdf") == shown


def test_display_names_are_bounded():
    assert len(display_name("a" * 500 + ".pdf", "pdf")) == 100


def test_a_truncated_image_is_refused_even_after_weasyprint_relaxed_pillow():
    import weasyprint  # noqa: F401  (sets ImageFile.LOAD_TRUNCATED_IMAGES = True on import)
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    with pytest.raises(Refused, match="illisible"):
        check(corpus.truncated_png(), **LIMITS)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # left as WeasyPrint wants it
