"""The participants' scheduled work (see ``koop.core.schedule``)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django_tasks import task

from koop.participants.services import participants_anonymise


@task()
def anonymise_participants(*, period: str) -> int:
    """Apply the retention time after exit as of the day ``period``; case files emptied."""
    report = participants_anonymise(
        today=dt.date.fromisoformat(period),
        retention_days=settings.KOOP_PARTICIPANT_RETENTION_DAYS,
        acting_user=None,
    )
    return len(report.case_files)
