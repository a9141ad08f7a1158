"""Small helpers the billing services share: who acted, and reading numbers from input."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.core.errors import KoopValidationError
from koop.core.vat import check_vat_rate

Actor = AbstractBaseUser | AnonymousUser | None


def _user_or_none(user: Actor) -> Any:
    return user if user is not None and user.is_authenticated else None


def _decimal(value: object, *, field: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", ".").replace(" ", ""))
    except (InvalidOperation, ValueError):
        raise KoopValidationError(_("Enter a number."), field=field) from None
    if not number.is_finite():
        raise KoopValidationError(_("Enter a number."), field=field)
    return number


def _quantity(value: object, *, field: str = "quantity") -> Decimal:
    quantity = _decimal(value, field=field)
    if quantity < 0:
        raise KoopValidationError(
            _("A quantity on an invoice cannot be negative: use a credit note to take back."),
            field=field,
        )
    if quantity == 0:
        raise KoopValidationError(_("The quantity must be more than 0."), field=field)
    if quantity != quantity.quantize(Decimal("0.001")):
        raise KoopValidationError(_("Give the quantity with at most 3 decimals."), field=field)
    return quantity


def _price(value: object) -> Decimal:
    price = _decimal(value, field="unit_price")
    if price < 0:
        raise KoopValidationError(_("A unit price cannot be negative."), field="unit_price")
    if price != price.quantize(Decimal("0.01")):
        raise KoopValidationError(_("Give the price in kronor and öre."), field="unit_price")
    return price


def _rate(value: object) -> Decimal:
    rate = _decimal(value, field="vat_rate")
    check_vat_rate(rate, on=timezone.localdate(), field="vat_rate")
    return rate
