"""The SIE import as a background task: the job row the page polls holds its progress and
its result; a busy database is tried again later, a refused file never."""

from __future__ import annotations

import logging
from pathlib import Path

from django.db import OperationalError
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from koop.core.errors import KoopValidationError
from koop.core.tasks import retry_later
from koop.ledger.models import ImportJob, ImportStatus
from koop.ledger.sie.progress import ProgressWriter, progress_read

log = logging.getLogger(__name__)


def run_import_job(job_id: int, user_id: int | None, *, attempt: int = 1) -> None:
    """Import the job's file; the job row ends done or failed (with the reason), or
    waiting again when the database was busy and another try is due."""
    from django.contrib.auth import get_user_model

    from koop.ledger.sie.importer import sie_import

    job = ImportJob.objects.get(pk=job_id)
    user = get_user_model().objects.filter(pk=user_id or 0).first()
    ImportJob.objects.filter(pk=job_id).update(status=ImportStatus.RUNNING)
    # The import's transaction hides its own writes until it ends: the progress is
    # published beside it, where every server worker polling the page can read it.
    progress = ProgressWriter(job)
    keep_file = False
    try:
        result = sie_import(
            path=Path(job.path), acting_user=user, dry_run=job.dry_run, progress=progress
        )
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.DONE,
            result=result.as_dict(),
            bytes_done=job.bytes_total,
            finished_at=timezone.now(),
        )
    except KoopValidationError as error:  # the file is refused: trying again changes nothing
        _failed(job_id, str(error.problems[0].message))
    except OperationalError as error:  # the database was busy or away: a passing trouble
        retry_at = retry_later(import_sie_file, attempt=attempt, job_id=job_id, user_id=user_id)
        if retry_at is None:
            _failed(job_id, _("The database could not be reached; the import was not made."))
            raise
        keep_file = True
        ImportJob.objects.filter(pk=job_id).update(status=ImportStatus.PENDING, bytes_done=0)
        log.warning("SIE import %s: %s; tried again at %s", job_id, error, retry_at)
    except Exception:
        _failed(job_id, _("The import stopped on an unexpected error; nothing was kept."))
        raise
    finally:
        progress.close()
        if not keep_file:
            Path(job.path).unlink(missing_ok=True)


def _failed(job_id: int, message: str) -> None:
    done = progress_read(ImportJob.objects.get(pk=job_id))[0]
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportStatus.FAILED, message=message, bytes_done=done, finished_at=timezone.now()
    )


@task(queue_name="imports")
def import_sie_file(*, job_id: int, user_id: int | None, attempt: int = 1) -> None:
    run_import_job(job_id, user_id, attempt=attempt)
