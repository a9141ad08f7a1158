from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from koop.billing.models import Invoice, InvoiceKind, Payment, PaymentStatus
from koop.billing.selectors import invoice_balance, invoice_list, invoice_overdue_list
from koop.billing.services import credit_note_issue, payment_register
from koop.core.errors import KoopValidationError
from tests.billing.conftest import Billing
from tests.billing.helpers import issue_free_invoice

pytestmark = pytest.mark.django_db
ISSUED = dt.date(2025, 3, 14)


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(dt.datetime(2025, 3, 20, 10, 0), tick=False):
        yield


@pytest.fixture
def invoice(billing: Billing) -> Invoice:
    # 2 × 450.00 at 25 % + 3 × 19.90 at 12 %: net 959.70, VAT 225.00 + 7.16, total 1191.86
    return issue_free_invoice(billing, issue_date=ISSUED)


def test_a_whole_credit_note_takes_back_everything_in_the_same_series(
    billing: Billing, invoice: Invoice
) -> None:
    credit = credit_note_issue(invoice=invoice, acting_user=billing.world.user("leader"))
    assert credit.kind == InvoiceKind.CREDIT_NOTE
    assert credit.number == invoice.number + 1
    assert credit.credited_invoice_id == invoice.pk
    assert (credit.net_total, credit.vat_total, credit.payable) == (
        invoice.net_total,
        invoice.vat_total,
        invoice.payable,
    )
    assert [(line.quantity, line.credited_line_id) for line in credit.lines.all()] == [
        (line.quantity, line.pk) for line in invoice.lines.all()
    ]
    assert f"invoice {invoice.number}" in credit.note
    balance = invoice_balance(invoice)
    assert balance.outstanding == Decimal("0.00")
    assert balance.status == PaymentStatus.CREDITED
    with pytest.raises(KoopValidationError, match="already credited in full"):
        credit_note_issue(invoice=invoice, acting_user=billing.world.user("leader"))


def test_a_partial_credit_note_cannot_take_back_more_than_is_left(
    billing: Billing, invoice: Invoice
) -> None:
    leader = billing.world.user("leader")
    hours, boxes = invoice.lines.order_by("line_no")
    credit = credit_note_issue(
        invoice=invoice, quantities={hours.pk: "0.5"}, reason="Kortare tid", acting_user=leader
    )
    assert credit.net_total == Decimal("225.00")
    assert credit.vat_total == Decimal("56.25")
    assert "Kortare tid" in credit.note
    with pytest.raises(KoopValidationError) as caught:
        credit_note_issue(invoice=invoice, quantities={hours.pk: "2"}, acting_user=leader)
    assert caught.value.problems[0].field == f"lines.{hours.pk}"
    assert "at most 1.5" in str(caught.value)
    with pytest.raises(KoopValidationError, match="negative"):
        credit_note_issue(invoice=invoice, quantities={boxes.pk: "-1"}, acting_user=leader)
    assert Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE).count() == 1
    # The rest of the line, then the rest of everything: the credits add up to the invoice.
    credit_note_issue(invoice=invoice, quantities={hours.pk: "1.5"}, acting_user=leader)
    credit_note_issue(invoice=invoice, acting_user=leader)
    credits = Invoice.objects.filter(credited_invoice=invoice)
    assert sum(c.net_total for c in credits) == invoice.net_total
    assert invoice_balance(invoice).outstanding == Decimal("0.00")


def test_a_credit_note_cannot_be_credited(billing: Billing, invoice: Invoice) -> None:
    credit = credit_note_issue(invoice=invoice, acting_user=billing.world.user("leader"))
    with pytest.raises(KoopValidationError, match="cannot itself be credited"):
        credit_note_issue(invoice=credit, acting_user=billing.world.user("leader"))


def test_payments_move_an_invoice_from_unpaid_to_partly_paid_to_paid(
    billing: Billing, invoice: Invoice
) -> None:
    finance = billing.world.user("finance")
    assert invoice_balance(invoice).status == PaymentStatus.UNPAID
    payment_register(
        invoice=invoice,
        paid_on=dt.date(2025, 3, 18),
        amount="191.86",
        reference="BG 1",
        acting_user=finance,
    )
    balance = invoice_balance(invoice)
    assert (balance.status, balance.outstanding) == (PaymentStatus.PARTLY_PAID, Decimal("1000.00"))
    with pytest.raises(KoopValidationError) as caught:
        payment_register(
            invoice=invoice, paid_on=dt.date(2025, 3, 19), amount="1000.01", acting_user=finance
        )
    assert caught.value.problems[0].field == "amount"
    payment_register(
        invoice=invoice, paid_on=dt.date(2025, 3, 19), amount="1000", acting_user=finance
    )
    assert invoice_balance(invoice).status == PaymentStatus.PAID
    assert Payment.objects.count() == 2


@pytest.mark.parametrize(
    ("amount", "paid_on", "field"),
    [
        ("0", "2025-03-18", "amount"),
        ("-5", "2025-03-18", "amount"),
        ("abc", "2025-03-18", "amount"),
        ("10.005", "2025-03-18", "amount"),
        ("10", "2025-03-21", "paid_on"),
        ("10", "2025-03-01", "paid_on"),
    ],
)
def test_bad_payments_are_refused_naming_the_field(
    billing: Billing, invoice: Invoice, amount: str, paid_on: str, field: str
) -> None:
    with pytest.raises(KoopValidationError) as caught:
        payment_register(
            invoice=invoice,
            paid_on=dt.date.fromisoformat(paid_on),
            amount=amount,
            acting_user=billing.world.user("finance"),
        )
    assert {p.field for p in caught.value.problems} == {field}
    assert not Payment.objects.exists()


def test_overdue_invoices_are_listed_per_unit_and_credit_notes_reduce_what_is_owed(
    billing: Billing,
) -> None:
    old = issue_free_invoice(billing, issue_date=dt.date(2025, 1, 2))  # due 2025-02-01
    partly = issue_free_invoice(billing, issue_date=dt.date(2025, 1, 3))
    fresh = issue_free_invoice(billing, issue_date=ISSUED)
    finance = billing.world.user("finance")
    payment_register(invoice=partly, paid_on=dt.date(2025, 2, 1), amount="100", acting_user=finance)
    hours = old.lines.get(line_no=1)
    credit_note_issue(invoice=old, quantities={hours.pk: "1"}, acting_user=finance)

    coop = billing.world.cooperative.pk
    overdue = list(invoice_overdue_list(cooperative_id=coop, unit_id=billing.world.unit_a.pk))
    assert [i.pk for i in overdue] == [old.pk, partly.pk]
    assert overdue[0].outstanding == old.payable - Decimal("562.50")
    assert invoice_balance(old).status == PaymentStatus.OVERDUE
    assert invoice_balance(fresh).status == PaymentStatus.UNPAID
    assert not invoice_overdue_list(cooperative_id=coop, unit_id=billing.world.unit_b.pk)
    statuses = {
        i.number: i.status
        for i in invoice_list(cooperative_id=coop, unit_id=billing.world.unit_a.pk)
    }
    assert statuses == {
        old.number: "overdue",
        partly.number: "overdue",
        fresh.number: "unpaid",
        fresh.number + 1: "credit_note",
    }
