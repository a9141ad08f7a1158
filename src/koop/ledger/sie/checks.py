"""Checking the fields of an SIE file: dates, amounts, numbers and codes, each against what
the database can hold, so a damaged or odd value refuses the file with its line instead
of reaching the database (or being read as something else)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from koop.ledger.sie.parser import Field, SieRefused

# The largest whole number the integer columns hold (account, dimension, voucher number).
MAX_INTEGER = 2_147_483_647
# Voucher rows and their quantities are DecimalField(max_digits=14, decimal_places=2);
# balances DecimalField(max_digits=16, decimal_places=2).
ROW_DIGITS = 14
BALANCE_DIGITS = 16
PLACES = 2
SERIES_LENGTH = 10
OBJECT_CODE_LENGTH = 40
SIE_TYPES = frozenset({"1", "2", "3", "4", "4E", "4I"})


def text_at(fields: list[Field], i: int) -> str:
    if i < len(fields) and isinstance(fields[i], str):
        return fields[i]  # type: ignore[return-value]  # checked just above
    return ""


def objects_at(fields: list[Field], i: int) -> list[str]:
    if i < len(fields) and isinstance(fields[i], list):
        return fields[i]  # type: ignore[return-value]  # checked just above
    return []


_DIGITS = re.compile(r"[0-9]+")


def to_date(value: str, line: int) -> dt.date:
    """A date written YYYYMMDD: exactly eight digits (``2025013`` is not a date)."""
    try:
        if len(value) == 8 and _DIGITS.fullmatch(value):
            return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        pass
    raise SieRefused(line, _("%(value)r is not a date (YYYYMMDD).") % {"value": value})


_PLAIN_AMOUNT = re.compile(r"-?[0-9]{1,12}\.[0-9][0-9]")


def to_amount(value: str, line: int, *, digits: int = ROW_DIGITS) -> Decimal:
    """An amount of at most two decimals that fits a column of ``digits`` digits."""
    if digits == ROW_DIGITS and _PLAIN_AMOUNT.fullmatch(value):  # nearly every program's
        return Decimal(value)
    try:
        amount = Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise SieRefused(line, _("%(value)r is not an amount.") % {"value": value}) from None
    if not amount.is_finite():
        raise SieRefused(line, _("%(value)r is not an amount.") % {"value": value})
    if amount and amount.adjusted() >= digits - PLACES:
        raise SieRefused(
            line,
            _("the amount %(value)s is too large (at most %(digits)s digits before the point).")
            % {"value": value, "digits": digits - PLACES},
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise SieRefused(line, _("%(value)r has more than two decimals.") % {"value": value})
    return amount.quantize(Decimal("0.01"))


def to_number(value: str, line: int, what: str) -> int:
    """A whole number (an account, a dimension, a year's index) the database can hold;
    ``what`` names it in the message."""
    if not _DIGITS.fullmatch(value):
        raise SieRefused(
            line, _("%(value)r is not a valid %(what)s.") % {"value": value, "what": what}
        )
    number = int(value)
    if number > MAX_INTEGER:
        raise SieRefused(
            line, _("%(value)s is too large for a %(what)s.") % {"value": value, "what": what}
        )
    return number


def year_index(value: str, line: int) -> int:
    """The index of a fiscal year (#RAR 0, -1, ...): zero or negative."""
    if not re.fullmatch(r"0|-[0-9]{1,3}", value or "0"):
        raise SieRefused(
            line, _("%(value)r is not a fiscal year index (0, -1, ...).") % {"value": value}
        )
    return int(value or 0)


def account_number(value: str, line: int) -> int:
    return to_number(value, line, _("account number"))


def dimension_number(value: str, line: int) -> int:
    return to_number(value, line, _("dimension number"))


def series_code(value: str, line: int) -> str:
    if len(value) > SERIES_LENGTH:
        raise SieRefused(
            line,
            _("the voucher series %(value)r is longer than %(length)s characters.")
            % {"value": value, "length": SERIES_LENGTH},
        )
    return value


def object_code(value: str, line: int) -> str:
    if not value or len(value) > OBJECT_CODE_LENGTH:
        raise SieRefused(
            line,
            _("%(value)r is not an object code (1 to %(length)s characters).")
            % {"value": value, "length": OBJECT_CODE_LENGTH},
        )
    return value


def sie_type(value: str, line: int) -> str:
    if value.upper() not in SIE_TYPES:
        raise SieRefused(line, _("#SIETYP %(value)s is not an SIE type (1-4).") % {"value": value})
    return value


def checksum_value(value: str, line: int) -> int:
    """The CRC-32 of #KSUMMA: a whole number of 32 bits (some writers sign it)."""
    if not re.fullmatch(r"-?[0-9]{1,10}", value) or abs(int(value)) > 0xFFFFFFFF:
        raise SieRefused(line, _("%(value)r is not a checksum.") % {"value": value})
    return int(value) & 0xFFFFFFFF
