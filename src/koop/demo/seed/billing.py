"""Demo invoices: the done work orders of the last three years, invoiced and mostly paid.

One invoice per unit, customer and month of work, issued a few days after the month ends
(never after ``ctx.today``), numbered in date order together with a few credit notes.
Rows are inserted final, as the immutability triggers demand: an invoice with its totals,
then exactly its lines and VAT rows, then payments; nothing is updated afterwards except
the work orders, which move from done to invoiced as the work app's rules allow. Each
document is sealed into the series' hash chain in number order before it is inserted.

Keys in ``ctx.data`` filled here: ``invoices`` (list[Invoice], credit notes included)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from koop.billing.calculation import line_net, totals_of, vat_category_for
from koop.billing.chain import seal
from koop.billing.models import (
    Invoice,
    InvoiceKind,
    InvoiceLine,
    InvoiceNumberCounter,
    InvoiceSettings,
    InvoiceVatAmount,
    Payment,
    UnitCode,
)
from koop.billing.payment_refs import ocr_reference
from koop.billing.snapshots import buyer_snapshot, seller_snapshot
from koop.core.chain import GENESIS
from koop.core.money import round_money
from koop.demo.seed.context import SeedContext
from koop.organisation.models import Unit
from koop.work.models import (
    Customer,
    MaterialRow,
    TimeRow,
    WorkOrder,
    WorkOrderStatus,
    WorkOrderStatusChange,
)

BATCH = 2000
DEMO_BANKGIRO = "56781230"  # a well-formed number (Luhn), not a real account
YEARS = 3


@dataclass
class _Line:
    description: str
    quantity: Decimal
    unit_code: str
    unit_price: Decimal
    vat_rate: Decimal
    business_area_id: int
    work_order_id: int | None

    @property
    def net_amount(self) -> Decimal:
        return line_net(self.quantity, self.unit_price)


@dataclass
class _Doc:
    issue_date: dt.date
    unit_id: int
    customer_id: int
    lines: list[_Line]
    orders: list[WorkOrder] = field(default_factory=list)
    credits: _Doc | None = None  # for a credit note: the invoice it credits
    invoice: Invoice | None = None


def _billable(orders: list[WorkOrder]) -> dict[int, list[_Line]]:
    """The lines of each order, as ``work_order_billable_lines`` makes them, in two queries."""
    ids = [o.pk for o in orders]
    area = {o.pk: o.business_area_id for o in orders}
    lines: dict[int, list[_Line]] = defaultdict(list)
    hours: dict[tuple[int, str, Decimal, Decimal], Decimal] = {}
    for i in range(0, len(ids), BATCH):
        chunk = ids[i : i + BATCH]
        rows = (
            TimeRow.objects.filter(work_order_id__in=chunk)
            .values("work_order_id", "description", "hourly_price", "vat_rate")
            .annotate(hours=Sum("hours"))
            .order_by("work_order_id", "description", "hourly_price", "vat_rate")
        )
        for row in rows:
            key = (row["work_order_id"], row["description"], row["hourly_price"], row["vat_rate"])
            hours[key] = row["hours"]
        for m in MaterialRow.objects.filter(work_order_id__in=chunk).order_by("pk"):
            lines[m.work_order_id].append(
                _Line(
                    m.description,
                    m.quantity,
                    UnitCode.EACH,
                    m.unit_price,
                    m.vat_rate,
                    area[m.work_order_id],
                    m.work_order_id,
                )
            )
    for (order_id, description, price, rate), quantity in sorted(hours.items()):
        lines[order_id].insert(
            0, _Line(description, quantity, UnitCode.HOUR, price, rate, area[order_id], order_id)
        )
    return lines


def seed_billing(ctx: SeedContext) -> None:
    coop = ctx.coop
    settings = InvoiceSettings.objects.create(cooperative=coop, bankgiro=DEMO_BANKGIRO)
    since = ctx.today.replace(year=ctx.today.year - YEARS)
    orders = list(
        WorkOrder.objects.filter(
            unit__cooperative=coop,
            status=WorkOrderStatus.DONE,
            planned_date__gte=since,
            planned_date__lt=ctx.today,
        ).order_by("planned_date", "pk")
    )
    billable = _billable(orders)
    groups: dict[tuple[int, int, int, int], list[WorkOrder]] = defaultdict(list)
    for order in orders:
        if billable.get(order.pk):
            key = (
                order.unit_id,
                order.customer_id,
                order.planned_date.year,
                order.planned_date.month,
            )
            groups[key].append(order)

    docs: list[_Doc] = []
    for (unit_id, customer_id, year, month), members in sorted(groups.items()):
        month_end = (dt.date(year, month, 28) + dt.timedelta(days=4)).replace(day=1)
        issue = min(month_end + dt.timedelta(days=ctx.rng.randint(0, 6)), ctx.today)
        lines = [line for o in members for line in billable[o.pk]]
        docs.append(_Doc(issue, unit_id, customer_id, lines, members))
    # A few invoices are credited in full some days later.
    credit_notes = []
    for doc in docs:
        if ctx.rng.random() < 0.02:
            day = min(doc.issue_date + dt.timedelta(days=ctx.rng.randint(3, 20)), ctx.today)
            credit_notes.append(_Doc(day, doc.unit_id, doc.customer_id, doc.lines, credits=doc))
    everything = sorted(docs + credit_notes, key=lambda d: (d.issue_date, d.credits is not None))
    _insert(ctx, settings, everything)
    ctx.data["invoices"] = [d.invoice for d in everything]
    _mark_invoiced(docs)
    _payments(ctx, docs, {id(c.credits) for c in credit_notes})
    InvoiceNumberCounter.objects.create(cooperative=coop, next_number=len(everything) + 1)


def _insert(ctx: SeedContext, settings: InvoiceSettings, docs: list[_Doc]) -> None:
    coop = ctx.coop
    units = {u.pk: u for u in Unit.objects.filter(cooperative=coop)}
    customers = {c.pk: c for c in Customer.objects.filter(cooperative=coop)}
    sellers = {uid: seller_snapshot(coop, settings, u) for uid, u in units.items()}
    now = timezone.now()
    invoices: list[Invoice] = []
    for number, doc in enumerate(docs, start=1):
        customer = customers[doc.customer_id]
        totals = totals_of(doc.lines)
        credit = doc.credits is not None
        terms = 0 if credit else customer.payment_terms_days or settings.payment_terms_days
        dates = [o.planned_date for o in (doc.credits.orders if doc.credits else doc.orders)]
        doc.invoice = Invoice(
            cooperative=coop,
            unit_id=doc.unit_id,
            customer=customer,
            kind=InvoiceKind.CREDIT_NOTE if credit else InvoiceKind.INVOICE,
            number=number,
            issue_date=doc.issue_date,
            due_date=doc.issue_date + dt.timedelta(days=terms),
            period_start=min(dates),
            period_end=max(dates),
            ocr_reference=ocr_reference(str(number)),
            buyer_reference=customer.buyer_reference,
            note=f"Kreditering av faktura {doc.credits.invoice.number}."
            if credit and doc.credits and doc.credits.invoice
            else "",
            seller=sellers[doc.unit_id],
            buyer=buyer_snapshot(customer, buyer_reference=customer.buyer_reference),
            payment_terms_days=terms,
            late_interest_text="" if credit else settings.late_interest_text,
            net_total=totals.net,
            vat_total=totals.vat,
            gross_total=totals.gross,
            rounding=totals.rounding,
            payable=totals.payable,
            line_count=len(doc.lines),
            vat_count=len(totals.vat_lines),
            credited_invoice=doc.credits.invoice if doc.credits else None,
            issued_at=now,
        )
        invoices.append(doc.invoice)
    lines: list[InvoiceLine] = []
    vats: list[InvoiceVatAmount] = []
    original_lines: dict[int, list[InvoiceLine]] = {}
    previous = GENESIS
    for doc in docs:
        assert doc.invoice is not None
        made = []
        made_vats = []
        originals = original_lines.get(id(doc.credits), []) if doc.credits else []
        for no, line in enumerate(doc.lines, start=1):
            made.append(
                InvoiceLine(
                    invoice=doc.invoice,
                    line_no=no,
                    description=line.description[:300],
                    quantity=line.quantity,
                    unit_code=line.unit_code,
                    unit_price=line.unit_price,
                    net_amount=line.net_amount,
                    vat_rate=line.vat_rate,
                    vat_category=vat_category_for(line.vat_rate),
                    business_area_id=line.business_area_id,
                    work_order_id=line.work_order_id,
                    credited_line=originals[no - 1] if originals else None,
                )
            )
        original_lines[id(doc)] = made
        lines.extend(made)
        for position, v in enumerate(totals_of(doc.lines).vat_lines, start=1):
            made_vats.append(
                InvoiceVatAmount(
                    invoice=doc.invoice,
                    position=position,
                    rate=v.rate,
                    category=v.category,
                    taxable_amount=v.taxable_amount,
                    vat_amount=v.vat_amount,
                    exemption_reason="" if v.rate > 0 else settings.vat_exemption_reason,
                )
            )
        vats.extend(made_vats)
        # Sealed in number order, as issuing one by one would.
        seal(doc.invoice, made, made_vats, previous=previous)
        previous = doc.invoice.chain_hash
    # Invoices first: a credit note points at the invoice it credits.
    _bulk(Invoice, [i for i in invoices if i.kind == InvoiceKind.INVOICE])
    _bulk(Invoice, [i for i in invoices if i.kind == InvoiceKind.CREDIT_NOTE])
    # Invoice lines first: a credit note line points at the line it takes back.
    _bulk(InvoiceLine, [line for line in lines if line.credited_line is None])
    _bulk(InvoiceLine, [line for line in lines if line.credited_line is not None])
    _bulk(InvoiceVatAmount, vats)


def _bulk(model: Any, rows: list[Any]) -> None:
    for i in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[i : i + BATCH])


def _mark_invoiced(docs: list[_Doc]) -> None:
    orders: list[WorkOrder] = []
    history: list[WorkOrderStatusChange] = []
    for doc in docs:
        assert doc.invoice is not None
        at = timezone.make_aware(dt.datetime.combine(doc.issue_date, dt.time(9, 0)))
        for order in doc.orders:
            order.status = WorkOrderStatus.INVOICED
            order.invoice_ref = str(doc.invoice.number)
            order.invoiced_at = at
            orders.append(order)
            history.append(
                WorkOrderStatusChange(
                    work_order=order,
                    from_status=WorkOrderStatus.DONE,
                    to_status=WorkOrderStatus.INVOICED,
                    note=f"Faktura {doc.invoice.number}",
                )
            )
    for i in range(0, len(orders), BATCH):
        WorkOrder.objects.bulk_update(
            orders[i : i + BATCH], ["status", "invoice_ref", "invoiced_at"]
        )
    _bulk(WorkOrderStatusChange, history)


def _payments(ctx: SeedContext, docs: list[_Doc], credited: set[int]) -> None:
    """Most invoices paid in full around the due date; some in part; the newest open."""
    payments: list[Payment] = []
    for doc in docs:
        invoice = doc.invoice
        assert invoice is not None
        if id(doc) in credited:
            continue
        draw = ctx.rng.random()
        paid_on = invoice.due_date + dt.timedelta(days=ctx.rng.randint(-12, 10))
        paid_on = max(paid_on, invoice.issue_date)
        if paid_on > ctx.today or draw < 0.04:
            continue  # not paid yet: unpaid, or overdue once the due date has passed
        if draw < 0.09:
            part = round_money(invoice.payable * Decimal(ctx.rng.randint(20, 80)) / 100)
            if part > 0:
                payments.append(
                    Payment(
                        invoice=invoice,
                        paid_on=paid_on,
                        amount=part,
                        reference=f"BG {invoice.ocr_reference}",
                    )
                )
            continue
        if invoice.payable > 0:
            payments.append(
                Payment(
                    invoice=invoice,
                    paid_on=paid_on,
                    amount=invoice.payable,
                    reference=f"BG {invoice.ocr_reference}",
                )
            )
    _bulk(Payment, payments)
