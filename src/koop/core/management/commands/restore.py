"""``koop restore ARCHIVE``: a backup back into an empty database and an empty MEDIA_ROOT,
then the books verified against the backup's manifest (see ``koop.core.backup``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.utils.translation import gettext as _

from koop.core.backup import BackupError, backup_restore
from koop.core.chain import report_lines


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # translated when asked, not at import
        return _(
            "Restore a backup into an empty database and an empty MEDIA_ROOT, then verify "
            "the books."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help=_("The backup archive (.tar.gz)."))
        parser.add_argument(
            "--database", default="default", help=_("The empty database to restore into.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        using = options["database"]
        try:
            result = backup_restore(archive_path=Path(options["archive"]), using=using)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Restored the backup of %(created)s (Koop %(version)s).")
            % {
                "created": result.manifest["created_at"],
                "version": result.manifest["koop_version"],
            }
        )
        for line in report_lines(result.reports):
            self.stdout.write(line)
        for head in result.missing_heads:
            self.stdout.write(_("Missing from the restored books: %(head)s.") % {"head": head})
        if not result.verified:
            raise CommandError(
                _("The restored books do not verify: do not take this database into use.")
            )
        self.stdout.write(_("The restored books verify and hold every head the backup recorded."))
        if connections[using].vendor == "postgresql":
            self.stdout.write(
                _(
                    "Restored as the connecting role, which now owns the tables: give the "
                    "runtime role its rights with koop db grant-runtime ROLE."
                )
            )
