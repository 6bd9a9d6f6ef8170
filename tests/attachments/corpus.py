"""Hostile uploads, built in memory: each one must be refused (or, for what is harmless once
served as a download, neutralised). Every file is fictional and made here."""

from __future__ import annotations

import io
import struct
import zlib

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from tests.attachments.factories import blank_pdf, png_bytes


def _pdf(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def pdf_with_javascript() -> bytes:
    """Document-level JavaScript: /Names /JavaScript in the catalog, run when opened."""
    writer = _writer()
    script = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('fictif');"),
        }
    )
    tree = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("x"), writer._add_object(script)])}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(tree)}
    )
    return _pdf(writer)


def pdf_with_open_action(action_type: str, **entries) -> bytes:
    writer = _writer()
    action = DictionaryObject({NameObject("/S"): NameObject(action_type)})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = TextStringObject(value)
    writer._root_object[NameObject("/OpenAction")] = action
    return _pdf(writer)


def pdf_with_embedded_file() -> bytes:
    writer = _writer()
    writer.add_attachment("page.html", b"<script>alert(1)</script>")
    return _pdf(writer)


def encrypted_pdf() -> bytes:
    writer = _writer()
    writer.encrypt("secret-fictif")
    return _pdf(writer)


def pdf_with_hex_escaped_javascript() -> bytes:
    """A hand-written PDF hiding /JavaScript as /J#61vaScript (and a broken xref table)."""
    return (
        b"%PDF-1.4\n"
        b"1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
        b"4 0 obj << /S /J#61vaScript /J#53 (app.alert(1)) >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


HTML_AS_PDF = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"


def html_then_pdf_polyglot() -> bytes:
    """Reads as HTML to a sniffing browser, as a PDF to a lenient reader."""
    return b"<html><script>alert(1)</script><!--\n" + blank_pdf() + b"\n-->"


def jpeg_magic_then_html() -> bytes:
    return b"\xff\xd8\xff\xe0" + b"<html><script>alert(1)</script></html>"


def png_with_html_tail() -> bytes:
    """A valid PNG with an HTML page appended: accepted as an image, served as a download."""
    return png_bytes() + b"<html><script>alert(1)</script></html>"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int = 50_000, height: int = 50_000) -> bytes:
    """A tiny PNG that declares 2.5 billion pixels (decoding it would need gigabytes)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", pixels)
        + _chunk(b"IEND", b"")
    )


def truncated_png() -> bytes:
    data = png_bytes(size=(200, 200))
    return data[: len(data) // 2]
