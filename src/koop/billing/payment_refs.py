"""Swedish payment references: OCR numbers, bankgiro and plusgiro numbers.

All three end in a Luhn (modulus 10) check digit. An OCR reference may also carry a
length digit before the check digit (the number of digits, check digit included, modulo
10), which lets the bank refuse a reference with a digit missing or added."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import luhn

# Bankgirot accepts OCR references of 2 to 25 digits.
OCR_MIN_DIGITS = 2
OCR_MAX_DIGITS = 25


def _digits(value: str) -> str:
    return "".join(ch for ch in value if not ch.isspace() and ch != "-")


def ocr_reference(number: str, *, length_digit: bool = True) -> str:
    """The OCR reference for ``number``: its digits, then (by default) a length digit,
    then the Luhn check digit."""
    if not number.isdigit():
        raise ValueError(f"an OCR reference is made of digits, not {number!r}")
    body = number
    if length_digit:
        body += str((len(number) + 2) % 10)
    reference = body + luhn.calc_check_digit(body)
    if not OCR_MIN_DIGITS <= len(reference) <= OCR_MAX_DIGITS:
        raise ValueError(f"an OCR reference has {OCR_MIN_DIGITS}-{OCR_MAX_DIGITS} digits")
    return reference


def is_valid_ocr(reference: str, *, length_digit: bool = True) -> bool:
    """Whether ``reference`` is a well-formed OCR reference (with its length digit)."""
    if not reference.isdigit() or not OCR_MIN_DIGITS <= len(reference) <= OCR_MAX_DIGITS:
        return False
    if luhn.checksum(reference) != 0:
        return False
    return not length_digit or int(reference[-2]) == len(reference) % 10


def validate_ocr_reference(value: str) -> None:
    if not is_valid_ocr(value):
        raise ValidationError(
            _("%(value)s is not a valid OCR reference (check digit or length digit wrong)."),
            code="invalid_ocr",
            params={"value": value},
        )


def normalise_bankgiro(value: str) -> str:
    """The bankgiro number's digits (7 or 8, the last a Luhn check digit)."""
    digits = _digits(value)
    if not (digits.isdigit() and len(digits) in (7, 8) and luhn.is_valid(digits)):
        raise ValidationError(
            _("%(value)s is not a valid bankgiro number (7 or 8 digits with a check digit)."),
            code="invalid_bankgiro",
            params={"value": value},
        )
    return digits


def validate_bankgiro(value: str) -> None:
    normalise_bankgiro(value)


def format_bankgiro(digits: str) -> str:
    """``NNN-NNNN`` or ``NNNN-NNNN``, as it is printed."""
    return f"{digits[:-4]}-{digits[-4:]}"


def normalise_plusgiro(value: str) -> str:
    digits = _digits(value)
    if not (digits.isdigit() and 2 <= len(digits) <= 8 and luhn.is_valid(digits)):
        raise ValidationError(
            _("%(value)s is not a valid plusgiro number (2 to 8 digits with a check digit)."),
            code="invalid_plusgiro",
            params={"value": value},
        )
    return digits


def validate_plusgiro(value: str) -> None:
    normalise_plusgiro(value)
