"""Parallel layout and merging of PDF parts."""

import multiprocessing

import pytest

from dossiers.pdf import html_to_pdf, merge_pdfs, render_parts
from tests.dossiers.pdf_utils import page_texts

DOCS = [
    f"<html><body><p>Document {n}</p>{'<p style=break-before:page>suite</p>' * n}</body></html>"
    for n in range(4)
]


@pytest.mark.parametrize("processes", [1, 2])
def test_parts_come_back_in_order_with_progress(settings, processes):
    settings.DOSSIER_RENDER_PROCESSES = processes
    progress = []
    parts = render_parts(DOCS, progress=lambda done, total: progress.append((done, total)))
    assert progress == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert [page_texts(part)[0] for part in parts] == [f"Document {n}" for n in range(4)]
    assert parts == [html_to_pdf(html) for html in DOCS]  # same HTML, same bytes


def test_a_daemonic_process_such_as_a_celery_worker_may_still_use_the_pool(settings):
    settings.DOSSIER_RENDER_PROCESSES = 2
    config = multiprocessing.current_process()._config
    previous = config.get("daemon")
    config["daemon"] = True
    try:
        parts = render_parts(DOCS[:2])
        assert config["daemon"] is True  # restored once the workers are forked
    finally:
        config["daemon"] = previous
    assert len(parts) == 2


def test_an_error_in_a_worker_reaches_the_caller(settings, monkeypatch):
    settings.DOSSIER_RENDER_PROCESSES = 2

    def broken(html, **kwargs):
        raise ValueError("layout failed")

    monkeypatch.setattr("dossiers.pdf.render_document", broken)
    with pytest.raises(ValueError, match="layout failed"):
        render_parts(DOCS)


def test_merge_keeps_each_part_and_is_deterministic():
    parts = [html_to_pdf(html) for html in DOCS]
    merged = merge_pdfs(parts, title="Séance fictive")
    assert merge_pdfs(parts, title="Séance fictive") == merged
    texts = page_texts(merged)
    assert len(texts) == 1 + 2 + 3 + 4
    assert texts[0] == "Document 0"
    with pytest.raises(ValueError):
        merge_pdfs([], title="vide")
