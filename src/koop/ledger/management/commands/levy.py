"""``koop levy run --period YYYY-MM``: post (or correct) the group levy of a month."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from koop.core.errors import KoopValidationError
from koop.ledger.levy import levy_run


class Command(BaseCommand):
    help = "The group levy."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["run"])
        parser.add_argument("--period", required=True, help="YYYY-MM")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = dt.datetime.strptime(options["period"], "%Y-%m").date()
        except ValueError:
            raise CommandError("--period is YYYY-MM") from None
        try:
            entries = levy_run(period=period, acting_user=None)
        except KoopValidationError as error:
            raise CommandError(str(error.problems[0].message)) from None
        if not entries:
            self.stdout.write(f"{period:%Y-%m}: nothing to post (the levy is up to date)")
            return
        total = sum(e.amount for e in entries)
        self.stdout.write(f"{period:%Y-%m}: {len(entries)} units, levy {total} posted")
