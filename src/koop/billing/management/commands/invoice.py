"""``koop invoice pdf NUMBER -o FILE`` and ``koop invoice ubl NUMBER -o FILE``."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from koop.billing.rendering import invoice_pdf, invoice_ubl
from koop.billing.selectors import invoice_by_number
from koop.core.errors import KoopValidationError
from koop.organisation.selectors import cooperative_current

RENDERERS = {"pdf": invoice_pdf, "ubl": invoice_ubl}


class Command(BaseCommand):
    help = "Write an issued invoice or credit note as a PDF or a Peppol UBL file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("format", choices=sorted(RENDERERS), help="pdf or ubl")
        parser.add_argument("number", type=int, help="the invoice (or credit note) number")
        parser.add_argument(
            "-o", "--output", required=True, help="the file to write ('-' for standard output)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        cooperative = cooperative_current()
        invoice = invoice_by_number(cooperative_id=cooperative.pk, number=options["number"])
        if invoice is None:
            raise CommandError(f"There is no invoice number {options['number']}.")
        try:
            data = RENDERERS[options["format"]](invoice)
        except KoopValidationError as error:
            raise CommandError(f"{invoice}: {error}") from None
        if options["output"] == "-":
            sys.stdout.buffer.write(data)
            return
        path = Path(options["output"])
        path.write_bytes(data)
        self.stderr.write(f"{invoice} -> {path} ({len(data)} bytes)")
