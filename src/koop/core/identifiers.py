"""Swedish identity numbers, validated with python-stdnum and stored in one form."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr, personnummer


def normalise_orgnr(value: str) -> str:
    """``NNNNNN-NNNN`` for a valid organisation number, else ValidationError."""
    try:
        return str(orgnr.format(orgnr.validate(value)))
    except StdnumError:
        raise ValidationError(
            _("%(value)s is not a valid Swedish organisation number (NNNNNN-NNNN)."),
            code="invalid_orgnr",
            params={"value": value},
        ) from None


def normalise_personnummer(value: str) -> str:
    """``YYYYMMDD-NNNN`` for a valid personnummer (or samordningsnummer)."""
    try:
        compact = personnummer.validate(value)
        birth = personnummer.get_birth_date(compact)
    except StdnumError:
        raise ValidationError(
            _("%(value)s is not a valid personnummer (YYYYMMDD-NNNN)."),
            code="invalid_personnummer",
            params={"value": value},
        ) from None
    # The century comes from the birth date python-stdnum derives (a "+" marks 100+ years).
    digits = "".join(ch for ch in compact if ch.isdigit())
    return f"{birth:%Y}{digits[-8:-4]}-{digits[-4:]}"


def mask_personnummer(value: str) -> str:
    """Only the birth date is shown; the last four digits are hidden."""
    return f"{value[:8]}-****" if value else ""


def validate_orgnr(value: str) -> None:
    normalise_orgnr(value)


def validate_personnummer(value: str) -> None:
    normalise_personnummer(value)
