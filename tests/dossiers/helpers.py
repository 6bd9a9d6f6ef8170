"""A finished case export with its file on disk, for tests that download or log it."""

from pathlib import Path

from django.conf import settings
from django.utils import timezone

from dossiers.models import ExportJob

MINIMAL_PDF = b"%PDF-1.4\n% dossier fictif pour les tests\n%%EOF\n"


def finished_case_export(case, *, by) -> ExportJob:
    job = ExportJob.objects.create(
        kind=ExportJob.Kind.CASE,
        case=case,
        centre=case.centre,
        requested_by=by,
        state=ExportJob.State.DONE,
        progress_done=1,
        progress_total=1,
        finished_at=timezone.now(),
    )
    job.file = job.relative_path
    job.save(update_fields=["file"])
    path = Path(settings.MEDIA_ROOT) / job.file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(MINIMAL_PDF)
    return job


def register_case(**kwargs):
    """Register a case as board_sessions.actions.register_case does, with a recorded reason:
    these tests are about rendering and exporting, not about the completeness gate."""
    from board_sessions.actions import register_case as register

    kwargs.setdefault("incomplete_reason", "Inscription de test (rendu du dossier)")
    return register(**kwargs)
