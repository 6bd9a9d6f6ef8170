"""The dossier renderer can load nothing but data: URIs and the app's own static files."""

from __future__ import annotations

import io
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from dossiers.fetcher import (
    BASE_URL,
    FetchRefused,
    SafeURLFetcher,
    allowed_roots,
    safe_url_fetcher,
    static_url,
)
from dossiers.pdf import html_to_pdf

PASSWD_MARKER = "root:"
PIXEL_PNG = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


class _RecordingHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.hits.append(self.path)
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        body = b"body { color: red }"
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_trap():
    """A local HTTP server that records every request it receives."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RecordingHandler)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def attack_corpus(port: int) -> str:
    local = f"http://127.0.0.1:{port}"
    return f"""<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<link rel="stylesheet" href="{local}/link.css">
<link rel="stylesheet" href="file:///etc/passwd">
<link rel="stylesheet" href="../../../../etc/passwd">
<link rel="stylesheet" href="{local}/redirect.css">
<link rel="attachment" href="file:///etc/passwd">
<link rel="icon" href="{local}/favicon.png">
<style>
  @import url("{local}/import.css");
  @import "file:///etc/passwd";
  @import url("http://169.254.169.254/latest/meta-data/iam.css");
  @import url("/static/../../../../etc/passwd");
  @font-face {{ font-family: Trap; src: url("{local}/font.woff") }}
  body {{ background: url("{local}/background.png") }}
  h1 {{ background-image: url("file:///etc/passwd") }}
  h2::before {{ content: url("{local}/before.png") }}
  li {{ list-style-image: url("http://169.254.169.254/latest/meta-data/") }}
</style>
</head><body>
<h1>Corpus</h1><h2>Titre</h2>
<ul><li>item</li></ul>
<p style="background: url({local}/inline-style.png)">inline</p>
<img src="file:///etc/passwd" alt="passwd">
<img src="{local}/img.png" alt="local">
<img src="http://169.254.169.254/latest/meta-data/" alt="metadata">
<img src="https://127.0.0.1:{port}/tls.png" alt="tls">
<img src="//127.0.0.1:{port}/protocol-relative.png" alt="protocol-relative">
<img src="{local}/redirect.png" alt="redirect">
<img src="../../../../etc/passwd" alt="dotdot">
<img src="/static/../../../../etc/passwd" alt="static-dotdot">
<img src="/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd" alt="encoded-dotdot">
<img src="ftp://127.0.0.1:{port}/ftp.png" alt="ftp">
<object data="{local}/object.svg" type="image/svg+xml">object</object>
<embed src="{local}/embed.svg" type="image/svg+xml">
<iframe src="{local}/iframe.html"></iframe>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="40" height="40">
  <image href="{local}/svg-image.png" width="10" height="10"/>
  <image xlink:href="file:///etc/passwd" width="10" height="10"/>
  <use href="{local}/sprite.svg#icon"/>
  <use xlink:href="file:///etc/passwd#x"/>
  <style>@import url("{local}/svg-style.css");</style>
</svg>
<img src="{PIXEL_PNG}" alt="pixel">
<p>fin du corpus</p>
</body></html>"""


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_attack_corpus_fetches_nothing(http_trap):
    fetcher = SafeURLFetcher()
    port = http_trap.server_address[1]

    pdf = html_to_pdf(attack_corpus(port), fetcher=fetcher)

    assert http_trap.hits == []
    text = pdf_text(pdf)
    assert "fin du corpus" in text
    assert PASSWD_MARKER not in text
    # WeasyPrint did ask: every attempt went through the fetcher and was turned down.
    asked = "\n".join(fetcher.refused)
    for target in (
        "file:///etc/passwd",
        f"127.0.0.1:{port}/img.png",
        f"127.0.0.1:{port}/import.css",
        f"127.0.0.1:{port}/svg-image.png",
        f"127.0.0.1:{port}/redirect.png",
        "169.254.169.254",
        "renaten-static:///etc/passwd",
        "%2e%2e",
    ):
        assert target in asked
    roots = allowed_roots()
    assert all(any(path.is_relative_to(root) for root in roots) for path in fetcher.served)


def test_base_element_cannot_redirect_relative_urls(http_trap):
    port = http_trap.server_address[1]
    html = (
        f'<html><head><base href="http://127.0.0.1:{port}/"></head>'
        '<body><img src="relative.png"><p>base</p></body></html>'
    )
    html_to_pdf(html, fetcher=SafeURLFetcher())
    assert http_trap.hits == []


def test_own_stylesheet_and_data_uri_are_served():
    fetcher = SafeURLFetcher()
    html = (
        '<html><head><link rel="stylesheet" href="css/dossier.css"></head>'
        f'<body><p>ok</p><img src="{PIXEL_PNG}"></body></html>'
    )
    html_to_pdf(html, fetcher=fetcher)
    assert fetcher.served == [(Path(settings.BASE_DIR) / "static/css/dossier.css").resolve()]
    assert fetcher.refused == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://127.0.0.1/",
        "https://example.org/x.css",
        "http://169.254.169.254/latest/meta-data/",
        "ftp://127.0.0.1/x",
        "gopher://127.0.0.1/x",
        "javascript:alert(1)",
        "css/dossier.css",
        "/etc/passwd",
        "renaten-static:///etc/passwd",
        "renaten-static:///static/../../etc/passwd",
        "renaten-static:///static/%2e%2e/%2e%2e/etc/passwd",
        "renaten-static:///static/..%2f..%2fetc/passwd",
        "renaten-static://127.0.0.1/static/css/dossier.css",
        "renaten-static:///static/js/app.js",
        "renaten-static:///static/css/missing.css",
        "renaten-static:///static/css/dossier.css%00.png",
    ],
)
def test_refused_urls(url):
    with pytest.raises(FetchRefused):
        safe_url_fetcher(url)


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("css/dossier.css", "renaten-static:///static/css/dossier.css"),
        ("/static/css/dossier.css", "renaten-static:///static/css/dossier.css"),
        ("../../etc/passwd", "renaten-static:///etc/passwd"),
        ("/static/../../etc/passwd", "renaten-static:///etc/passwd"),
    ],
)
def test_relative_references_join_inside_the_private_scheme(reference, expected):
    from urllib.parse import urljoin

    assert urljoin(BASE_URL, reference) == expected


def test_static_url_and_data_uri_are_served():
    response = safe_url_fetcher(static_url("css/dossier.css"))
    assert response.content_type == "text/css"
    assert b"@page" in response.read()
    assert safe_url_fetcher(PIXEL_PNG).read().startswith(b"\x89PNG")


def test_symlink_out_of_the_allowed_folder_is_refused(settings, tmp_path):
    assets = tmp_path / "assets"
    (assets / "css").mkdir(parents=True)
    (assets / "css" / "ok.css").write_text("p { color: black }")
    secret = tmp_path / "secret.css"
    secret.write_text("p::after { content: 'secret' }")
    os.symlink(secret, assets / "css" / "evil.css")
    os.symlink(tmp_path, assets / "up")
    settings.DOSSIER_ASSET_DIRS = [assets]

    assert safe_url_fetcher(static_url("css/ok.css")).read() == b"p { color: black }"
    for name in ("css/evil.css", "up/secret.css"):
        with pytest.raises(FetchRefused):
            safe_url_fetcher(static_url(name))


@given(st.text(min_size=1, max_size=60))
def test_no_path_string_escapes_the_allowed_folder(path):
    fetcher = SafeURLFetcher()
    url = f"renaten-static:///static/{path}"
    try:
        fetcher.fetch(url)
    except FetchRefused:
        return
    roots = allowed_roots()
    assert fetcher.served
    assert all(any(p.is_relative_to(root) for root in roots) for p in fetcher.served)
