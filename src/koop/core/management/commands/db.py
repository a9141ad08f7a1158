"""``koop db grant-runtime ROLE``: give the runtime role its rights (PostgreSQL), run as the
schema's owner after every ``koop migrate`` (see ``koop.core.dbroles``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from koop.core.dbroles import RoleError, runtime_grant


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # translated when asked, not at import
        return _("Database maintenance: grant-runtime ROLE.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        grant = sub.add_parser(
            "grant-runtime",
            help=_("Give ROLE the rights Koop runs with, and no more (PostgreSQL)."),
        )
        grant.add_argument("role")
        grant.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            statements = runtime_grant(role=options["role"], using=options["database"])
        except RoleError as error:
            raise CommandError(str(error)) from None
        for statement in statements:
            self.stdout.write(f"{statement};")
        self.stdout.write(
            _(
                "%(role)s may now read and write Koop's rows, and nothing more: it owns "
                "nothing, so it cannot lift, drop or replace a trigger, nor truncate a table."
            )
            % {"role": options["role"]}
        )
