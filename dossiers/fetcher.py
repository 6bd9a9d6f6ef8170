"""The only way WeasyPrint may load a resource while rendering a dossier.

A dossier is built from clinicians' free text. Even though every text is escaped, the renderer
gets a fetcher that can read nothing but ``data:`` URIs and the app's own static files, so a
mistake elsewhere can never turn a PDF into a way to read the server's files or reach the
network (file://, http(s)://, cloud metadata addresses, redirects: all refused).

Documents are rendered with ``base_url=BASE_URL``, a private scheme that urllib is taught to
join like a path, so ``css/dossier.css`` and ``/static/css/dossier.css`` both arrive here as
``renaten-static:///static/css/dossier.css``. The fetcher then maps that path to a file under the
allowed folder(s) and checks the *resolved* path (``..``, encoded dots and symlinks out are
refused).
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit, uses_netloc, uses_relative
from urllib.request import DataHandler, Request

from django.conf import settings
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

STATIC_SCHEME = "renaten-static"
STATIC_PREFIX = "/static/"
BASE_URL = f"{STATIC_SCHEME}://{STATIC_PREFIX}"

# Teach urljoin to resolve relative references against our scheme, as it does for http.
for _registry in (uses_relative, uses_netloc):
    if STATIC_SCHEME not in _registry:
        _registry.append(STATIC_SCHEME)

# Static assets a dossier may reasonably use; anything else in the folder stays unreadable.
ALLOWED_SUFFIXES = frozenset(
    {".css", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2", ".ttf", ".otf"}
)


class FetchRefused(ValueError):
    """Raised for every URL the dossier renderer may not load (WeasyPrint logs and skips it)."""


def allowed_roots() -> list[Path]:
    dirs = getattr(settings, "DOSSIER_ASSET_DIRS", None) or [settings.BASE_DIR / "static"]
    return [Path(d).resolve() for d in dirs]


def static_url(path: str) -> str:
    """The URL under which a dossier template refers to a static file (``css/dossier.css``)."""
    return urljoin(BASE_URL, path.lstrip("/"))


def _resolve_static(url: str) -> Path:
    parts = urlsplit(url)
    if parts.netloc:
        raise FetchRefused("hôte refusé")
    path = unquote(parts.path)
    if not path.startswith(STATIC_PREFIX) or "\x00" in path:
        raise FetchRefused("chemin hors des fichiers statiques")
    relative = path.removeprefix(STATIC_PREFIX)
    if Path(relative).suffix.lower() not in ALLOWED_SUFFIXES:
        raise FetchRefused("type de fichier refusé")
    for root in allowed_roots():
        # resolve() follows symlinks and collapses "..": the check is on the real location.
        candidate = (root / relative).resolve()
        if not candidate.is_relative_to(root):
            raise FetchRefused("chemin hors du dossier autorisé")
        if candidate.is_file():
            return candidate
    raise FetchRefused("fichier statique introuvable")


def _fetch(url: str) -> tuple[URLFetcherResponse, Path | None]:
    scheme = urlsplit(url).scheme.lower() if ":" in url else ""
    if scheme == "data":
        # Only a data: URI reaches this line: decoded in memory, nothing is opened.
        response = DataHandler().data_open(Request(url))  # noqa: S310
        return URLFetcherResponse(url, response.read(), dict(response.headers)), None
    if scheme == STATIC_SCHEME:
        path = _resolve_static(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if content_type == "text/css" or content_type == "image/svg+xml":
            content_type += "; charset=utf-8"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type}), path
    raise FetchRefused(f"protocole refusé : {scheme or '(aucun)'}")


def safe_url_fetcher(url: str, timeout: float = 10, ssl_context=None) -> URLFetcherResponse:
    """Return the resource for a ``data:`` URI or one of the app's static files; refuse the rest.

    ``timeout`` and ``ssl_context`` are accepted for WeasyPrint's signature; nothing here ever
    touches the network.
    """
    return _fetch(url)[0]


class SafeURLFetcher(URLFetcher):
    """WeasyPrint 70 fetcher object around :func:`safe_url_fetcher`, recording what it did.

    ``served`` lists the local files returned and ``refused`` the URLs turned down (tests read
    them); the log only says that something was refused, never the URL (it may carry text).
    """

    def __init__(self) -> None:
        # No redirect handler; the parent's network handlers are never reached (see open()).
        super().__init__(allowed_protocols=("data", STATIC_SCHEME), allow_redirects=False)
        self.served: list[Path] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        try:
            response, path = _fetch(url)
        except (ValueError, OSError) as exc:
            self.refused.append(url)
            logger.warning("Dossier rendering: resource refused (%s)", exc)
            raise FetchRefused(str(exc)) from exc
        if path is not None:
            self.served.append(path)
        return response

    def open(self, url, data=None, timeout=None):
        # OpenerDirector entry point: route it through the same checks, never to urllib.
        return self.fetch(url.full_url if isinstance(url, Request) else url)

    def __call__(self, url):
        return self.fetch(url)
