"""Koop's scheduled work, in one place: what runs, how often, and for which period.

``koop schedule run-due`` (from a systemd timer or cron, every few minutes) enqueues what
is due; a row per job and period (``ScheduledRun``) makes it enqueue each once per period,
however often it runs. The tasks are named by their dotted path, as settings name classes,
so this module imports no app above ``core``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from koop.core.models import ScheduledRun

Every = Literal["day", "month"]


@dataclass(frozen=True)
class Scheduled:
    name: str
    every: Every
    task: str  # the dotted path of a django-tasks task taking ``period`` (ISO date)
    description: str

    def period(self, today: dt.date) -> dt.date:
        """The period due on ``today``: the day itself, or the month that has ended."""
        if self.every == "day":
            return today
        return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)

    def key(self, today: dt.date) -> str:
        period = self.period(today)
        return f"{period:%Y-%m}" if self.every == "month" else period.isoformat()


SCHEDULE: list[Scheduled] = [
    Scheduled(
        name="levy",
        every="month",
        task="koop.ledger.tasks.run_monthly_levy",
        description="The group levy of the month that ended, posted for every unit.",
    ),
    Scheduled(
        name="participants-retention",
        every="day",
        task="koop.participants.tasks.anonymise_participants",
        description="Participants' case files anonymised once the retention time has passed.",
    ),
]


def run_due(*, today: dt.date | None = None, schedule: list[Scheduled] | None = None) -> list[str]:
    """Enqueue every scheduled job not yet enqueued for its current period; the keys of
    those enqueued now ("levy 2026-11")."""
    today = today or timezone.localdate()
    enqueued: list[str] = []
    for job in SCHEDULE if schedule is None else schedule:
        key = job.key(today)
        if ScheduledRun.objects.filter(name=job.name, period=key).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(name=job.name, period=key)
                task: Any = import_string(job.task)
                result = task.enqueue(period=job.period(today).isoformat())
                run.task_id = str(result.id)[:64]
                run.save(update_fields=["task_id"])
        except IntegrityError:  # another run-due took it a moment ago
            continue
        enqueued.append(f"{job.name} {key}")
    return enqueued
