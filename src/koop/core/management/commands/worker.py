"""``koop worker``: runs the background jobs (django-tasks' database worker) of every
queue until stopped; ``--once`` runs what is due and ends."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django_tasks_db.management.commands.db_worker import Command as DbWorker


class Command(DbWorker):
    help = "Run Koop's background jobs (every queue) until stopped."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--once", action="store_true", help="Run the jobs that are due now, then end."
        )
        parser.set_defaults(queue_name="*", interval=settings.KOOP_WORKER_INTERVAL, reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        if options.pop("once"):
            options.update(batch=True, startup_delay=False)
        super().handle(*args, **options)
