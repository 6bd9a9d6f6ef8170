"""Stop reading an upload as soon as it is too big: nothing past the cap reaches the disk.

First in FILE_UPLOAD_HANDLERS, so it runs whoever parses the body first (the CSRF middleware
reads request.POST before the view does). The view then says why, next to the form.

How much of a refused body is read (Django's MultiPartParser reads the whole rest of the body,
discarded, unless StopUpload says ``connection_reset``):

- Django never reads past the request's Content-Length (WSGIRequest wraps wsgi.input in a
  LimitedStream of that length; a body without one reads as empty), so the announced length
  bounds what any request may cost.
- Announced length over the cap (plus the form's margin): the file is refused at its first
  byte, after the fields before it (the CSRF token comes first in our forms). If the rest is
  small (``DRAIN_ALLOWANCE``), it is read and discarded: the connection stays clean, so the page
  with the message reaches the browser, also through a reverse proxy. Beyond that, reading it
  would hold a worker for nothing: ``connection_reset=True`` stops reading at once. The response
  is still written; gunicorn's gthread worker then drains at most 64 KiB within a deadline and
  otherwise closes the connection (the sync worker always closes it), so the browser may show a
  reset connection instead of the message — which is why the reverse proxy must refuse such
  bodies first (README, "Déploiement": ``client_max_body_size``), answering 413 itself.
- Announced length within the cap but the file grows past it: at most the margin is left,
  read and discarded.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

# Room for the form fields and multipart framing around the file itself.
BODY_MARGIN = 64 * 1024
# A refused body at most this much longer than the cap + margin is read to its end (see above).
DRAIN_ALLOWANCE = 2**20


def upload_too_large(request) -> bool:
    """True when this request's upload was (or would be) cut by the cap."""
    if body_too_large(request.META.get("CONTENT_LENGTH")):
        return True
    request.POST  # parse now (a no-op if the CSRF middleware already did): sets the flag  # noqa: B018
    return getattr(request, "upload_too_large", False)


def _length(content_length) -> int:
    try:
        return max(int(content_length or 0), 0)
    except (TypeError, ValueError):
        return 0


def body_too_large(content_length) -> bool:
    return _length(content_length) > settings.ATTACHMENT_MAX_BYTES + BODY_MARGIN


def proxy_body_limit() -> int:
    """The largest body worth reading to its end: what the reverse proxy should let through."""
    return settings.ATTACHMENT_MAX_BYTES + BODY_MARGIN + DRAIN_ALLOWANCE


class CappedUploadHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.refused = body_too_large(content_length)
        # Far over: do not read the rest (connection_reset); a little over: read it, discarded.
        self.reset = _length(content_length) > proxy_body_limit()
        self.received = 0

    def _stop(self):
        if self.request is not None:
            self.request.upload_too_large = True
        raise StopUpload(connection_reset=getattr(self, "reset", False))

    def new_file(self, *args, **kwargs):
        if getattr(self, "refused", False):
            self._stop()
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.ATTACHMENT_MAX_BYTES:
            self._stop()
        return raw_data

    def file_complete(self, file_size):
        return None
