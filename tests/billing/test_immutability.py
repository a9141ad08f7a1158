"""An issued invoice is never changed or deleted: the database refuses it, not only Python."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from koop.billing.models import Invoice, InvoiceLine, InvoiceVatAmount, Payment
from koop.billing.services import payment_register
from tests.billing.conftest import Billing
from tests.billing.helpers import issue_free_invoice

pytestmark = pytest.mark.django_db


def _refused(sql: str, params: list[object]) -> None:
    with (
        pytest.raises(IntegrityError, match="never changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


@pytest.fixture
def issued(billing: Billing) -> Invoice:
    invoice = issue_free_invoice(billing)
    payment_register(
        invoice=invoice,
        paid_on=invoice.issue_date,
        amount="100.00",
        acting_user=billing.world.user("finance"),
    )
    return invoice


@pytest.mark.parametrize(
    ("table", "assignment"),
    [
        ("billing_invoice", "net_total = 0"),
        ("billing_invoice", "due_date = '2099-01-01'"),
        ("billing_invoiceline", "quantity = 99"),
        ("billing_invoicevatamount", "vat_amount = 0"),
        ("billing_payment", "amount = 1"),
    ],
)
def test_raw_sql_update_of_an_issued_row_is_refused(
    issued: Invoice, table: str, assignment: str
) -> None:
    column = "id" if table == "billing_invoice" else "invoice_id"
    _refused(f"UPDATE {table} SET {assignment} WHERE {column} = %s", [issued.pk])


@pytest.mark.parametrize(
    "table", ["billing_payment", "billing_invoicevatamount", "billing_invoiceline"]
)
def test_raw_sql_delete_of_an_issued_row_is_refused(issued: Invoice, table: str) -> None:
    _refused(f"DELETE FROM {table} WHERE invoice_id = %s", [issued.pk])


def test_raw_sql_delete_of_an_issued_invoice_is_refused(issued: Invoice) -> None:
    _refused("DELETE FROM billing_invoice WHERE id = %s", [issued.pk])


def test_the_orm_cannot_change_an_issued_invoice_either(issued: Invoice) -> None:
    issued.note = "ändrad"
    with pytest.raises(IntegrityError), transaction.atomic():
        issued.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.filter(pk=issued.pk).update(payable=Decimal("1.00"))
    issued.refresh_from_db()
    assert issued.note == ""
    assert Invoice.objects.count() == 1
    assert InvoiceLine.objects.count() == 2
    assert Payment.objects.count() == 1


def test_nothing_can_be_added_to_an_issued_invoice(issued: Invoice, billing: Billing) -> None:
    line = issued.lines.first()
    assert line is not None
    with pytest.raises(IntegrityError, match="fewer lines"), transaction.atomic():
        InvoiceLine.objects.create(
            invoice=issued,
            line_no=3,
            description="Smuggel",
            quantity=Decimal("1"),
            unit_code="EA",
            unit_price=Decimal("1000.00"),
            net_amount=Decimal("1000.00"),
            vat_rate=Decimal("25"),
            vat_category="S",
            business_area=billing.area,
        )
    with pytest.raises(IntegrityError, match="fewer VAT"), transaction.atomic():
        InvoiceVatAmount.objects.create(
            invoice=issued,
            position=3,
            rate=Decimal("6"),
            category="S",
            taxable_amount=Decimal("10.00"),
            vat_amount=Decimal("0.60"),
        )


def test_the_database_refuses_crediting_more_than_was_invoiced(
    issued: Invoice, billing: Billing
) -> None:
    line = issued.lines.get(line_no=1)  # 2 × 450.00
    credit = Invoice.objects.create(
        cooperative=issued.cooperative,
        unit=issued.unit,
        customer=issued.customer,
        kind="credit_note",
        number=99,
        issue_date=dt.date(2025, 3, 20),
        due_date=dt.date(2025, 3, 20),
        ocr_reference="9949",
        seller=issued.seller,
        buyer=issued.buyer,
        payment_terms_days=0,
        late_interest_text="",
        net_total=Decimal("1350.00"),
        vat_total=Decimal("0"),
        gross_total=Decimal("1350.00"),
        payable=Decimal("1350.00"),
        line_count=1,
        vat_count=1,
        credited_invoice=issued,
        issued_at="2025-03-20T10:00Z",
    )
    with pytest.raises(IntegrityError, match="more than"), transaction.atomic():
        InvoiceLine.objects.create(
            invoice=credit,
            line_no=1,
            description=line.description,
            quantity=Decimal("3"),
            unit_code=line.unit_code,
            unit_price=line.unit_price,
            net_amount=Decimal("1350.00"),
            vat_rate=line.vat_rate,
            vat_category="S",
            business_area=billing.area,
            credited_line=line,
        )
