"""How money, hours, numbers and dates read on every page, export and PDF: one way each.

In Swedish (the default) amounts read ``29 424,35 kr`` (a no-break space between the
thousands, a comma before the öre), hours ``3,5 h``, dates ``2026-12-02``; English uses
its own separators (``29,424.35 kr``) and the same dates. Nothing here rounds money for
the books: amounts are shown to whole öre with ``koop.core.money.round_money``, the one
place that rounds. A missing value reads as a dash, never as ``None``."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from koop.core.money import round_kronor, round_money

NO_VALUE = "—"
NBSP = "\xa0"

Number = Decimal | int | float


def _decimal(value: Number) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    # A float can only come from outside the books (a share, a ratio): read it as written.
    return Decimal(repr(value))


def _grouped(value: Decimal, decimals: int, *, grouping: bool = True) -> str:
    text = formats.number_format(value, decimals, use_l10n=True, force_grouping=grouping)
    # Django groups Swedish thousands with a no-break space; make sure English does not
    # break a number either.
    return str(text).replace(" ", NBSP)


def format_amount(value: Number | None) -> str:
    """An amount in kronor with two decimals and grouped thousands, without the currency:
    for table columns whose heading says ``kr``."""
    if value is None:
        return NO_VALUE
    return _grouped(round_money(_decimal(value)), 2)


def format_money(value: Number | None) -> str:
    """An amount with its currency: ``29 424,35 kr``."""
    if value is None:
        return NO_VALUE
    return f"{format_amount(value)}{NBSP}kr"


def format_whole_kronor(value: Number | None) -> str:
    """An amount rounded to whole kronor for overviews: ``29 424 kr``."""
    if value is None:
        return NO_VALUE
    return f"{_grouped(round_kronor(_decimal(value)), 0)}{NBSP}kr"


def format_number(value: Number | None, *, max_decimals: int = 2, grouping: bool = True) -> str:
    """A quantity as people write it: no trailing zeros (``6,5``, ``12``), grouped unless
    ``grouping`` is off (a value put back into an input)."""
    if value is None:
        return NO_VALUE
    number = _decimal(value)
    # Beyond the context's precision a number is shown as it is.
    with contextlib.suppress(InvalidOperation):
        number = number.quantize(Decimal(1).scaleb(-max_decimals), rounding=ROUND_HALF_UP)
    text = f"{number:f}"
    decimals = len(text.partition(".")[2].rstrip("0"))
    return _grouped(number, decimals, grouping=grouping)


def format_input(value: Number, *, decimals: int | None = None) -> str:
    """A number as a form shows it for editing: the page's decimal separator, no grouping,
    exactly ``decimals`` decimals (money) or none trailing (hours, quantities)."""
    number = _decimal(value)
    if decimals is None:
        return format_number(number, max_decimals=8, grouping=False)
    rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return _grouped(rounded, decimals, grouping=False)


def format_hours(value: Number | None) -> str:
    """Hours: ``3,5 h``, ``8 h``."""
    if value is None:
        return NO_VALUE
    return f"{format_number(value)}{NBSP}h"


def format_percent(value: Number | None, *, max_decimals: int = 1) -> str:
    """A percentage: ``25 %`` in Swedish, ``25%`` in English."""
    if value is None:
        return NO_VALUE
    number = format_number(value, max_decimals=max_decimals)
    return f"{number}%" if (get_language() or "sv").startswith("en") else f"{number}{NBSP}%"


def format_date(value: dt.date | dt.datetime | None) -> str:
    """A business date: ``2026-12-02`` (a timestamp is shown as its local date)."""
    if value is None or value == "":  # "": a template reading a missing object
        return NO_VALUE
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return value.isoformat()


def format_long_date(value: dt.date | dt.datetime | None) -> str:
    """A date in running text: ``2 december 2026`` (``2 December 2026``)."""
    if value is None or value == "":  # "": a template reading a missing object
        return NO_VALUE
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return str(formats.date_format(value, "j F Y", use_l10n=True))


def format_datetime(value: dt.datetime | None) -> str:
    """A moment in local time: ``2026-12-02 14:30``."""
    if value is None or value == "":  # "": a template reading a missing object
        return NO_VALUE
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d %H:%M")


def parse_decimal(text: str) -> Decimal:
    """A number as a person types it, in either language: ``3,5``, ``3.5``, ``1 234,50``,
    ``1,234.50``, ``-12``. Raises ``ValueError`` for anything else."""
    cleaned = text.strip()
    for space in (" ", NBSP, "\u202f", "\u2009", "'"):
        cleaned = cleaned.replace(space, "")
    cleaned = cleaned.replace("\u2212", "-")  # the typographic minus
    if "," in cleaned and "." in cleaned:
        # Both: the last one is the decimal separator, the other groups thousands.
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        cleaned = cleaned.replace(group_mark, "").replace(decimal_mark, ".")
    elif cleaned.count(",") == 1:
        cleaned = cleaned.replace(",", ".")
    if not cleaned or not all(ch.isdigit() or ch in ".-+" for ch in cleaned):
        raise ValueError(text)
    try:
        number = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not number.is_finite():
        raise ValueError(text)
    return number


def format_plain(value: object) -> str:
    """Any stored value as a person reads it: yes/no for a truth value, a dash for none,
    a list joined with commas, a mapping as "Key: value" pairs, anything else as it is."""
    if value is None or value == "":
        return NO_VALUE
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list | tuple):
        return ", ".join(format_plain(v) for v in value) or NO_VALUE
    if isinstance(value, dict):
        return "; ".join(f"{_readable_key(k)}: {format_plain(v)}" for k, v in value.items()) or (
            NO_VALUE
        )
    return str(value)


def _readable_key(key: object) -> str:
    """A key of a stored mapping as a word (``demo_persons`` -> "Demo persons")."""
    text = str(key).removesuffix("_id").replace("_", " ")
    return text[:1].upper() + text[1:]
