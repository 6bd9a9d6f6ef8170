"""The only way an attachment's bytes leave the server."""

from __future__ import annotations

from django.http import FileResponse, Http404

from attachments.models import Attachment
from audit.log import record_access
from audit.models import AccessLog


def serve_attachment(request, attachment: Attachment) -> FileResponse:
    """Logged, downloaded (never shown inline), not sniffed, not cached.

    The Content-Type is the one the content check decided at upload, never the client's.
    """
    path = attachment.path
    if not path.is_file():
        raise Http404("Fichier indisponible.")
    record_access(request, AccessLog.Action.DOWNLOAD_ATTACHMENT, case=attachment.case)
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
