"""What every participants service shares: the acting user and the database's refusals."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import IntegrityError, InternalError
from django.utils.translation import gettext as _

from koop.core.errors import KoopValidationError

Actor = AbstractBaseUser | AnonymousUser | None


def user_or_none(actor: Actor) -> User | None:
    """The user to store as "recorded by" (the anonymous or a missing actor is stored as none)."""
    return actor if isinstance(actor, User) and actor.is_authenticated else None


def _database_messages() -> dict[str, tuple[str, str]]:
    return {
        "placement_needs_three_consents": (
            "agreement",
            _("A placement cannot start before all three parties have said yes."),
        ),
        "placement_outside_agreement": (
            "starts_on",
            _("The placement must start inside the agreement's period."),
        ),
        "placement_overlaps": (
            "starts_on",
            _("The participant already has a placement during this period."),
        ),
        "attendance_outside_agreement": (
            "day",
            _("Attendance can only be recorded inside the agreement's period."),
        ),
    }


@contextmanager
def database_rules() -> Iterator[None]:
    """Turn a refusal by one of the app's triggers into the error that names the field.

    The services check each rule first with a friendlier message; this is the guarantee
    behind them (a race, or code that went around the service)."""
    try:
        yield
    except (IntegrityError, InternalError) as exc:
        text = str(exc)
        for marker, (field, message) in _database_messages().items():
            if marker in text:
                raise KoopValidationError(message, field=field) from exc
        raise
