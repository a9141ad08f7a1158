"""Reads of the books."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet

from koop.ledger.models import Account, FiscalYear, Voucher, VoucherRow
from koop.ledger.reports import turnover_12m


def voucher_list(*, cost_centre_ids: list[int] | None) -> QuerySet[Voucher]:
    """Posted vouchers, newest first; limited to those touching ``cost_centre_ids``."""
    vouchers = Voucher.objects.filter(posted=True).select_related("series", "fiscal_year")
    if cost_centre_ids is not None:
        vouchers = vouchers.filter(
            pk__in=VoucherRow.objects.filter(cost_centre_id__in=cost_centre_ids).values(
                "voucher_id"
            )
        )
    return vouchers.order_by("-date", "-pk")


def account_list() -> QuerySet[Account]:
    return Account.objects.filter(active=True).order_by("number")


def fiscal_year_list() -> QuerySet[FiscalYear]:
    return FiscalYear.objects.order_by("-start")


def group_turnover_12m(*, on: dt.date) -> Decimal:
    """The group's net turnover of the twelve months ending ``on`` (0 in empty books)."""
    return turnover_12m(on=on)
