"""``koop minutes pdf MEETING_ID -o FILE``: the approved minutes of a meeting as PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from koop.governance.models import Minutes, MinutesStatus
from koop.governance.pdf import minutes_pdf


class Command(BaseCommand):
    help = "Minutes of a meeting: 'pdf MEETING_ID -o FILE' writes the locked minutes as PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["pdf"])
        parser.add_argument("meeting_id", type=int)
        parser.add_argument("-o", "--output", required=True, help="the PDF file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        minutes = Minutes.objects.filter(meeting_id=options["meeting_id"]).first()
        if minutes is None:
            raise CommandError(f"Meeting {options['meeting_id']} has no minutes.")
        if minutes.status != MinutesStatus.LOCKED:
            raise CommandError("The minutes are not yet approved by both adjusters.")
        target = Path(options["output"])
        target.write_bytes(minutes_pdf(minutes))
        self.stdout.write(f"{target} ({target.stat().st_size} bytes)")
