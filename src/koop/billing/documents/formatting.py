"""How amounts, quantities, dates and units read on a Swedish invoice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

UNIT_NAMES = {"HUR": "tim", "EA": "st", "H87": "st", "DAY": "dag", "KMT": "km", "MON": "mån"}


def sek(amount: Decimal) -> str:
    """``1234.5`` -> ``"1 234,50"``: space between thousands, comma before öre."""
    text = f"{amount.quantize(Decimal('0.01')):,.2f}"
    return text.replace(",", " ").replace(".", ",")


def quantity(value: Decimal) -> str:
    """``6.500`` -> ``"6,5"``; ``12`` -> ``"12"``."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def unit_price(value: Decimal) -> str:
    """Two decimals, or more when the price has them."""
    if value == value.quantize(Decimal("0.01")):
        return sek(value)
    whole, _, fraction = f"{value:f}".partition(".")
    return sek(Decimal(whole)).split(",")[0] + "," + fraction.rstrip("0")


def percent(rate: Decimal) -> str:
    return quantity(rate) + " %"


def date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""


def unit_name(code: str) -> str:
    return UNIT_NAMES.get(code, code.lower())


def org_number(text: str) -> str:
    """An organisation number as written in Sweden: ``NNNNNN-NNNN``."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) == 10:
        return f"{digits[:6]}-{digits[6:]}"
    return text


def bankgiro(text: str) -> str:
    """``56781230`` -> ``"5678-1230"``, ``1234567`` -> ``"123-4567"``."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) in (7, 8):
        return f"{digits[:-4]}-{digits[-4:]}"
    return text
