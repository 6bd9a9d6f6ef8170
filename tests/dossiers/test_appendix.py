"""A case's attachments after its dossier: PDFs as they are, images as A4-fitting pages."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from attachments.demo import text_pdf
from attachments.models import Attachment
from dossiers.appendix import attachments_pdf, image_to_pdf
from tests.attachments.factories import attach, jpeg_bytes, png_bytes
from tests.cases.factories import metastatic_case
from tests.dossiers.pdf_utils import page_texts

pytestmark = pytest.mark.django_db


def test_an_image_becomes_one_page_that_fits_a4_and_the_same_bytes_each_time():
    data = png_bytes(size=(3000, 1000))
    pdf = image_to_pdf(data, title="TEP fictive")
    assert pdf == image_to_pdf(data, title="TEP fictive")
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert width <= 596 and height <= 843


def test_attachments_follow_in_reading_order(centre, clinician):
    case = metastatic_case(centre=centre)
    attach(case, by=clinician, kind=Attachment.Kind.LETTER, data=text_pdf(["COURRIER-FICTIF"]))
    attach(case, by=clinician, kind=Attachment.Kind.SSTR_PET_REPORT, data=jpeg_bytes())
    attach(case, by=clinician, data=text_pdf(["ANAPATH-FICTIF"]))
    texts = page_texts(attachments_pdf(case.pk))
    assert len(texts) == 3
    assert "ANAPATH-FICTIF" in texts[0]  # pathology first, then imaging, then letters
    assert texts[1] == ""
    assert "COURRIER-FICTIF" in texts[2]


def test_a_case_without_attachments_adds_nothing(centre):
    case = metastatic_case(centre=centre)
    assert attachments_pdf(case.pk) is None


def test_a_lost_file_does_not_sink_the_export(centre, clinician):
    case = metastatic_case(centre=centre)
    lost = attach(case, by=clinician)
    lost.path.unlink()
    assert attachments_pdf(case.pk) is None
