"""Issuing: a draft becomes an invoice with the next number of the series; the draft's
rows are copied into the insert-only invoice tables, sealed into the series' hash chain,
and the draft is removed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.billing.calculation import line_net, totals_of, vat_category_for
from koop.billing.chain import invoice_store
from koop.billing.models import (
    Invoice,
    InvoiceDraft,
    InvoiceDraftLine,
    InvoiceKind,
    InvoiceLine,
    InvoiceSettings,
)
from koop.billing.numbering import number_take
from koop.billing.payment_refs import ocr_reference
from koop.billing.preview import issue_problems, payment_terms_for, settings_problem
from koop.billing.services.common import Actor, _user_or_none
from koop.billing.services.ledger_posting import (
    _post_to_ledger,
    _vat_rows,
)
from koop.billing.snapshots import buyer_snapshot, seller_snapshot
from koop.core.audit import audit_record, snapshot
from koop.core.errors import KoopValidationError
from koop.work.models import WorkOrder
from koop.work.services import work_order_mark_invoiced


def _settings_for(cooperative_id: int) -> InvoiceSettings:
    settings = InvoiceSettings.objects.filter(cooperative_id=cooperative_id).first()
    if settings is None:
        raise KoopValidationError([settings_problem()])
    return settings


def invoice_issue(
    *, draft: InvoiceDraft, acting_user: Actor, issue_date: dt.date | None = None
) -> Invoice:
    """Issue ``draft``: number it, fix its amounts, mark its work orders invoiced."""
    issue_date = issue_date or timezone.localdate()
    with transaction.atomic():
        locked = (
            InvoiceDraft.objects.select_for_update()
            .select_related("customer", "unit", "cooperative")
            .filter(pk=draft.pk)
            .first()
        )
        if locked is None:
            raise KoopValidationError(
                _("This draft no longer exists (it was issued or deleted)."), field="draft"
            )
        draft = locked
        lines = list(draft.lines.order_by("position", "pk"))
        problems = issue_problems(draft, lines, issue_date)
        if problems:
            raise KoopValidationError(problems)
        customer = draft.customer
        settings = _settings_for(draft.cooperative_id)
        priced = [_PricedDraftLine(line) for line in lines]
        totals = totals_of(priced)
        work_orders = _work_orders_of(lines)
        number = number_take(cooperative_id=draft.cooperative_id)
        terms = payment_terms_for(customer, settings)
        invoice = Invoice(
            cooperative=draft.cooperative,
            unit=draft.unit,
            customer=customer,
            kind=InvoiceKind.INVOICE,
            number=number,
            issue_date=issue_date,
            due_date=issue_date + dt.timedelta(days=terms),
            period_start=draft.period_start,
            period_end=draft.period_end,
            ocr_reference=ocr_reference(str(number)),
            buyer_reference=draft.buyer_reference,
            contract_reference=draft.contract_reference,
            note=draft.note,
            seller=seller_snapshot(draft.cooperative, settings, draft.unit),
            buyer=buyer_snapshot(customer, buyer_reference=draft.buyer_reference),
            payment_terms_days=terms,
            late_interest_text=settings.late_interest_text,
            net_total=totals.net,
            vat_total=totals.vat,
            gross_total=totals.gross,
            rounding=totals.rounding,
            payable=totals.payable,
            line_count=len(lines),
            vat_count=len(totals.vat_lines),
            issued_at=timezone.now(),
            issued_by=_user_or_none(acting_user),
        )
        lines_to_store = [
            InvoiceLine(
                invoice=invoice,
                line_no=i,
                description=line.description,
                quantity=line.quantity,
                unit_code=line.unit_code,
                unit_price=line.unit_price,
                net_amount=p.net_amount,
                vat_rate=line.vat_rate,
                vat_category=vat_category_for(line.vat_rate),
                business_area_id=line.business_area_id,
                work_order_id=line.work_order_id,
            )
            for i, (line, p) in enumerate(zip(lines, priced, strict=True), start=1)
        ]
        invoice_lines = invoice_store(
            invoice, lines_to_store, _vat_rows(invoice, totals.vat_lines, settings)
        )
        _post_to_ledger(invoice, invoice_lines, totals.vat_lines, acting_user)
        for order in work_orders:
            work_order_mark_invoiced(
                work_order=order, invoice_ref=str(number), acting_user=acting_user
            )
        audit_record(
            actor=acting_user,
            action="invoice_issue",
            obj=invoice,
            before={"draft": draft.pk},
            after=snapshot(invoice),
        )
        draft.delete()
    return invoice


class _PricedDraftLine:
    def __init__(self, line: InvoiceDraftLine) -> None:
        self.vat_rate = line.vat_rate
        self.net_amount = line_net(line.quantity, line.unit_price)


def _work_orders_of(lines: Iterable[InvoiceDraftLine]) -> list[WorkOrder]:
    ids = sorted({line.work_order_id for line in lines if line.work_order_id is not None})
    return list(WorkOrder.objects.filter(pk__in=ids).order_by("pk"))
