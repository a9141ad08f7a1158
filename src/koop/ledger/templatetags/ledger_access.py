"""What a page of the ledger may offer the person reading it: ``{% load ledger_access %}``
and ``{% if principal|keeps_books %}`` around links only bookkeepers can follow."""

from __future__ import annotations

from django import template

from koop.core.access import Principal
from koop.ledger.access import can_keep_books

register = template.Library()


@register.filter
def keeps_books(principal: Principal) -> bool:
    return can_keep_books(principal)
