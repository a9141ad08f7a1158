"""Which VAT rates apply on a day, from the dated table an administrator keeps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from koop.core.errors import KoopValidationError
from koop.core.formatting import format_date, format_percent
from koop.core.models import VatRate


def vat_rates_on(day: dt.date) -> list[Decimal]:
    """The rates in force on ``day``, highest first."""
    rows = VatRate.objects.filter(
        Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    ).values_list("rate", flat=True)
    return sorted({Decimal(r) for r in rows}, reverse=True)


def check_vat_rate(rate: Decimal, *, on: dt.date, field: str = "vat_rate") -> Decimal:
    """``rate`` if it is a VAT rate in force on ``on``; otherwise a validation error."""
    rates = vat_rates_on(on)
    if Decimal(rate) not in rates:
        allowed = ", ".join(format_percent(r) for r in rates)
        raise KoopValidationError(
            _("%(rate)s is not a VAT rate in force on %(day)s (allowed: %(allowed)s).")
            % {"rate": format_percent(Decimal(rate)), "day": format_date(on), "allowed": allowed},
            field=field,
        )
    return Decimal(rate)
