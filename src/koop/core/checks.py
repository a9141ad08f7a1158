"""Koop's deploy checks (``koop check --deploy``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core.checks import CheckMessage, Tags, Warning, register
from django.db import DatabaseError
from django.utils.translation import gettext as _

from koop.core.dbroles import runtime_problems


@register(Tags.database, "deploy", deploy=True)
def runtime_role_owns_nothing(
    *,
    app_configs: Sequence[AppConfig] | None = None,
    databases: Sequence[str] | None = None,
    **kwargs: Any,
) -> list[CheckMessage]:
    """On PostgreSQL, Koop should run as a role that owns none of its tables."""
    warnings: list[CheckMessage] = []
    for alias in databases or ["default"]:
        try:
            problems = runtime_problems(alias)
        except DatabaseError as error:
            warnings.append(
                Warning(
                    _("Could not ask the database %(alias)s about its roles: %(error)s")
                    % {"alias": alias, "error": error},
                    id="koop.W002",
                )
            )
            continue
        warnings.extend(
            Warning(
                problem,
                hint=_(
                    "Run Koop as a separate runtime role: as the owner, koop db "
                    "grant-runtime ROLE after each migrate, then connect as ROLE (README, "
                    "Running in production)."
                ),
                id="koop.W001",
            )
            for problem in problems
        )
    return warnings
