"""Reads of invoices: lists with their payment status, balances, overdue invoices.

An invoice's status is never stored (the row is immutable); it follows from its
payments, its credit notes, its due date and the day it is asked about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.billing.models import (
    Invoice,
    InvoiceDraft,
    InvoiceKind,
    InvoiceSettings,
    Payment,
    PaymentStatus,
)
from koop.core.errors import KoopValidationError
from koop.core.money import ZERO, round_money
from koop.organisation.models import BusinessArea
from koop.work.models import Customer, WorkOrder

MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=14, decimal_places=2)


@dataclass(frozen=True)
class Balance:
    payable: Decimal
    credited: Decimal
    paid: Decimal
    outstanding: Decimal
    status: PaymentStatus


def status_of(
    *,
    kind: str,
    payable: Decimal,
    credited: Decimal,
    paid: Decimal,
    due_date: dt.date,
    today: dt.date,
) -> PaymentStatus:
    if kind == InvoiceKind.CREDIT_NOTE:
        return PaymentStatus.CREDIT_NOTE
    outstanding = payable - credited - paid
    if outstanding <= 0:
        return PaymentStatus.PAID if paid > 0 else PaymentStatus.CREDITED
    if due_date < today:
        return PaymentStatus.OVERDUE
    return PaymentStatus.PARTLY_PAID if paid > 0 else PaymentStatus.UNPAID


def invoice_balance(invoice: Invoice, *, today: dt.date | None = None) -> Balance:
    paid = invoice.payments.aggregate(s=Sum("amount"))["s"] or ZERO
    credited = invoice.credit_notes.aggregate(s=Sum("payable"))["s"] or ZERO
    status = status_of(
        kind=invoice.kind,
        payable=invoice.payable,
        credited=credited,
        paid=paid,
        due_date=invoice.due_date,
        today=today or timezone.localdate(),
    )
    outstanding = invoice.payable - credited - paid if invoice.kind == InvoiceKind.INVOICE else ZERO
    return Balance(invoice.payable, credited, paid, max(outstanding, ZERO), status)


def _with_balance(invoices: QuerySet[Invoice], today: dt.date) -> QuerySet[Invoice]:
    paid = (
        Payment.objects.filter(invoice=OuterRef("pk"))
        .values("invoice")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    credited = (
        Invoice.objects.filter(credited_invoice=OuterRef("pk"))
        .values("credited_invoice")
        .annotate(s=Sum("payable"))
        .values("s")
    )
    invoices = invoices.annotate(
        paid_sum=Coalesce(Subquery(paid, output_field=MONEY), Value(ZERO), output_field=MONEY),
        credited_sum=Coalesce(
            Subquery(credited, output_field=MONEY), Value(ZERO), output_field=MONEY
        ),
    ).annotate(outstanding=F("payable") - F("credited_sum") - F("paid_sum"))
    return invoices.annotate(
        status=Case(
            When(kind=InvoiceKind.CREDIT_NOTE, then=Value(PaymentStatus.CREDIT_NOTE.value)),
            When(Q(outstanding__lte=0) & Q(paid_sum__gt=0), then=Value(PaymentStatus.PAID.value)),
            When(outstanding__lte=0, then=Value(PaymentStatus.CREDITED.value)),
            When(due_date__lt=today, then=Value(PaymentStatus.OVERDUE.value)),
            When(paid_sum__gt=0, then=Value(PaymentStatus.PARTLY_PAID.value)),
            default=Value(PaymentStatus.UNPAID.value),
        )
    )


def invoice_list(
    *,
    cooperative_id: int,
    unit_id: int | None = None,
    unit_ids: frozenset[int] | None = None,
    municipality_id: int | None = None,
    status: str = "",
    customer_id: int | None = None,
    today: dt.date | None = None,
) -> QuerySet[Invoice]:
    """Invoices and credit notes, newest first, each annotated with ``paid_sum``,
    ``credited_sum``, ``outstanding`` and ``status``, and with ``signed_net``,
    ``signed_vat`` and ``signed_gross`` (a credit note's amounts negative, so a column
    adds up to what was sold). ``unit_ids`` limits to those units (None: every unit)."""
    invoices = Invoice.objects.filter(cooperative_id=cooperative_id)
    if unit_id is not None:
        invoices = invoices.filter(unit_id=unit_id)
    if municipality_id is not None:
        invoices = invoices.filter(unit__municipality_id=municipality_id)
    if unit_ids is not None:
        invoices = invoices.filter(unit_id__in=unit_ids)
    if customer_id is not None:
        invoices = invoices.filter(customer_id=customer_id)
    # The snapshots are for the document, not for a list of fifty rows.
    invoices = _with_balance(
        invoices.select_related("customer").defer("seller", "buyer", "note"),
        today or timezone.localdate(),
    )
    if status:
        invoices = invoices.filter(Q(("status", status)))  # the annotation above
    credit_note = Q(kind=InvoiceKind.CREDIT_NOTE)
    invoices = invoices.annotate(
        **{
            f"signed_{name}": Case(
                When(credit_note, then=-F(f"{name}_total")),
                default=F(f"{name}_total"),
                output_field=MONEY,
            )
            for name in ("net", "vat", "gross")
        }
    )
    return invoices.order_by("-number")


def invoice_overdue_list(
    *,
    cooperative_id: int,
    unit_id: int | None = None,
    municipality_id: int | None = None,
    today: dt.date | None = None,
) -> QuerySet[Invoice]:
    """Invoices past their due date with something left to pay, the oldest due first."""
    return invoice_list(
        cooperative_id=cooperative_id,
        unit_id=unit_id,
        municipality_id=municipality_id,
        status=PaymentStatus.OVERDUE,
        today=today,
    ).order_by("due_date", "number")


@dataclass(frozen=True)
class ListTotals:
    """What a list of invoices adds up to, over every row the filters let through."""

    count: int
    net: Decimal  # excluding VAT, credit notes subtracted
    vat: Decimal
    gross: Decimal  # including VAT
    outstanding: Decimal  # what the invoices among them still have to be paid


def invoice_list_totals(invoices: QuerySet[Invoice]) -> ListTotals:
    """The sums of a list from ``invoice_list`` (all its pages), in one query."""
    # Spelled out rather than through the ``outstanding`` annotation, which Django leaves
    # out of the inner query when an aggregate refers to it only inside a condition.
    left = F("payable") - F("credited_sum") - F("paid_sum")
    owed = Q(kind=InvoiceKind.INVOICE) & Q(payable__gt=F("credited_sum") + F("paid_sum"))
    row = invoices.order_by().aggregate(
        count=Count("pk"),
        net=Sum("signed_net"),
        vat=Sum("signed_vat"),
        gross=Sum("signed_gross"),
        outstanding=Sum(Case(When(owed, then=left), default=Value(ZERO), output_field=MONEY)),
    )
    return ListTotals(
        count=row["count"] or 0,
        net=row["net"] or ZERO,
        vat=row["vat"] or ZERO,
        gross=row["gross"] or ZERO,
        outstanding=row["outstanding"] or ZERO,
    )


def invoice_by_number(*, cooperative_id: int, number: int) -> Invoice | None:
    return Invoice.objects.filter(cooperative_id=cooperative_id, number=number).first()


def draft_list(*, unit_id: int) -> QuerySet[InvoiceDraft]:
    return InvoiceDraft.objects.filter(unit_id=unit_id).select_related("customer")


def invoice_settings_of(cooperative_id: int) -> InvoiceSettings | None:
    return InvoiceSettings.objects.filter(cooperative_id=cooperative_id).first()


def draft_references(
    *, cooperative_id: int, customer_id: int, work_order_ids: list[int], area_ids: list[int]
) -> tuple[Customer, list[WorkOrder], dict[int, BusinessArea]]:
    """The customer, work orders and business areas an API caller names by id, each of
    this cooperative; a validation error naming the field otherwise."""
    customer = Customer.objects.filter(cooperative_id=cooperative_id, pk=customer_id).first()
    if customer is None:
        raise KoopValidationError(_("No such customer."), field="customer_id")
    orders = list(
        WorkOrder.objects.filter(
            pk__in=work_order_ids, unit__cooperative_id=cooperative_id
        ).order_by("planned_date", "pk")
    )
    if len(orders) != len(set(work_order_ids)):
        raise KoopValidationError(_("No such work order."), field="work_order_ids")
    areas = {
        a.pk: a for a in BusinessArea.objects.filter(cooperative_id=cooperative_id, pk__in=area_ids)
    }
    if set(area_ids) - set(areas):
        raise KoopValidationError(_("No such business area."), field="business_area_id")
    return customer, orders, areas


# --- what a person's home counts -------------------------------------------------------


def drafts_waiting(
    *, cooperative_id: int, unit_ids: Iterable[int] | None
) -> QuerySet[InvoiceDraft]:
    """Drafts not yet issued (an issued draft is gone), the oldest first; of ``unit_ids``,
    or of every unit when None."""
    drafts = InvoiceDraft.objects.filter(cooperative_id=cooperative_id)
    if unit_ids is not None:
        drafts = drafts.filter(unit_id__in=list(unit_ids))
    return drafts.select_related("unit", "customer").order_by("created_at", "pk")


def invoices_overdue(
    *, cooperative_id: int, unit_ids: Iterable[int] | None, today: dt.date
) -> QuerySet[Invoice]:
    """Invoices past their due date with something left to pay, the longest overdue first;
    of ``unit_ids``, or of every unit when None."""
    return (
        invoice_list(
            cooperative_id=cooperative_id,
            unit_ids=frozenset(unit_ids) if unit_ids is not None else None,
            status=PaymentStatus.OVERDUE,
            today=today,
        )
        .select_related("unit")
        .order_by("due_date", "number")
    )


@dataclass(frozen=True)
class OverdueSummary:
    count: int
    outstanding: Decimal


def invoices_overdue_summary(
    *, cooperative_id: int, unit_ids: Iterable[int] | None, today: dt.date
) -> OverdueSummary:
    """How many invoices are overdue and what is left to pay on them, in one query.

    Summed here rather than by ``aggregate()``: Django drops the ``outstanding`` annotation
    from the subquery it aggregates over (SQLite then sums a string to 0)."""
    left = invoices_overdue(
        cooperative_id=cooperative_id, unit_ids=unit_ids, today=today
    ).values_list("outstanding", flat=True)  # type: ignore[misc]  # annotated by invoice_list
    # SQLite computes decimals as floating point: read each back as written, then to öre.
    amounts = [round_money(Decimal(str(amount))) for amount in left]
    return OverdueSummary(count=len(amounts), outstanding=sum(amounts, ZERO))
