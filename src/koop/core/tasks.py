"""Background work through django-tasks: the jobs are rows in the database, run by
``koop worker``; what failed for a passing reason is tried again later, a bounded number
of times, each wait twice the one before."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks.base import Task


def retry_delay(attempt: int) -> dt.timedelta:
    """The wait before the try after ``attempt`` (1 for the first): doubled each time."""
    return dt.timedelta(seconds=settings.KOOP_TASK_RETRY_SECONDS * 2 ** (attempt - 1))


def retry_later(task: Task[Any, Any], *, attempt: int, **kwargs: Any) -> dt.datetime | None:
    """Enqueue ``task`` once more with ``attempt + 1`` after the back-off; the time of the
    next try, or None when the attempts are used up (or the backend cannot wait)."""
    if attempt >= settings.KOOP_TASK_ATTEMPTS or not task.get_backend().supports_defer:
        return None
    when = timezone.now() + retry_delay(attempt)
    task.using(run_after=when).enqueue(attempt=attempt + 1, **kwargs)
    return when
