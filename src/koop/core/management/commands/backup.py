"""``koop backup [-o PATH]``: the database and the uploaded documents in one archive with a
manifest (see ``koop.core.backup``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koop.core.backup import BackupError, backup_write


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # translated when asked, not at import
        return _("Back up the database and the uploaded documents into one archive.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "-o",
            "--output",
            default=".",
            help=_("A folder to write the archive in, or the archive's file name."),
        )
        parser.add_argument(
            "--database", default="default", help=_("The database to back up (an alias).")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_write(destination=Path(options["output"]), using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = result.manifest
        chains = manifest["books"]["chains"]
        self.stdout.write(_("Backup written to %(path)s.") % {"path": result.path})
        self.stdout.write(
            _("Database: %(vendor)s, %(size)s bytes.")
            % {"vendor": manifest["database"]["vendor"], "size": manifest["database"]["size"]}
        )
        self.stdout.write(
            ngettext(
                "Uploaded documents: %(count)s file.",
                "Uploaded documents: %(count)s files.",
                result.media_count,
            )
            % {"count": result.media_count}
        )
        if result.books_verified:
            self.stdout.write(
                ngettext(
                    "The books verify: %(count)s chain; its head is in the manifest.",
                    "The books verify: %(count)s chains; their heads are in the manifest.",
                    len(chains),
                )
                % {"count": len(chains)}
            )
        else:
            self.stderr.write(
                _(
                    "Warning: the books do not verify (see koop verify-books); the backup "
                    "keeps them as they are."
                )
            )
        self.stdout.write(
            _(
                "Not in the backup: the secret key and the field key (KOOP_FIELD_KEY); "
                "keep them safe, apart from the backups."
            )
        )
