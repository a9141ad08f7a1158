"""Invoice drafts: made, filled from done work orders or free lines, changed, removed.
A draft has no number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, Min
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
from koop.core.validation import control_character_problem, validate_model
from koop.core.vat import check_vat_rate
from koop.organisation.models import BusinessArea, Unit
from koop.work.models import Customer, TimeRow, WorkOrder, WorkOrderStatus
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


def _work_order_problems(
    draft: InvoiceDraft, work_orders: Sequence[WorkOrder], *, field: str = "work_orders"
) -> list[FieldProblem]:
    """Why any of ``work_orders`` cannot go on ``draft``: another customer or unit, not
    done, already invoiced, or already on a draft (a work order is invoiced whole, once)."""
    problems: list[FieldProblem] = []
    already = dict(
        InvoiceDraftLine.objects.filter(work_order__in=[w.pk for w in work_orders])
        .order_by("draft_id")
        .values_list("work_order_id", "draft_id")
    )
    for order in work_orders:
        if order.customer_id != draft.customer_id:
            problems.append(
                FieldProblem(
                    field,
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
                    field,
                    _("Work order %(ref)s belongs to another unit.") % {"ref": order.reference},
                )
            )
        elif order.status == WorkOrderStatus.INVOICED:
            problems.append(
                FieldProblem(
                    field,
                    _("Work order %(ref)s is already invoiced (invoice %(invoice)s).")
                    % {"ref": order.reference, "invoice": order.invoice_ref},
                )
            )
        elif order.status != WorkOrderStatus.DONE:
            problems.append(
                FieldProblem(
                    field,
                    _("Work order %(ref)s is not done yet; only done work is invoiced.")
                    % {"ref": order.reference},
                )
            )
        elif order.pk in already:
            problems.append(
                FieldProblem(
                    field,
                    _("Work order %(ref)s is already on invoice draft %(draft)s.")
                    % {"ref": order.reference, "draft": already[order.pk]},
                )
            )
    return problems


def _locked(work_orders: Sequence[WorkOrder]) -> list[WorkOrder]:
    """``work_orders`` read again under a row lock, in the order given. Two people putting
    the same order on a draft at once queue here, and the second then finds it taken."""
    ids = [o.pk for o in work_orders]
    rows = {
        o.pk: o
        for o in WorkOrder.objects.select_for_update(of=("self",))
        .select_related("agreement")
        .filter(pk__in=ids)
        .order_by("pk")
    }
    return [rows[pk] for pk in ids if pk in rows]


def _add_work_orders(draft: InvoiceDraft, work_orders: Sequence[WorkOrder]) -> None:
    work_orders = _locked(work_orders)
    problems = _work_order_problems(draft, work_orders)
    if problems:
        raise KoopValidationError(problems)
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
    dates = _work_dates(work_orders)
    if dates:
        starts = [d for d in (draft.period_start, min(dates)) if d is not None]
        ends = [d for d in (draft.period_end, max(dates)) if d is not None]
        draft.period_start, draft.period_end = min(starts), max(ends)
        draft.save(update_fields=["period_start", "period_end", "updated_at"])


def _work_dates(work_orders: Sequence[WorkOrder]) -> list[dt.date]:
    """The days the work was done (its time rows' dates; an order without time rows its
    planned date): the supply period the invoice states."""
    spans = {
        order_id: (first, last)
        for order_id, first, last in TimeRow.objects.filter(
            work_order__in=[o.pk for o in work_orders]
        )
        .values("work_order_id")
        .annotate(first=Min("date"), last=Max("date"))
        .values_list("work_order_id", "first", "last")
    }
    dates: list[dt.date] = []
    for order in work_orders:
        dates.extend(spans.get(order.pk, (order.planned_date,)))
    return dates


def invoice_draft_from_work_order(
    *, work_order: WorkOrder, acting_user: Actor, today: dt.date | None = None
) -> InvoiceDraft:
    """Fakturera (invoice) on a done work order: a draft to its customer in its unit with its
    time and material, at the prices and VAT rates the rows were registered with from the
    agreement's price list, in the price list's units; the agreement's procurement
    reference becomes the contract reference.

    Refused, with every reason at once and nothing made, when the order is not done, is
    already invoiced or on a draft, has nothing to invoice, or has a VAT rate that is not
    in force ``today`` (the day the invoice would be dated)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        (order,) = _locked([work_order])
        draft = InvoiceDraft(
            cooperative_id=order.unit.cooperative_id,
            unit_id=order.unit_id,
            customer=order.customer,
        )
        problems = _work_order_problems(draft, [order], field="work_order")
        lines = work_order_billable_lines(order)
        if not lines:
            problems.append(
                FieldProblem(
                    "work_order",
                    _(
                        "Work order %(ref)s has no time or material to invoice, so no draft "
                        "was made: register what was done first."
                    )
                    % {"ref": order.reference},
                )
            )
        for rate in sorted({line.vat_rate for line in lines}):
            try:
                check_vat_rate(rate, on=today, field="work_order")
            except KoopValidationError as error:
                problems.extend(error.problems)
        if problems:
            raise KoopValidationError(problems)
        agreement = order.agreement
        return invoice_draft_create(
            unit=order.unit,
            customer=order.customer,
            work_orders=[order],
            contract_reference=agreement.procurement_reference if agreement else "",
            acting_user=acting_user,
        )


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


def invoice_draft_line_check(
    *,
    draft: InvoiceDraft,
    description: str | None = None,
    quantity: object = None,
    unit_price: object = None,
    vat_rate: object = None,
    business_area: BusinessArea | None = None,
    unit_code: str = UnitCode.EACH,
) -> InvoiceDraftLine:
    """The free line the values would make on ``draft``, checked and not saved; one
    ``KoopValidationError`` naming every problem. What ``invoice_draft_add_line`` checks; a
    form that could not read some fields asks it about the others (those given as None are
    left out), so every problem shows at once."""
    problems: list[FieldProblem] = []
    checked: dict[str, Decimal] = {}
    for name, value, check in (
        ("quantity", quantity, _quantity),
        ("unit_price", unit_price, _price),
        ("vat_rate", vat_rate, _rate),
    ):
        if value is None:
            continue
        try:
            checked[name] = check(value)
        except KoopValidationError as error:
            problems.extend(error.problems)
    if business_area is not None and business_area.cooperative_id != draft.cooperative_id:
        problems.append(FieldProblem("business_area", _("Choose a business area of this group.")))
    control = control_character_problem(description or "", field="description")
    if control is not None:
        problems.append(control)
    # A value missing (or found at fault) stays empty here and is left out of the model's
    # checks below, so it is passed untyped.
    amounts: dict[str, Any] = {
        name: checked.get(name) for name in ("quantity", "unit_price", "vat_rate")
    }
    line = InvoiceDraftLine(
        draft=draft,
        position=1,
        description=(description or "").strip(),
        unit_code=unit_code,
        business_area=business_area,
        **amounts,
    )
    # Fields not given, or already found at fault, are left to the messages above.
    given = {"quantity": quantity, "unit_price": unit_price, "vat_rate": vat_rate}
    skip = {"draft", "position"} | {p.field for p in problems if p.field}
    skip |= {name for name, value in given.items() if value is None}
    if business_area is None:
        skip.add("business_area")
    if description is None:
        skip.add("description")
    try:
        validate_model(line, exclude=sorted(skip))
    except KoopValidationError as error:
        problems.extend(error.problems)
    if problems:
        raise KoopValidationError(problems)
    return line


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
    line = invoice_draft_line_check(
        draft=draft,
        description=description,
        quantity=quantity,
        unit_price=unit_price,
        vat_rate=vat_rate,
        business_area=business_area,
        unit_code=unit_code,
    )
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
