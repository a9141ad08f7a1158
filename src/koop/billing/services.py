"""Changes to billing: settings, drafts, issuing, credit notes and payments.

Each service runs in one transaction and writes its audit row there. Issuing turns a
draft into an invoice: the draft's rows are copied into the insert-only invoice tables
with the next number of the series, and the draft is removed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.billing.calculation import line_net, totals_of, vat_category_for
from koop.billing.models import (
    Invoice,
    InvoiceDraft,
    InvoiceDraftLine,
    InvoiceKind,
    InvoiceLine,
    InvoiceNumberCounter,
    InvoiceSettings,
    InvoiceVatAmount,
    Payment,
    UnitCode,
)
from koop.billing.numbering import counter_ensure, number_take
from koop.billing.payment_refs import normalise_bankgiro, normalise_plusgiro, ocr_reference
from koop.billing.snapshots import buyer_snapshot, seller_snapshot
from koop.core.audit import audit_record, snapshot
from koop.core.errors import FieldProblem, KoopValidationError
from koop.core.money import ZERO, round_money
from koop.core.validation import validate_model
from koop.core.vat import check_vat_rate, vat_rates_on
from koop.organisation.models import BusinessArea, Cooperative, Unit
from koop.work.models import Customer, CustomerKind, WorkOrder, WorkOrderStatus
from koop.work.selectors import work_order_billable_lines
from koop.work.services import work_order_mark_invoiced

Actor = AbstractBaseUser | AnonymousUser | None

__all__ = [
    "credit_note_issue",
    "invoice_draft_add_line",
    "invoice_draft_add_work_orders",
    "invoice_draft_create",
    "invoice_draft_delete",
    "invoice_draft_remove_line",
    "invoice_draft_update",
    "invoice_issue",
    "invoice_settings_save",
    "payment_register",
]


def _user_or_none(user: Actor) -> Any:
    return user if user is not None and user.is_authenticated else None


def _decimal(value: object, *, field: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", ".").replace(" ", ""))
    except (InvalidOperation, ValueError):
        raise KoopValidationError(_("Enter a number."), field=field) from None
    if not number.is_finite():
        raise KoopValidationError(_("Enter a number."), field=field)
    return number


def _quantity(value: object, *, field: str = "quantity") -> Decimal:
    quantity = _decimal(value, field=field)
    if quantity < 0:
        raise KoopValidationError(
            _("A quantity on an invoice cannot be negative: use a credit note to take back."),
            field=field,
        )
    if quantity == 0:
        raise KoopValidationError(_("The quantity must be more than 0."), field=field)
    if quantity != quantity.quantize(Decimal("0.001")):
        raise KoopValidationError(_("Give the quantity with at most 3 decimals."), field=field)
    return quantity


# --- settings --------------------------------------------------------------------------


def invoice_settings_save(
    *, cooperative: Cooperative, acting_user: Actor, **fields: Any
) -> InvoiceSettings:
    """Create or change the cooperative's invoice settings (the first number only until
    an invoice is issued: after that the series is fixed)."""
    with transaction.atomic():
        current = InvoiceSettings.objects.select_for_update().filter(cooperative=cooperative)
        settings = current.first() or InvoiceSettings(cooperative=cooperative)
        before = snapshot(settings) if settings.pk else None
        for name, value in fields.items():
            setattr(settings, name, value)
        validate_model(settings)
        settings.bankgiro = normalise_bankgiro(settings.bankgiro)
        if settings.plusgiro:
            settings.plusgiro = normalise_plusgiro(settings.plusgiro)
        issued = Invoice.objects.filter(cooperative=cooperative).exists()
        if issued and before is not None and before["first_number"] != settings.first_number:
            raise KoopValidationError(
                _("The number series cannot change once invoices have been issued."),
                field="first_number",
            )
        settings.save()
        if not issued:
            counter_ensure(cooperative_id=cooperative.pk)
            InvoiceNumberCounter.objects.filter(cooperative=cooperative).update(
                next_number=settings.first_number
            )
        audit_record(
            actor=acting_user,
            action="invoice_settings_save",
            obj=settings,
            before=before,
            after=snapshot(settings),
        )
    return settings


# --- drafts ----------------------------------------------------------------------------


def invoice_draft_create(
    *,
    unit: Unit,
    customer: Customer,
    acting_user: Actor,
    work_orders: Sequence[WorkOrder] = (),
    buyer_reference: str | None = None,
    contract_reference: str = "",
    note: str = "",
) -> InvoiceDraft:
    """A new draft for ``customer`` in ``unit``, with the lines of ``work_orders`` (done
    work orders of that customer and unit) if any are given."""
    if customer.cooperative_id != unit.cooperative_id:
        raise KoopValidationError(_("Choose a customer of this cooperative."), field="customer")
    draft = InvoiceDraft(
        cooperative_id=unit.cooperative_id,
        unit=unit,
        customer=customer,
        buyer_reference=(
            customer.buyer_reference if buyer_reference is None else buyer_reference
        ).strip(),
        contract_reference=contract_reference.strip(),
        note=note,
        created_by=_user_or_none(acting_user),
    )
    validate_model(draft)
    with transaction.atomic():
        draft.save()
        audit_record(
            actor=acting_user,
            action="invoice_draft_create",
            obj=draft,
            before=None,
            after=snapshot(draft),
        )
        if work_orders:
            _add_work_orders(draft, work_orders)
    return draft


def _check_work_orders(draft: InvoiceDraft, work_orders: Sequence[WorkOrder]) -> None:
    problems: list[FieldProblem] = []
    already = set(
        InvoiceDraftLine.objects.filter(work_order__in=[w.pk for w in work_orders]).values_list(
            "work_order_id", "draft_id"
        )
    )
    for order in work_orders:
        if order.customer_id != draft.customer_id:
            problems.append(
                FieldProblem(
                    "work_orders",
                    _(
                        "Work order %(ref)s is for another customer; an invoice goes to one "
                        "customer only."
                    )
                    % {"ref": order.reference},
                )
            )
        elif order.unit_id != draft.unit_id:
            problems.append(
                FieldProblem(
                    "work_orders",
                    _("Work order %(ref)s belongs to another unit.") % {"ref": order.reference},
                )
            )
        elif order.status == WorkOrderStatus.INVOICED:
            problems.append(
                FieldProblem(
                    "work_orders",
                    _("Work order %(ref)s is already invoiced (invoice %(invoice)s).")
                    % {"ref": order.reference, "invoice": order.invoice_ref},
                )
            )
        elif order.status != WorkOrderStatus.DONE:
            problems.append(
                FieldProblem(
                    "work_orders",
                    _("Work order %(ref)s is not done yet; only done work is invoiced.")
                    % {"ref": order.reference},
                )
            )
        else:
            for order_id, draft_id in already:
                if order_id == order.pk:
                    problems.append(
                        FieldProblem(
                            "work_orders",
                            _("Work order %(ref)s is already on invoice draft %(draft)s.")
                            % {"ref": order.reference, "draft": draft_id},
                        )
                    )
    if problems:
        raise KoopValidationError(problems)


def _add_work_orders(draft: InvoiceDraft, work_orders: Sequence[WorkOrder]) -> None:
    _check_work_orders(draft, work_orders)
    position = _next_position(draft)
    new_lines = []
    for order in work_orders:
        for billable in work_order_billable_lines(order):
            new_lines.append(
                InvoiceDraftLine(
                    draft=draft,
                    position=position,
                    description=f"{order.reference}: {billable.description}"[:300],
                    quantity=billable.quantity,
                    unit_code=billable.unit_code,
                    unit_price=billable.unit_price,
                    vat_rate=billable.vat_rate,
                    business_area_id=billable.business_area_id,
                    work_order_id=billable.work_order_id,
                )
            )
            position += 1
    InvoiceDraftLine.objects.bulk_create(new_lines)
    dates = [o.planned_date for o in work_orders]
    if dates:
        starts = [d for d in (draft.period_start, min(dates)) if d is not None]
        ends = [d for d in (draft.period_end, max(dates)) if d is not None]
        draft.period_start, draft.period_end = min(starts), max(ends)
        draft.save(update_fields=["period_start", "period_end", "updated_at"])


def _next_position(draft: InvoiceDraft) -> int:
    last = draft.lines.aggregate(last=Max("position"))["last"]
    return (last or 0) + 1


def invoice_draft_add_work_orders(
    *, draft: InvoiceDraft, work_orders: Sequence[WorkOrder], acting_user: Actor
) -> InvoiceDraft:
    with transaction.atomic():
        draft = InvoiceDraft.objects.select_for_update().get(pk=draft.pk)
        _add_work_orders(draft, work_orders)
        audit_record(
            actor=acting_user,
            action="invoice_draft_add_work_orders",
            obj=draft,
            before=None,
            after={"work_orders": [o.pk for o in work_orders]},
        )
    return draft


def invoice_draft_add_line(
    *,
    draft: InvoiceDraft,
    description: str,
    quantity: object,
    unit_price: object,
    vat_rate: object,
    business_area: BusinessArea,
    acting_user: Actor,
    unit_code: str = UnitCode.EACH,
) -> InvoiceDraftLine:
    """A free line (not from a work order) on ``draft``."""
    problems: list[FieldProblem] = []
    checked: dict[str, Decimal] = {}
    for name, value, check in (
        ("quantity", quantity, _quantity),
        ("unit_price", unit_price, _price),
        ("vat_rate", vat_rate, _rate),
    ):
        try:
            checked[name] = check(value)
        except KoopValidationError as error:
            problems.extend(error.problems)
    if business_area.cooperative_id != draft.cooperative_id:
        problems.append(FieldProblem("business_area", _("Choose a business area of this group.")))
    if problems:
        raise KoopValidationError(problems)
    line = InvoiceDraftLine(
        draft=draft,
        position=1,
        description=description.strip(),
        quantity=checked["quantity"],
        unit_code=unit_code,
        unit_price=checked["unit_price"],
        vat_rate=checked["vat_rate"],
        business_area=business_area,
    )
    validate_model(line, exclude=["draft", "position"])
    with transaction.atomic():
        InvoiceDraft.objects.select_for_update().filter(pk=draft.pk).exists()
        line.position = _next_position(draft)
        line.save()
        InvoiceDraft.objects.filter(pk=draft.pk).update(updated_at=timezone.now())
        audit_record(
            actor=acting_user,
            action="invoice_draft_add_line",
            obj=draft,
            before=None,
            after=snapshot(line),
        )
    return line


def _price(value: object) -> Decimal:
    price = _decimal(value, field="unit_price")
    if price < 0:
        raise KoopValidationError(_("A unit price cannot be negative."), field="unit_price")
    if price != price.quantize(Decimal("0.01")):
        raise KoopValidationError(_("Give the price in kronor and öre."), field="unit_price")
    return price


def _rate(value: object) -> Decimal:
    rate = _decimal(value, field="vat_rate")
    check_vat_rate(rate, on=timezone.localdate(), field="vat_rate")
    return rate


def invoice_draft_remove_line(*, draft: InvoiceDraft, line_id: int, acting_user: Actor) -> None:
    """Remove one line; removing a work order's line removes all of that order's lines,
    since a work order is invoiced whole."""
    with transaction.atomic():
        line = InvoiceDraftLine.objects.filter(draft=draft, pk=line_id).first()
        if line is None:
            raise KoopValidationError(_("This line is not on the draft."), field="line")
        if line.work_order_id is not None:
            removed = draft.lines.filter(work_order_id=line.work_order_id)
        else:
            removed = draft.lines.filter(pk=line.pk)
        before = [snapshot(r) for r in removed]
        removed.delete()
        audit_record(
            actor=acting_user,
            action="invoice_draft_remove_line",
            obj=draft,
            before={"lines": before},
            after=None,
        )


def invoice_draft_update(
    *, draft: InvoiceDraft, acting_user: Actor, **changes: Any
) -> InvoiceDraft:
    allowed = {"buyer_reference", "contract_reference", "period_start", "period_end", "note"}
    unknown = set(changes) - allowed
    if unknown:
        raise KoopValidationError(_("These cannot be changed here."), field=sorted(unknown)[0])
    with transaction.atomic():
        draft = InvoiceDraft.objects.select_for_update().get(pk=draft.pk)
        before = snapshot(draft)
        for name, value in changes.items():
            setattr(draft, name, value.strip() if isinstance(value, str) else value)
        validate_model(draft)
        draft.save()
        audit_record(
            actor=acting_user,
            action="invoice_draft_update",
            obj=draft,
            before=before,
            after=snapshot(draft),
        )
    return draft


def invoice_draft_delete(*, draft: InvoiceDraft, acting_user: Actor) -> None:
    with transaction.atomic():
        before = snapshot(draft)
        audit_record(
            actor=acting_user,
            action="invoice_draft_delete",
            obj=draft,
            before=before,
            after=None,
        )
        draft.delete()


# --- issuing ---------------------------------------------------------------------------


def _settings_for(cooperative_id: int) -> InvoiceSettings:
    settings = InvoiceSettings.objects.filter(cooperative_id=cooperative_id).first()
    if settings is None:
        raise KoopValidationError(
            _("Invoice settings (bankgiro, terms) are missing; central finance sets them."),
            field="settings",
        )
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
        problems: list[FieldProblem] = []
        if not lines:
            problems.append(
                FieldProblem("lines", _("An empty invoice cannot be issued: add a line first."))
            )
        customer = draft.customer
        if customer.kind == CustomerKind.PUBLIC and not draft.buyer_reference.strip():
            problems.append(
                FieldProblem(
                    "buyer_reference",
                    _(
                        "A public customer needs a buyer reference (Er referens) on the "
                        "invoice; e-invoices without one are sent back."
                    ),
                )
            )
        in_force = set(vat_rates_on(issue_date))
        for rate in sorted({line.vat_rate for line in lines}):
            if Decimal(rate) in in_force:
                continue
            try:
                check_vat_rate(rate, on=issue_date)
            except KoopValidationError as error:
                problems.extend(error.problems)
        if problems:
            raise KoopValidationError(problems)
        settings = _settings_for(draft.cooperative_id)
        priced = [_PricedDraftLine(line) for line in lines]
        totals = totals_of(priced)
        work_orders = _work_orders_of(lines)
        number = number_take(cooperative_id=draft.cooperative_id)
        terms = customer.payment_terms_days or settings.payment_terms_days
        invoice = Invoice.objects.create(
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
        invoice_lines = InvoiceLine.objects.bulk_create(
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
        )
        _store_vat(invoice, totals.vat_lines, settings)
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


def _post_to_ledger(
    invoice: Invoice,
    lines: Iterable[InvoiceLine],
    vat_lines: Iterable[Any],
    acting_user: Actor,
) -> None:
    """Post the document's voucher in the ledger, in the issuing transaction.

    ``lines`` are the document's lines as just stored (read again they are the same)."""
    from koop.ledger.services import voucher_post_sale

    revenue: dict[tuple[int | None, Decimal], Decimal] = {}
    for line in lines:
        key = (line.business_area_id, line.vat_rate)
        revenue[key] = revenue.get(key, ZERO) + line.net_amount
    voucher_post_sale(
        cooperative=invoice.cooperative,
        voucher_date=invoice.issue_date,
        unit=invoice.unit,
        reference=str(invoice.number),
        text=f"{invoice.get_kind_display()} {invoice.number} {invoice.buyer.get('name', '')}",
        receivable=invoice.payable,
        revenue=[
            (area, rate, net)
            for (area, rate), net in sorted(
                revenue.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1])
            )
        ],
        vat=[(v.rate, v.vat_amount) for v in vat_lines],
        credit_note=invoice.kind == InvoiceKind.CREDIT_NOTE,
        acting_user=acting_user,
    )


def _post_payment_to_ledger(payment: Payment, invoice: Invoice, acting_user: Actor) -> None:
    """Post the payment's voucher (bank against receivables) in the registering transaction."""
    from koop.ledger.services import voucher_post_payment

    voucher_post_payment(
        cooperative=invoice.cooperative,
        voucher_date=payment.paid_on,
        unit=invoice.unit,
        reference=str(invoice.number),
        text=f"{_('Payment')} {invoice.number} {invoice.buyer.get('name', '')}".strip(),
        amount=payment.amount,
        acting_user=acting_user,
        payment_key=str(payment.pk),
    )


def _store_vat(invoice: Invoice, vat_lines: Iterable[Any], settings: InvoiceSettings) -> None:
    InvoiceVatAmount.objects.bulk_create(
        InvoiceVatAmount(
            invoice=invoice,
            position=i,
            rate=v.rate,
            category=v.category,
            taxable_amount=v.taxable_amount,
            vat_amount=v.vat_amount,
            exemption_reason="" if v.rate > 0 else settings.vat_exemption_reason,
        )
        for i, v in enumerate(vat_lines, start=1)
    )


# --- credit notes ----------------------------------------------------------------------


def credited_quantities(invoice: Invoice) -> dict[int, Decimal]:
    """Per line id of ``invoice``: how much of it credit notes have taken back so far."""
    rows = (
        InvoiceLine.objects.filter(credited_line__invoice=invoice)
        .values("credited_line_id")
        .annotate(total=Sum("quantity"))
    )
    return {r["credited_line_id"]: r["total"] for r in rows}


def credit_note_issue(
    *,
    invoice: Invoice,
    acting_user: Actor,
    quantities: Mapping[int, object] | None = None,
    reason: str = "",
    issue_date: dt.date | None = None,
) -> Invoice:
    """A credit note for ``invoice``: of everything not yet credited (``quantities`` None)
    or of the given quantity per invoice line id. Numbered in the same series."""
    issue_date = issue_date or timezone.localdate()
    with transaction.atomic():
        # Locking the original serialises credit notes of one invoice, so two cannot
        # both take back what is left.
        original = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if original.kind != InvoiceKind.INVOICE:
            raise KoopValidationError(
                _("A credit note cannot itself be credited."), field="invoice"
            )
        lines = list(original.lines.order_by("line_no"))
        taken = credited_quantities(original)
        wanted = _credit_quantities(lines, taken, quantities)
        settings = _settings_for(original.cooperative_id)
        new_lines: list[InvoiceLine] = []
        for line, quantity in wanted:
            remaining = line.quantity - taken.get(line.pk, ZERO)
            if quantity == remaining:
                # Taking back the rest takes back the rest of the amount too, so a line
                # credited in parts adds up to exactly what was invoiced.
                credited_net = (
                    InvoiceLine.objects.filter(credited_line=line).aggregate(s=Sum("net_amount"))[
                        "s"
                    ]
                    or ZERO
                )
                net = line.net_amount - credited_net
            else:
                net = line_net(quantity, line.unit_price)
            new_lines.append(
                InvoiceLine(
                    line_no=len(new_lines) + 1,
                    description=line.description,
                    quantity=quantity,
                    unit_code=line.unit_code,
                    unit_price=line.unit_price,
                    net_amount=max(net, ZERO),
                    vat_rate=line.vat_rate,
                    vat_category=line.vat_category,
                    business_area_id=line.business_area_id,
                    work_order_id=line.work_order_id,
                    credited_line=line,
                )
            )
        totals = totals_of(new_lines)
        number = number_take(cooperative_id=original.cooperative_id)
        note = _("Credit note for invoice %(number)s of %(date)s.") % {
            "number": original.number,
            "date": original.issue_date.isoformat(),
        }
        credit = Invoice.objects.create(
            cooperative=original.cooperative,
            unit=original.unit,
            customer_id=original.customer_id,
            kind=InvoiceKind.CREDIT_NOTE,
            number=number,
            issue_date=issue_date,
            due_date=issue_date,
            period_start=original.period_start,
            period_end=original.period_end,
            ocr_reference=ocr_reference(str(number)),
            buyer_reference=original.buyer_reference,
            contract_reference=original.contract_reference,
            note="\n".join(part for part in (note, reason.strip()) if part),
            seller=seller_snapshot(original.cooperative, settings, original.unit),
            buyer=original.buyer,
            payment_terms_days=0,
            late_interest_text="",
            net_total=totals.net,
            vat_total=totals.vat,
            gross_total=totals.gross,
            rounding=totals.rounding,
            payable=totals.payable,
            line_count=len(new_lines),
            vat_count=len(totals.vat_lines),
            credited_invoice=original,
            issued_at=timezone.now(),
            issued_by=_user_or_none(acting_user),
        )
        for line in new_lines:
            line.invoice = credit
        InvoiceLine.objects.bulk_create(new_lines)
        _store_vat(credit, totals.vat_lines, settings)
        _post_to_ledger(credit, new_lines, totals.vat_lines, acting_user)
        audit_record(
            actor=acting_user,
            action="credit_note_issue",
            obj=credit,
            before={"invoice": original.pk},
            after=snapshot(credit),
        )
    return credit


def _credit_quantities(
    lines: Sequence[InvoiceLine],
    taken: Mapping[int, Decimal],
    quantities: Mapping[int, object] | None,
) -> list[tuple[InvoiceLine, Decimal]]:
    by_id = {line.pk: line for line in lines}
    if quantities is None:
        wanted = [
            (line, line.quantity - taken.get(line.pk, ZERO))
            for line in lines
            if line.quantity - taken.get(line.pk, ZERO) > 0
        ]
        if not wanted:
            raise KoopValidationError(_("This invoice is already credited in full."), field="lines")
        return wanted
    problems: list[FieldProblem] = []
    chosen: list[tuple[InvoiceLine, Decimal]] = []
    for line_id, raw in quantities.items():
        line = by_id.get(int(line_id))
        field = f"lines.{line_id}"
        if line is None:
            problems.append(FieldProblem(field, _("This line is not on the invoice.")))
            continue
        if raw in (None, "", 0, "0"):
            continue
        try:
            quantity = _quantity(raw, field=field)
        except KoopValidationError as error:
            problems.extend(error.problems)
            continue
        remaining = line.quantity - taken.get(line.pk, ZERO)
        if quantity > remaining:
            problems.append(
                FieldProblem(
                    field,
                    _(
                        "Line %(line)s: at most %(left)s is left to credit "
                        "(invoiced %(invoiced)s, credited %(credited)s)."
                    )
                    % {
                        "line": line.line_no,
                        "left": remaining.normalize(),
                        "invoiced": line.quantity.normalize(),
                        "credited": taken.get(line.pk, ZERO).normalize(),
                    },
                )
            )
            continue
        chosen.append((line, quantity))
    if problems:
        raise KoopValidationError(problems)
    if not chosen:
        raise KoopValidationError(
            _("Choose at least one line and quantity to credit."), field="lines"
        )
    return sorted(chosen, key=lambda pair: pair[0].line_no)


# --- payments --------------------------------------------------------------------------


def payment_register(
    *,
    invoice: Invoice,
    paid_on: dt.date,
    amount: object,
    acting_user: Actor,
    reference: str = "",
) -> Payment:
    """Register a payment (full or partial) against ``invoice``; never more than is owed."""
    from koop.billing.selectors import invoice_balance

    value = _decimal(amount, field="amount")
    problems: list[FieldProblem] = []
    if value <= 0:
        problems.append(FieldProblem("amount", _("A payment is more than 0.")))
    elif value != round_money(value):
        problems.append(FieldProblem("amount", _("Give the amount in kronor and öre.")))
    if paid_on > timezone.localdate():
        problems.append(FieldProblem("paid_on", _("A payment date cannot be in the future.")))
    if problems:
        raise KoopValidationError(problems)
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if locked.kind != InvoiceKind.INVOICE:
            raise KoopValidationError(
                _("Payments are registered against invoices, not credit notes."),
                field="invoice",
            )
        if paid_on < locked.issue_date:
            raise KoopValidationError(
                _("The payment date is before the invoice date."), field="paid_on"
            )
        owed = invoice_balance(locked).outstanding
        if value > owed:
            raise KoopValidationError(
                _("%(amount)s is more than is owed on this invoice (%(owed)s).")
                % {"amount": value, "owed": owed},
                field="amount",
            )
        payment = Payment(
            invoice=locked,
            paid_on=paid_on,
            amount=value,
            reference=reference.strip(),
            registered_by=_user_or_none(acting_user),
        )
        validate_model(payment, exclude=["registered_by"])
        payment.save()
        _post_payment_to_ledger(payment, locked, acting_user)
        audit_record(
            actor=acting_user,
            action="payment_register",
            obj=payment,
            before=None,
            after=snapshot(payment),
        )
    return payment
