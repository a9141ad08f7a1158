"""``koop verify-books``: recompute the hash chain of every voucher series and invoice
series and name the first record that breaks each; exit status 1 if any is broken."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koop.core.chain import report_lines, verify_books


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # translated when asked, not at import
        return _(
            "Recompute the hash chains of the posted vouchers and the issued invoices and "
            "name the first record that breaks each chain."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--database", default="default", help=_("The database to verify (an alias).")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        reports = verify_books(options["database"])
        for line in report_lines(reports):
            self.stdout.write(line)
        broken = [r for r in reports if not r.intact]
        if broken:
            raise CommandError(
                ngettext(
                    "The books do not verify: %(broken)s of %(total)s chain is broken.",
                    "The books do not verify: %(broken)s of %(total)s chains are broken.",
                    len(reports),
                )
                % {"broken": len(broken), "total": len(reports)}
            )
        if not reports:
            self.stdout.write(_("There is nothing in the books to verify yet."))
            return
        records = sum(r.count for r in reports)
        self.stdout.write(
            ngettext(
                "The books verify: %(chains)s chain, %(records)s records.",
                "The books verify: %(chains)s chains, %(records)s records.",
                len(reports),
            )
            % {"chains": len(reports), "records": records}
        )
