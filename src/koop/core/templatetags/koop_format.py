"""``{% load koop_format %}``: money, hours, numbers and dates the one way Koop shows them
(see ``koop.core.formatting``)."""

from __future__ import annotations

from django import template

from koop.core import formatting

register = template.Library()

register.filter("money", formatting.format_money)
register.filter("kronor", formatting.format_whole_kronor)
register.filter("amount", formatting.format_amount)
register.filter("num", formatting.format_number)
register.filter("hours", formatting.format_hours)
register.filter("percent", formatting.format_percent)
register.filter("day", formatting.format_date)
register.filter("longday", formatting.format_long_date)
register.filter("when", formatting.format_datetime)
register.filter("plain", formatting.format_plain)
