"""``koop sie import FILE [--dry-run]`` and ``koop sie export --year Y --type 4E|4I -o FILE``."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from koop.core.errors import KoopValidationError
from koop.ledger.sie.exporter import sie_export, year_by_label


class Command(BaseCommand):
    help = "Import or export SIE 4 files."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import an SIE 4 file (all or nothing).")
        imp.add_argument("file")
        imp.add_argument("--dry-run", action="store_true", help="Check everything, keep nothing.")
        imp.add_argument("--quiet-progress", action="store_true")
        exp = sub.add_parser("export", help="Export a fiscal year.")
        exp.add_argument("--year", required=True, help="The fiscal year (e.g. 2025).")
        exp.add_argument("--type", dest="sie_type", choices=["4E", "4I"], default="4E")
        exp.add_argument("-o", "--output", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(Path(options["file"]), options["dry_run"], options["quiet_progress"])
        else:
            self._export(options["year"], options["sie_type"], Path(options["output"]))

    def _import(self, path: Path, dry_run: bool, quiet: bool) -> None:
        from koop.ledger.sie.importer import sie_import

        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            if quiet or not total:
                return
            share = done / total
            bar = "#" * int(share * 30)
            sys.stderr.write(f"\r[{bar:<30}] {share:6.1%}")
            sys.stderr.flush()

        try:
            result = sie_import(path=path, acting_user=None, dry_run=dry_run, progress=progress)
        except KoopValidationError as error:
            if not quiet:
                sys.stderr.write("\n")
            raise CommandError(
                f"{path.name} refused, nothing imported: {error.problems[0].message}"
            ) from None
        if not quiet:
            sys.stderr.write("\n")
        if result.already_imported:
            self.stdout.write(f"{path.name} has already been imported: nothing done.")
            return
        verb = "checked (dry run, nothing kept)" if dry_run else "imported"
        self.stdout.write(
            f"{path.name} {verb}: {result.vouchers} vouchers, {result.rows} rows, "
            f"{result.skipped} already in the books, {result.empty} empty left out, "
            f"{result.balances} balances, "
            f"{result.accounts_added} accounts added, encoding {result.encoding}, "
            f"debit total {result.debit_total}, {time.perf_counter() - started:.1f} s"
        )
        if result.duplicates:
            self.stdout.write(
                f"{result.duplicates} vouchers written twice in the file, booked once"
            )
        if result.accounts_created:
            created = ", ".join(str(n) for n in result.accounts_created)
            self.stdout.write(f"accounts created for rows, to be named: {created}")
        for warning in result.warnings:
            self.stdout.write(f"warning: {warning}")

    def _export(self, label: str, sie_type: str, output: Path) -> None:
        year = year_by_label(label)
        if year is None:
            raise CommandError(f"no fiscal year {label}")
        rows = sie_export(year=year, sie_type=sie_type, path=output)
        self.stdout.write(f"{output}: SIE {sie_type} for {year}, {rows} rows")
