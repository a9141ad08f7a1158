"""``koop participants anonymise [--dry-run]``: the retention rule, safe to schedule daily."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from koop.participants.services import participants_anonymise


class Command(BaseCommand):
    help = "Participants' housekeeping. anonymise: apply the retention time after exit."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        anonymise = sub.add_parser(
            "anonymise",
            help="Anonymise case files (and the personal details of participants who are "
            "neither employed nor members) KOOP_PARTICIPANT_RETENTION_DAYS after exit.",
        )
        anonymise.add_argument(
            "--dry-run", action="store_true", help="Say what would be anonymised; change nothing."
        )
        anonymise.add_argument(
            "--days", type=int, default=None, help="Retention in days (default: the setting)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options.get("days") or settings.KOOP_PARTICIPANT_RETENTION_DAYS
        report = participants_anonymise(
            today=timezone.localdate(),
            retention_days=days,
            acting_user=None,
            dry_run=options["dry_run"],
        )
        verb = "would anonymise" if report.dry_run else "anonymised"
        self.stdout.write(
            f"{verb}: {len(report.case_files)} case files, "
            f"{len(report.personal_details)} participants' personal details "
            f"(retention {days} days)"
        )
