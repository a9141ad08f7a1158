"""``koop signin unlock|two-factor-off USERNAME``: help with signing in from the console,
for when nobody can reach the admin (the only administrator lost their phone, or is
locked out). Both write the audit trail, as the admin's actions do."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.management.base import BaseCommand, CommandError

from koop.accounts.services import sign_in_unlock, two_factor_disable


class Command(BaseCommand):
    help = "Lift a sign-in lock, or turn off someone's two-factor sign-in."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        unlock = actions.add_parser(
            "unlock", help="Lift the lock that failed sign-ins put on USERNAME."
        )
        unlock.add_argument("username", metavar="USERNAME")
        off = actions.add_parser(
            "two-factor-off",
            help="Remove USERNAME's authenticator app and recovery codes (a lost phone); "
            "they set up a new one at their next sign-in if they must have one.",
        )
        off.add_argument("username", metavar="USERNAME")

    def handle(self, *args: Any, action: str, username: str, **options: Any) -> None:
        if action == "unlock":
            count = sign_in_unlock(
                attempts=AccessAttempt.objects.filter(username=username), acting_user=None
            )
            if count:
                rows = "1 record" if count == 1 else f"{count} records"
                self.stdout.write(f"Lifted the lock on {username} ({rows} of failures removed).")
            else:
                self.stdout.write(f"No failed sign-ins recorded for {username}.")
        else:
            two_factor_disable(user=self._user(username), acting_user=None)
            self.stdout.write(f"Two-factor sign-in is off for {username}.")

    def _user(self, username: str) -> AbstractBaseUser:
        user_model = get_user_model()
        try:
            return user_model.objects.get(**{user_model.USERNAME_FIELD: username})
        except user_model.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
