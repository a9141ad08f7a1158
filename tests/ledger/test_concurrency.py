"""Voucher numbers stay gapless when many post at once (PostgreSQL: 20 threads; SQLite has
one writer at a time, so there the same 20 postings run one after another)."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from koop.ledger.models import FiscalYear, Voucher
from koop.ledger.services import RowSpec, voucher_post

POSTINGS = 20


def _post_one(errors: list[BaseException]) -> None:
    try:
        voucher_post(
            voucher_date=dt.date(2024, 5, 1),
            series="K",
            text="samtidigt",
            rows=[RowSpec(1510, Decimal("125.00")), RowSpec(3001, Decimal("-125.00"))],
            acting_user=None,
        )
    except BaseException as error:  # reported by the test below
        errors.append(error)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("immutable_rows_removed_afterwards")
def test_post_assigns_gapless_numbers_under_concurrency() -> None:
    FiscalYear.objects.create(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    errors: list[BaseException] = []
    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=_post_one, args=(errors,)) for _ in range(POSTINGS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    else:
        for _ in range(POSTINGS):
            _post_one(errors)
    assert errors == []
    numbers = sorted(Voucher.objects.filter(series__code="K").values_list("number", flat=True))
    assert numbers == list(range(1, POSTINGS + 1))
