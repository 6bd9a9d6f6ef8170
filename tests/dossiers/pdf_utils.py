"""Read generated PDFs back as text."""

import io
import re

from pypdf import PdfReader


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page, whitespace collapsed (line breaks fall anywhere in a PDF)."""
    return [
        re.sub(r"\s+", " ", page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages
    ]


def pdf_text(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))
