from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from koop.core.errors import KoopValidationError
from koop.ledger.models import FiscalYear, Voucher, VoucherRow
from koop.ledger.services import (
    RowSpec,
    fiscal_year_lock,
    voucher_post,
    voucher_reverse,
)

D = Decimal


def _post(day: dt.date = dt.date(2024, 3, 1), amount: str = "100.00") -> Voucher:
    return voucher_post(
        voucher_date=day,
        series="A",
        text="Kontorsmaterial",
        rows=[RowSpec(6110, D(amount)), RowSpec(1930, -D(amount))],
        acting_user=None,
    )


def _check_deferred() -> None:
    """PostgreSQL checks the balance at commit; make it check now, inside the test."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_post_numbers_vouchers_gaplessly_per_series(year_2024: FiscalYear) -> None:
    first, second = _post(), _post()
    other = voucher_post(
        voucher_date=dt.date(2024, 3, 2),
        series="K",
        text="x",
        rows=[RowSpec(1510, D(1)), RowSpec(3001, D(-1))],
        acting_user=None,
    )
    assert (first.number, second.number, other.number) == (1, 2, 1)
    assert first.posted
    assert VoucherRow.objects.filter(voucher=first).count() == 2


def test_post_refuses_an_unbalanced_voucher(year_2024: FiscalYear) -> None:
    with pytest.raises(KoopValidationError, match="does not balance"):
        voucher_post(
            voucher_date=dt.date(2024, 3, 1),
            series="A",
            text="x",
            rows=[RowSpec(6110, D(100)), RowSpec(1930, D(-90))],
            acting_user=None,
        )
    assert not Voucher.objects.exists()


def test_post_refuses_an_unknown_account_and_a_date_without_fiscal_year(year_2024) -> None:
    with pytest.raises(KoopValidationError, match="9876"):
        voucher_post(
            voucher_date=dt.date(2024, 3, 1),
            series="A",
            text="x",
            rows=[RowSpec(9876, D(1)), RowSpec(1930, D(-1))],
            acting_user=None,
        )
    with pytest.raises(KoopValidationError, match="No fiscal year"):
        _post(day=dt.date(2030, 1, 1))


def test_raw_sql_update_and_delete_of_a_posted_voucher_are_refused(year_2024) -> None:
    voucher = _post()
    row = voucher.rows.first()
    statements = [
        ("UPDATE ledger_voucherrow SET amount = 1 WHERE id = %s", row.pk),
        ("DELETE FROM ledger_voucherrow WHERE id = %s", row.pk),
        ("UPDATE ledger_voucher SET text = 'changed' WHERE id = %s", voucher.pk),
        ("UPDATE ledger_voucher SET posted = false WHERE id = %s", voucher.pk),
        ("DELETE FROM ledger_voucher WHERE id = %s", voucher.pk),
        (
            "INSERT INTO ledger_voucherrow (voucher_id, position, account_id, amount, "
            "other_objects, text) VALUES (%s, 9, 1930, 5, '', '')",
            voucher.pk,
        ),
    ]
    for sql, pk in statements:
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [pk])
    assert VoucherRow.objects.filter(voucher=voucher).count() == 2
    with pytest.raises(IntegrityError):
        voucher.delete()


def test_raw_sql_posting_of_an_unbalanced_draft_is_refused(year_2024) -> None:
    voucher = _post()
    draft = Voucher.objects.create(
        fiscal_year=year_2024,
        series=voucher.series,
        number=99,
        date=dt.date(2024, 3, 1),
        text="utkast",
    )
    VoucherRow.objects.create(voucher=draft, position=1, account_id=1930, amount=D("10.00"))
    with pytest.raises(IntegrityError), transaction.atomic():  # noqa: PT012  # post, then check
        with connection.cursor() as cursor:
            cursor.execute("UPDATE ledger_voucher SET posted = true WHERE id = %s", [draft.pk])
        _check_deferred()
    # A draft may be changed until it is posted; balanced, it posts.
    VoucherRow.objects.create(voucher=draft, position=2, account_id=6110, amount=D("-10.00"))
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE ledger_voucher SET posted = true WHERE id = %s", [draft.pk])
        _check_deferred()
    draft.refresh_from_db()
    assert draft.posted


def test_inserting_a_voucher_already_posted_is_refused(year_2024) -> None:
    voucher = _post()
    with pytest.raises(IntegrityError), transaction.atomic():
        Voucher.objects.create(
            fiscal_year=year_2024,
            series=voucher.series,
            number=50,
            date=dt.date(2024, 3, 1),
            posted=True,
        )


def test_locked_period_refuses_postings_in_service_and_database(year_2024) -> None:
    voucher = _post(day=dt.date(2024, 1, 10))
    fiscal_year_lock(fiscal_year=year_2024, until=dt.date(2024, 1, 31), acting_user=None)
    with pytest.raises(KoopValidationError, match="locked"):
        _post(day=dt.date(2024, 1, 20))
    draft = Voucher.objects.create(
        fiscal_year=year_2024, series=voucher.series, number=77, date=dt.date(2024, 1, 15)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Voucher.objects.filter(pk=draft.pk).update(posted=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        FiscalYear.objects.filter(pk=year_2024.pk).update(locked_until=None)
    assert _post(day=dt.date(2024, 2, 1)).posted


def test_reverse_posts_the_opposite_rows_once(year_2024) -> None:
    voucher = _post()
    reversal = voucher_reverse(voucher=voucher, acting_user=None, on=dt.date(2024, 3, 5))
    amounts = dict(reversal.rows.values_list("account_id", "amount"))
    assert amounts == {6110: D("-100.00"), 1930: D("100.00")}
    assert reversal.reverses == voucher
    assert reversal.number == voucher.number + 1
    with pytest.raises(KoopValidationError, match="already been reversed"):
        voucher_reverse(voucher=voucher, acting_user=None, on=dt.date(2024, 3, 5))
