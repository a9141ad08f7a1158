"""``{% load koop_format %}``: money, hours, numbers and dates the one way Koop shows them
(see ``koop.core.formatting``)."""

from __future__ import annotations

from django import template

from koop.core import formatting

register = template.Library()

register.filter("money", formatting.format_money)
register.filter("kronor", formatting.format_whole_kronor)
register.filter("amount", formatting.format_amount)


@register.filter("num")
def num(value: object, max_decimals: int = 2) -> str:
    """``{{ q|num }}``, or ``{{ q|num:3 }}`` for up to three decimals (quantities)."""
    return formatting.format_number(value, max_decimals=int(max_decimals))  # type: ignore[arg-type]


register.filter("hours", formatting.format_hours)


@register.filter("percent")
def percent(value: object, max_decimals: int = 1) -> str:
    """``{{ share|percent }}``, or ``{{ share|percent:0 }}`` for a whole percentage."""
    return formatting.format_percent(value, max_decimals=int(max_decimals))  # type: ignore[arg-type]


register.filter("day", formatting.format_date)
register.filter("longday", formatting.format_long_date)
register.filter("when", formatting.format_datetime)
register.filter("plain", formatting.format_plain)
