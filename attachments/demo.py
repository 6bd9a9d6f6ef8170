"""Fictional demo documents: each ready or registered demo case gets the reports its checklist
asks for, as small text PDFs written here (idempotent). Every word in them is fictional."""

from __future__ import annotations

import datetime as dt

from attachments import actions
from attachments.completeness import required_documents
from attachments.models import Attachment
from cases.models import Case

DEMO_NOTE = "Document fictif de démonstration - aucune donnée réelle."


def _escape(text: str) -> bytes:
    raw = text.encode("latin-1", "replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def text_pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF with these lines in Helvetica (a valid, script-free document)."""
    content = (
        b"BT /F1 12 Tf 56 780 Td 16 TL "
        + b" ".join(b"(" + _escape(line) + b") '" for line in lines)
        + b" ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def load() -> list[Attachment]:
    from accounts.models import User

    clinician = User.objects.filter(username="clinicien").first()
    if clinician is None:
        return []
    added = []
    cases = Case.objects.filter(
        created_by=clinician, status__in=(Case.Status.READY, Case.Status.REGISTERED)
    )
    for case in cases:
        present = set(case.attachments.values_list("kind", flat=True))
        for requirement in required_documents(case):
            if requirement.kind in present:
                continue
            label = str(Attachment.Kind(requirement.kind).label)
            data = text_pdf([label, f"Dossier n° {case.pk}", DEMO_NOTE])
            added.append(
                actions.add_attachment(
                    case=case,
                    kind=requirement.kind,
                    document_date=dt.date(2025, 6, 1),
                    title=f"{label} (démonstration)",
                    data=data,
                    client_name=f"{requirement.kind}-demo.pdf",
                    by=clinician,
                )
            )
    return added
