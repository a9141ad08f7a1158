"""``koop schedule``: list Koop's scheduled work; ``koop schedule run-due`` enqueues what
is due (each job once per period), for a systemd timer or cron every few minutes."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from koop.core.models import ScheduledRun
from koop.core.schedule import SCHEDULE, run_due


class Command(BaseCommand):
    help = "List the scheduled jobs; run-due: enqueue those due now, once per period."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", nargs="?", choices=["list", "run-due"], default="list")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "run-due":
            for key in run_due():
                self.stdout.write(f"enqueued {key}")
            return
        today = timezone.localdate()
        for job in SCHEDULE:
            key = job.key(today)
            done = ScheduledRun.objects.filter(name=job.name, period=key).exists()
            state = "enqueued" if done else "due"
            self.stdout.write(
                f"{job.name:<24} every {job.every:<6} {key:<11} {state:<9} {job.description}"
            )
