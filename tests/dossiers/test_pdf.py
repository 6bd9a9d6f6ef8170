"""Layout of PDF parts and their merging; no process pool anywhere in dossiers/."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

from dossiers.pdf import html_to_pdf, merge_pdfs, page_count
from tests.dossiers.pdf_utils import page_texts

DOCS = [
    f"<html><body><p>Document {n}</p>{'<p style=break-before:page>suite</p>' * n}</body></html>"
    for n in range(4)
]


def test_same_html_same_bytes_and_pages_counted():
    first = html_to_pdf(DOCS[2])
    assert html_to_pdf(DOCS[2]) == first
    assert page_count(first) == 3


def test_merge_keeps_each_part_and_is_deterministic():
    parts = [html_to_pdf(html) for html in DOCS]
    merged = merge_pdfs(parts, title="Séance fictive")
    assert merge_pdfs(parts, title="Séance fictive") == merged
    texts = page_texts(merged)
    assert len(texts) == 1 + 2 + 3 + 4
    assert texts[0] == "Document 0"
    with pytest.raises(ValueError):
        merge_pdfs([], title="vide")


def test_numbering_draws_every_page_number_without_another_layout(monkeypatch):
    parts = [html_to_pdf(html) for html in DOCS]
    plain = merge_pdfs(parts, title="Séance fictive")
    monkeypatch.setattr("dossiers.pdf.render_document", None)  # any layout now would fail
    numbered = merge_pdfs(parts, title="Séance fictive", numbered=True)
    assert merge_pdfs(parts, title="Séance fictive", numbered=True) == numbered
    texts = page_texts(numbered)
    assert [text.endswith(f"page {n} / 10") for n, text in enumerate(texts, start=1)] == [True] * 10
    assert texts[0].startswith("Document 0")
    # A few hundred bytes a page: no font embedded per page, no content stream re-encoded.
    assert len(numbered) - len(plain) < 400 * len(texts)


FORBIDDEN_MODULES = {"multiprocessing", "concurrent.futures", "billiard", "subprocess", "os.fork"}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_process_pool_in_dossiers():
    # A session's parts are Celery tasks spread over the workers: a pool forked inside a task
    # leaves orphans when the task's process is killed (and needed multiprocessing's private
    # daemon flag lifted). Nothing in the app forks.
    app_dir = Path(settings.BASE_DIR) / "dossiers"
    offenders = {
        str(path.relative_to(app_dir)): sorted(_imports(path) & FORBIDDEN_MODULES)
        for path in app_dir.rglob("*.py")
        if _imports(path) & FORBIDDEN_MODULES
    }
    assert offenders == {}
    sources = "".join(path.read_text() for path in app_dir.rglob("*.py"))
    assert "daemon" not in sources  # the private-flag trick is gone with the pool
