"""Koop's own deploy checks (``koop check --deploy``), beside Django's: settings that are
fine on a developer's machine and wrong on a server."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning
from django.db import DatabaseError
from django.utils.translation import gettext as _

from koop.core.dbroles import runtime_problems


@register(Tags.security, deploy=True)
def check_two_factor_required(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    if settings.KOOP_REQUIRE_TWO_FACTOR:
        return []
    return [
        CheckWarning(
            "KOOP_REQUIRE_TWO_FACTOR is off: administrators, central finance and the readers "
            "of participants' case files sign in with a password alone.",
            hint="Unset KOOP_REQUIRE_TWO_FACTOR (it is on by default).",
            id="koop.W001",
        )
    ]


@register(Tags.database, deploy=True)
def check_database_is_postgresql(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine != "django.db.backends.sqlite3":
        return []
    return [
        CheckWarning(
            "The database is SQLite, which Koop uses for the demo and quick local runs.",
            hint="Set DATABASE_URL to a PostgreSQL database (postgres://...).",
            id="koop.W002",
        )
    ]


@register(Tags.security, deploy=True)
def check_trusted_origins_use_https(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    plain = [o for o in settings.CSRF_TRUSTED_ORIGINS if not o.startswith("https://")]
    if not plain:
        return []
    return [
        CheckWarning(
            f"CSRF_TRUSTED_ORIGINS names origins without HTTPS: {', '.join(plain)}.",
            hint="Koop runs behind HTTPS in production: give each origin as https://HOST.",
            id="koop.W003",
        )
    ]


@register(Tags.security, deploy=True)
def check_allowed_hosts_are_named(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    if "*" not in settings.ALLOWED_HOSTS:
        return []
    return [
        CheckWarning(
            "ALLOWED_HOSTS holds '*': Koop would answer to any host name, and links it "
            "builds could point anywhere.",
            hint="Name the host names Koop answers to, e.g. ALLOWED_HOSTS=koop.example.se.",
            id="koop.W004",
        )
    ]


@register(Tags.database, "deploy", deploy=True)
def runtime_role_owns_nothing(
    *,
    app_configs: Sequence[AppConfig] | None = None,
    databases: Sequence[str] | None = None,
    **kwargs: Any,
) -> list[CheckMessage]:
    """On PostgreSQL, Koop should run as a role that owns none of its tables.

    Like Django's own database checks it asks the database only when told which one
    (``koop check --deploy --database default``), so a check of the settings alone, on a
    machine that cannot reach the database, stays a check of the settings."""
    warnings: list[CheckMessage] = []
    for alias in databases or []:
        try:
            problems = runtime_problems(alias)
        except DatabaseError as error:
            warnings.append(
                CheckWarning(
                    _("Could not ask the database %(alias)s about its roles: %(error)s")
                    % {"alias": alias, "error": error},
                    id="koop.W011",
                )
            )
            continue
        warnings.extend(
            CheckWarning(
                problem,
                hint=_(
                    "Run Koop as a separate runtime role: as the owner, koop db "
                    "grant-runtime ROLE after each migrate, then connect as ROLE (README, "
                    "Running in production)."
                ),
                id="koop.W010",
            )
            for problem in problems
        )
    return warnings
