"""``koop budget import FILE [--dry-run]``: read a budget from xlsx or CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from koop.core.errors import KoopValidationError
from koop.ledger.budget import budget_import, budget_read


class Command(BaseCommand):
    help = "Import a budget (columns month, account, cost_centre, amount) from xlsx or CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["import"])
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check only, keep nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            lines = budget_read(name=path.name, data=path.read_bytes())
            with transaction.atomic():
                created = budget_import(lines=lines, acting_user=None)
                if options["dry_run"]:
                    transaction.set_rollback(True)
        except KoopValidationError as error:
            raise CommandError("\n".join(str(p.message) for p in error.problems)) from None
        verb = "checked" if options["dry_run"] else "imported"
        self.stdout.write(f"{path.name}: {len(created)} budget lines {verb}")
