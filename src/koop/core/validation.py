"""Turning Django's model validation into the service error that names each field."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

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


# What XML 1.0 cannot hold, and so no e-invoice or export: the C0 control characters other
# than tab, line feed and carriage return, and U+FFFE/U+FFFF. They come from pasted text.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def control_character_problem(text: str, *, field: str) -> FieldProblem | None:
    """The problem of ``text`` holding a control character, naming the first one."""
    found = CONTROL_CHARACTERS.search(text)
    if found is None:
        return None
    return FieldProblem(
        field,
        _("The text holds an invisible control character (%(code)s); type it again.")
        % {"code": f"U+{ord(found.group()):04X}"},
    )
