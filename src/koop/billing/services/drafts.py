"""Invoice drafts: made, filled from done work orders or free lines, changed, removed.
A draft has no number."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.billing.models import (
    InvoiceDraft,
    InvoiceDraftLine,
    UnitCode,
)
from koop.billing.services.common import Actor, _price, _quantity, _rate, _user_or_none
from koop.core.audit import audit_record, snapshot
from koop.core.errors import FieldProblem, KoopValidationError
from koop.core.validation import validate_model
from koop.organisation.models import BusinessArea, Unit
from koop.work.models import Customer, WorkOrder, WorkOrderStatus
from koop.work.selectors import work_order_billable_lines


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
