"""The dossier's layout made cheaper (issue 19, item 5) prints the same document: the typical
dossier of the bench keeps its sections, its timeline's words and its six pages; the trimmed
user-agent stylesheet and the fonts kept between documents change no byte."""

from __future__ import annotations

import datetime as dt
import gc
import re

import pytest
from django.utils.safestring import mark_safe
from weasyprint import HTML
from weasyprint.html import UA
from weasyprint.text.fonts import FontConfiguration

from cases.models import TreatmentLine
from dossiers.fetcher import BASE_URL, SafeURLFetcher
from dossiers.pdf import (
    freeze_long_lived_objects,
    html_to_pdf,
    page_count,
    user_agent_stylesheet,
)
from dossiers.render import case_html, case_queryset, render_case_pdf
from dossiers.timeline import print_timeline
from tests.cases.factories import TreatmentLineFactory, metastatic_case
from tests.dossiers.conftest import GENERATED_AT
from tests.dossiers.pdf_utils import page_texts

pytestmark = pytest.mark.django_db

# The typical dossier's pages before its layout was made cheaper (benchmarks/dossier_bench.py).
TYPICAL_PAGES = 6
SECTIONS = (
    "Dossier de présentation en RCP",
    "Motif de présentation et question posée à la RCP",
    "Résumé clinique",
    "Caractéristiques de la tumeur",
    "Imagerie",
    "Lignes de traitement",
    "Ce que dit le référentiel",
    "Alertes",
    "Options éligibles selon le référentiel",
    "Options à compléter (en attente d'informations)",
    "Options non éligibles ou non recommandées",
    "Règles du référentiel citées",
    "Document de travail confidentiel destiné aux membres de la RCP.",
)


@pytest.fixture
def typical_case(centre):
    """The bench's typical dossier: metastatic case, two treatment lines, full evaluation."""
    case = metastatic_case(centre=centre, fdg_pet="negative", question="Question 0 ?")
    for index, treatment in enumerate(("ssa_antitumour", "everolimus")):
        start = dt.date(2016, 1, 1) + dt.timedelta(days=300 * index)
        TreatmentLineFactory(
            case=case,
            treatment=treatment,
            start_date=start,
            end_date=start + dt.timedelta(days=250),
            best_response=TreatmentLine.BestResponse.STABLE,
            reason_stopped=TreatmentLine.ReasonStopped.PROGRESSION,
            comment="Commentaire fictif de la ligne de traitement.",
        )
    return case_queryset().get(pk=case.pk)


def _html(case) -> str:
    from dossiers.context import build_case_dossier

    return case_html(build_case_dossier(case, generated_at=GENERATED_AT))


def test_the_typical_dossier_keeps_its_sections_words_and_pages(typical_case):
    pdf = render_case_pdf(typical_case, generated_at=GENERATED_AT)
    pages = page_texts(pdf)
    assert len(pages) == TYPICAL_PAGES
    text = " ".join(pages)
    for section in SECTIONS:
        assert section in text
    # The timeline's words, now text set over its drawing: line labels, years, legend.
    for words in ("1. ASM à visée antitumorale", "2. Évérolimus (Afinitor®)", "2016", "2017"):
        assert words in text
    assert "Progression" in text and "Imagerie 1 :" in text
    # Running header and footer (strings) and page numbers on every page.
    patient = str(typical_case.patient)
    for number, page in enumerate(pages, start=1):
        assert patient in page
        assert f"Dossier RCP n° {typical_case.pk}" in page
        assert f"page {number} / {TYPICAL_PAGES}" in page


def test_trimmed_user_agent_stylesheet_and_kept_fonts_change_no_byte(typical_case):
    html = _html(typical_case)
    plain = (
        HTML(string=html, base_url=BASE_URL, url_fetcher=SafeURLFetcher(), media_type="print")
        .render(font_config=FontConfiguration())
        .write_pdf()
    )
    assert html_to_pdf(html) == plain
    assert html_to_pdf("<p>emoji 🫁 中文</p>") and html_to_pdf(html) == plain


def test_only_the_footnote_and_note_rules_are_left_out():
    trimmed = user_agent_stylesheet()
    assert trimmed is user_agent_stylesheet()  # parsed once per process
    removed = re.findall(r"^::(?:footnote|note)-[a-z-]+ \{", UA, re.MULTILINE)
    assert len(removed) == 5
    # Everything else of WeasyPrint's stylesheet still applies: lists keep their markers.
    lists = "<ul><li>un</li><li>deux</li></ul><ol><li>trois</li></ol>"
    text = " ".join(page_texts(html_to_pdf(lists)))
    assert "un deux trois" in text and "• • 1." in text


def test_the_dossier_has_no_running_element_and_only_fixed_tables(typical_case):
    html = _html(typical_case)
    assert 'class="running-' not in html
    assert re.search(r'<body data-running-top="[^"]+" data-running-bottom="[^"]+"', html)
    # The drawing stays an SVG with its own namespace, whatever else registered one.
    svg = r'<div class="timeline-print"><svg [^>]*xmlns="http://www.w3.org/2000/svg"'
    assert re.search(svg, html)
    assert "ns0:" not in html
    assert "<text" not in html and "<title>Chronologie" not in html
    # Every table of the dossier names a class the stylesheet lays out with fixed widths.
    classes = re.findall(r'<table class="([^"]+)"', html)
    assert len(classes) == html.count("<table")
    assert {c.split()[0] for c in classes} <= {
        "doc-header",
        "facts",
        "facts-2",
        "lines",
        "ineligible",
        "rules",
    }


def test_timeline_labels_become_escaped_text_in_place():
    svg = mark_safe(
        '<svg xmlns="http://www.w3.org/2000/svg" width="760" height="100" viewBox="0 0 760 100">'
        "<title>tooltip</title>"
        '<rect x="0" y="0" width="760" height="100" fill="#ffffff"/>'
        '<g class="line"><title>ligne</title>'
        '<text x="192" y="50" text-anchor="end" fill="#1d2733">1. A &lt;b&gt; &amp; c</text>'
        "</g>"
        '<text x="380" y="90" text-anchor="middle" font-size="10" fill="#ffffff">2</text>'
        '<text x="28" y="20" fill="#5b6775">Légende</text>'
        "</svg>"
    )
    out = str(print_timeline(svg))
    assert "<text" not in out and "<title" not in out and "tooltip" not in out
    assert "<rect" in out
    assert ">1. A &lt;b&gt; &amp; c</span>" in out and "<b>" not in out
    # End-anchored: a box from the left edge to x; centred: a box around x; else from x.
    assert 'class="tl-text tl-end" style="left:0%;width:25.263%;' in out
    assert 'class="tl-small tl-middle" style="left:44.737%;width:10.526%;' in out
    assert 'class="tl-text tl-start" style="left:3.684%;width:96.316%;' in out


def test_the_typical_dossier_renders_the_same_pages_after_a_freeze(typical_case):
    html = _html(typical_case)
    before = html_to_pdf(html)
    try:
        freeze_long_lived_objects()
        assert gc.get_freeze_count() > 0
        assert html_to_pdf(html) == before
        assert page_count(before) == TYPICAL_PAGES
    finally:
        gc.unfreeze()
