"""Turning Django's model validation into the service error that names each field."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models

from koop.core.errors import FieldProblem, KoopValidationError


def validate_model(obj: models.Model, *, exclude: Iterable[str] | None = None) -> None:
    """``full_clean`` that raises ``KoopValidationError`` naming each bad field."""
    try:
        obj.full_clean(exclude=list(exclude) if exclude else None)
    except ValidationError as exc:
        raise from_django(exc) from None


def from_django(exc: ValidationError) -> KoopValidationError:
    problems: list[FieldProblem] = []
    if hasattr(exc, "error_dict"):
        for field_name, errors in exc.error_dict.items():
            name = None if field_name == "__all__" else field_name
            for error in errors:
                problems.extend(FieldProblem(name, str(m)) for m in error.messages)
    else:
        problems.extend(FieldProblem(None, str(m)) for m in exc.messages)
    return KoopValidationError(problems)
