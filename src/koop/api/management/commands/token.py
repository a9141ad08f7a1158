"""``koop token create|revoke|list``: personal API tokens from the console.

A new token is printed once, alone on standard output (so a script can capture it); only
its digest is stored. Tokens are named by their prefix, which ``koop token list`` shows."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from koop.api.models import ApiToken
from koop.api.services import token_create, token_revoke

PREFIX_LENGTH = 12


def _when(value: dt.datetime | None) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else "-"


class Command(BaseCommand):
    help = "Create, revoke or list personal API tokens (sent as 'Authorization: Bearer …')."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser("create", help="Make a token for USERNAME and print it once.")
        create.add_argument("username", metavar="USERNAME")
        create.add_argument("--name", default="", help="What the token is for.")
        revoke = actions.add_parser("revoke", help="Revoke the token with this prefix.")
        revoke.add_argument("prefix", metavar="PREFIX", help="As shown by 'koop token list'.")
        listing = actions.add_parser("list", help="List tokens, of USERNAME or of everyone.")
        listing.add_argument("username", metavar="USERNAME", nargs="?", default=None)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "create":
            self._create(options["username"], options["name"])
        elif action == "revoke":
            self._revoke(options["prefix"])
        else:
            self._list(options["username"])

    def _user(self, username: str) -> AbstractBaseUser:
        user_model = get_user_model()
        try:
            return user_model.objects.get(**{user_model.USERNAME_FIELD: username})
        except user_model.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None

    def _create(self, username: str, name: str) -> None:
        user = self._user(username)
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive; a token would not work.")
        token, raw = token_create(user=user, name=name, acting_user=None)
        self.stderr.write(
            f"Token {token.prefix}… for {username}. It is shown only now; keep it safe:"
        )
        self.stdout.write(raw)

    def _revoke(self, prefix: str) -> None:
        # A whole token also names its own prefix.
        prefix = prefix.strip()[:PREFIX_LENGTH]
        tokens = list(ApiToken.objects.filter(prefix=prefix).select_related("user")[:2])
        if not tokens:
            raise CommandError(f"No token with prefix {prefix!r}.")
        if len(tokens) > 1:
            raise CommandError(
                f"More than one token has prefix {prefix!r}; revoke it in the admin."
            )
        token = tokens[0]
        if token.revoked_at is not None:
            self.stdout.write(f"Token {prefix}… was already revoked ({_when(token.revoked_at)}).")
            return
        token_revoke(token=token, acting_user=None)
        self.stdout.write(f"Revoked token {prefix}… of {token.user}.")

    def _list(self, username: str | None) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("user_id", "created_at", "pk")
        if username is not None:
            tokens = tokens.filter(user_id=self._user(username).pk)
        rows = [("PREFIX", "USER", "NAME", "CREATED", "LAST USED", "REVOKED")]
        for token in tokens:
            rows.append(
                (
                    token.prefix,
                    token.user.get_username(),
                    token.name or "-",
                    _when(token.created_at),
                    _when(token.last_used_at),
                    _when(token.revoked_at),
                )
            )
        if len(rows) == 1:
            self.stdout.write("No tokens.")
            return
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(line.rstrip())
