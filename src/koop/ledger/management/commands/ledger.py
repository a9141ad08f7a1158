"""``koop ledger load-chart``: add missing BAS accounts and default mappings (migrate does
this once; run it again after an upgrade of the shipped chart)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from koop.ledger.chart import load_chart, load_default_mappings
from koop.ledger.models import Account, AccountMapping


class Command(BaseCommand):
    help = "Ledger maintenance: load-chart."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load-chart"])

    def handle(self, *args: Any, **options: Any) -> None:
        added = load_chart(Account)
        mapped = load_default_mappings(Account, AccountMapping)
        self.stdout.write(f"{added} accounts added, {mapped} mappings added")
