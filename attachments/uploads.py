"""Stop reading an upload as soon as it is too big: nothing past the cap reaches the disk.

First in FILE_UPLOAD_HANDLERS, so it runs whoever parses the body first (the CSRF middleware
reads request.POST before the view does). The view then says why, next to the form.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

# Room for the form fields and multipart framing around the file itself.
BODY_MARGIN = 64 * 1024


def upload_too_large(request) -> bool:
    """True when this request's upload was (or would be) cut by the cap."""
    if body_too_large(request.META.get("CONTENT_LENGTH")):
        return True
    request.POST  # parse now (a no-op if the CSRF middleware already did): sets the flag  # noqa: B018
    return getattr(request, "upload_too_large", False)


def body_too_large(content_length) -> bool:
    try:
        length = int(content_length or 0)
    except (TypeError, ValueError):
        return False
    return length > settings.ATTACHMENT_MAX_BYTES + BODY_MARGIN


class CappedUploadHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.refused = body_too_large(content_length)
        self.received = 0

    def _stop(self):
        if self.request is not None:
            self.request.upload_too_large = True
        raise StopUpload(connection_reset=False)

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
