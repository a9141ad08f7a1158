"""Voucher numbers: gapless per series and fiscal year.

The series row is the counter. Taking a number locks it (``select_for_update``) until the
posting transaction ends, so concurrent postings queue and a rolled-back posting gives its
number back. SQLite takes the write lock up front (IMMEDIATE transactions), which serialises
the same way."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from koop.ledger.models import FiscalYear, VoucherSeries

SERIES_NAMES = {
    "A": "Manuella verifikationer",
    "K": "Kundfakturor",
    "I": "Inbetalningar",
    "L": "Koncerngemensam avgift",
    "F": "Solidaritetspool och investeringsfond",
}


def series_ensure(*, fiscal_year: FiscalYear, code: str) -> VoucherSeries:
    series = VoucherSeries.objects.filter(fiscal_year=fiscal_year, code=code).first()
    if series is not None:
        return series
    try:
        with transaction.atomic():
            return VoucherSeries.objects.create(
                fiscal_year=fiscal_year, code=code, name=SERIES_NAMES.get(code, "")
            )
    except IntegrityError:  # made by a concurrent posting a moment ago
        return VoucherSeries.objects.get(fiscal_year=fiscal_year, code=code)


def number_take(*, fiscal_year: FiscalYear, code: str) -> tuple[VoucherSeries, int]:
    """The series and the next number in it; must run inside the posting's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_take must run inside the posting's transaction")
    series_id = series_ensure(fiscal_year=fiscal_year, code=code).pk
    series = VoucherSeries.objects.select_for_update().get(pk=series_id)
    number = series.next_number
    VoucherSeries.objects.filter(pk=series.pk).update(next_number=number + 1)
    return series, number


def numbers_take(*, series: VoucherSeries, count: int) -> int:
    """Reserve ``count`` numbers at once (bulk imports); returns the first."""
    locked = VoucherSeries.objects.select_for_update().get(pk=series.pk)
    first = locked.next_number
    VoucherSeries.objects.filter(pk=series.pk).update(next_number=first + count)
    return first
