"""``koop report units --year Y --format json|csv|xlsx [-o FILE]``: profit and loss per
cost-centre code (mapped to a unit or not), rows without a cost centre as their own line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from koop.ledger.exports import lines_csv, lines_xlsx
from koop.ledger.reports import period_of_year, pnl_by_cost_centre


class Command(BaseCommand):
    help = "Reports from the ledger."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("report", choices=["units"])
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
        parser.add_argument("-o", "--output", help="File to write (default: standard output).")

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = period_of_year(options["year"])
        lines = pnl_by_cost_centre(start=start, end=end)
        fmt, output = options["format"], options["output"]
        if fmt == "json":
            data = json.dumps(
                {
                    "year": options["year"],
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                    "cost_centres": [
                        {
                            "cost_centre": ln.key if ln.cost_centre_ids else None,
                            "name": ln.label,
                            "unit_id": ln.unit_id,
                            "revenue": str(ln.revenue),
                            "costs": str(ln.costs),
                            "result": str(ln.result),
                        }
                        for ln in lines
                    ],
                },
                ensure_ascii=False,
                indent=2,
            ).encode()
        elif fmt == "csv":
            data = lines_csv(lines)
        else:
            data = lines_xlsx(lines, title=f"Enheter {options['year']}")
        if output:
            Path(output).write_bytes(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
