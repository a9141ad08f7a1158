"""Changes to work orders and the time and material on them; one transaction and one
audit row each. Customers and agreements change through ``koop.work.customer_services``.

Billing reads done orders through ``koop.work.selectors`` and reports an issued invoice
back through ``work_order_mark_invoiced``; nothing else moves an order to invoiced."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.core.audit import audit_record, snapshot
from koop.core.errors import FieldProblem, KoopValidationError
from koop.core.validation import validate_model
from koop.core.vat import check_vat_rate
from koop.organisation.models import BusinessArea, Unit
from koop.people.models import Person
from koop.work.customer_services import (
    agreement_create,
    agreement_transition,
    customer_create,
    customer_update,
    price_item_add,
)
from koop.work.models import (
    OPEN_STATES,
    TRANSITIONS,
    Agreement,
    AgreementStatus,
    Customer,
    MaterialRow,
    PriceItemKind,
    PriceListItem,
    TimeRow,
    WorkOrder,
    WorkOrderStatus,
    WorkOrderStatusChange,
)
from koop.work.selectors import unit_people

Actor = AbstractBaseUser | AnonymousUser | None

__all__ = [
    "agreement_create",
    "agreement_transition",
    "customer_create",
    "customer_update",
    "material_row_add",
    "price_item_add",
    "time_row_add",
    "work_order_check",
    "work_order_create",
    "work_order_mark_invoiced",
    "work_order_transition",
    "work_order_update",
]

DEFAULT_VAT_RATE = Decimal("25.00")


def _user_or_none(user: Actor) -> Any:
    return user if user is not None and user.is_authenticated else None


def _decimal(value: object, *, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise KoopValidationError(_("Enter a number."), field=field) from None
    if not number.is_finite():
        raise KoopValidationError(_("Enter a number."), field=field)
    return number


T = TypeVar("T")


def _collect(problems: list[FieldProblem], check: Callable[[], T]) -> T | None:
    """``check()``'s value, or None with its problems added to ``problems``."""
    try:
        return check()
    except KoopValidationError as error:
        problems.extend(error.problems)
        return None


def _hours(value: object) -> Decimal:
    hours = _decimal(value, field="hours")
    if hours <= 0:
        raise KoopValidationError(_("Hours must be more than 0."), field="hours")
    if hours > 24:
        raise KoopValidationError(_("Hours cannot exceed 24 in one day."), field="hours")
    return hours


def _quantity(value: object) -> Decimal:
    quantity = _decimal(value, field="quantity")
    if quantity <= 0:
        raise KoopValidationError(_("The quantity must be more than 0."), field="quantity")
    return quantity


def _price(value: object, *, field: str) -> Decimal:
    price = _decimal(value, field=field)
    if price < 0:
        raise KoopValidationError(_("A price cannot be negative."), field=field)
    return price


def _rate(value: object, *, on: dt.date) -> Decimal:
    rate = _decimal(value if value is not None else DEFAULT_VAT_RATE, field="vat_rate")
    return check_vat_rate(rate, on=on)


def _status_label(status: str) -> str:
    return str(WorkOrderStatus(status).label)


# --- billing's interface ---------------------------------------------------------------


def work_order_mark_invoiced(
    *, work_order: WorkOrder, invoice_ref: str, acting_user: Actor
) -> WorkOrder:
    """Record that ``work_order`` is on invoice ``invoice_ref``: done -> invoiced.

    Called by billing inside its own transaction when it issues the invoice, so both
    commit or neither does. An order already invoiced is refused, naming that invoice."""
    invoice_ref = (invoice_ref or "").strip()
    if not invoice_ref:
        raise KoopValidationError(_("An invoice reference is required."), field="invoice_ref")
    with transaction.atomic():
        order = WorkOrder.objects.select_for_update().get(pk=work_order.pk)
        if order.status == WorkOrderStatus.INVOICED:
            raise KoopValidationError(
                _("Work order %(ref)s is already invoiced (invoice %(invoice)s).")
                % {"ref": order.reference, "invoice": order.invoice_ref},
                field="work_order",
            )
        if order.status != WorkOrderStatus.DONE:
            raise KoopValidationError(
                _("Work order %(ref)s is %(status)s; only a done work order can be invoiced.")
                % {"ref": order.reference, "status": _status_label(order.status).lower()},
                field="work_order",
            )
        before = snapshot(order)
        order.status = WorkOrderStatus.INVOICED
        order.invoice_ref = invoice_ref[:40]
        order.invoiced_at = timezone.now()
        order.save(update_fields=["status", "invoice_ref", "invoiced_at"])
        WorkOrderStatusChange.objects.create(
            work_order=order,
            by=_user_or_none(acting_user),
            from_status=WorkOrderStatus.DONE,
            to_status=WorkOrderStatus.INVOICED,
            note=_("Invoice %(invoice)s") % {"invoice": order.invoice_ref},
        )
        audit_record(
            actor=acting_user,
            action="work_order_mark_invoiced",
            obj=order,
            before=before,
            after=snapshot(order),
        )
    work_order.status = order.status
    work_order.invoice_ref = order.invoice_ref
    work_order.invoiced_at = order.invoiced_at
    return order


# --- work orders -----------------------------------------------------------------------


def _work_order_problems(order: WorkOrder, assigned: Iterable[Person] | None) -> list[FieldProblem]:
    """Every rule an order breaks: its own fields (the model's checks) and the rules that
    tie its unit, business area, customer, agreement and people together. Fields missing
    from ``order`` (a form could not read them) are left out of the rules that need them."""
    problems: list[FieldProblem] = []
    if order.business_area_id is None:
        problems.append(FieldProblem("business_area", _("Choose a business area.")))
    try:
        validate_model(order, exclude=["business_area"] if order.business_area_id is None else None)
    except KoopValidationError as error:
        problems.extend(error.problems)
    unit = order.unit
    customer = order.customer if order.customer_id is not None else None
    if customer is not None:
        if customer.cooperative_id != unit.cooperative_id:
            problems.append(
                FieldProblem("customer", _("The customer belongs to another cooperative."))
            )
        elif not customer.active:
            problems.append(FieldProblem("customer", _("The customer is no longer active.")))
    if (
        order.business_area_id is not None
        and not unit.business_areas.filter(pk=order.business_area_id).exists()
    ):
        problems.append(
            FieldProblem(
                "business_area",
                _("%(unit)s does not work in the business area %(area)s.")
                % {"unit": unit.name, "area": order.business_area.name},
            )
        )
    agreement = order.agreement
    if agreement is not None:
        if customer is not None and agreement.customer_id != customer.pk:
            problems.append(FieldProblem("agreement", _("The agreement is with another customer.")))
        if not agreement.units.filter(pk=unit.pk).exists():
            problems.append(
                FieldProblem(
                    "agreement",
                    _("The agreement does not cover the unit %(unit)s.") % {"unit": unit.name},
                )
            )
        if agreement.status in (AgreementStatus.DRAFT, AgreementStatus.CANCELLED):
            problems.append(
                FieldProblem(
                    "agreement",
                    _("The agreement is %(status)s.")
                    % {"status": agreement.get_status_display().lower()},
                )
            )
        ends = agreement.valid_to
        day = order.planned_date
        if day is not None and (day < agreement.valid_from or (ends and day > ends)):
            problems.append(
                FieldProblem(
                    "agreement",
                    _("The agreement is not valid on %(day)s (valid %(start)s – %(end)s).")
                    % {
                        "day": day.isoformat(),
                        "start": agreement.valid_from.isoformat(),
                        "end": ends.isoformat() if ends else "",
                    },
                )
            )
        if (
            order.business_area_id is not None
            and agreement.business_area_id != order.business_area_id
        ):
            problems.append(
                FieldProblem(
                    "business_area",
                    _("The agreement is for the business area %(area)s.")
                    % {"area": agreement.business_area.name},
                )
            )
    if assigned is not None and order.planned_date is not None:
        allowed = set(
            unit_people(unit_id=unit.pk, on=order.planned_date).values_list("pk", flat=True)
        )
        strangers = [p for p in assigned if p.pk not in allowed]
        if strangers:
            problems.append(
                FieldProblem(
                    "assigned",
                    _("Not in the unit's staff or participants: %(names)s.")
                    % {"names": ", ".join(p.full_name for p in strangers)},
                )
            )
    return problems


def _new_order(
    *,
    unit: Unit,
    customer: Customer | None,
    planned_date: dt.date | None,
    description: str = "",
    business_area: BusinessArea | None = None,
    agreement: Agreement | None = None,
    place: str = "",
    planned_start: dt.time | None = None,
    planned_end: dt.time | None = None,
) -> WorkOrder:
    """An unsaved draft order; the business area defaults to the agreement's."""
    if business_area is None and agreement is not None:
        business_area = agreement.business_area
    return WorkOrder(
        unit=unit,
        business_area=business_area,
        customer=customer,
        agreement=agreement,
        description=(description or "").strip(),
        place=(place or "").strip(),
        # None only when a form could not read the date; the checks then report it.
        planned_date=planned_date,  # type: ignore[misc]  # checked, never saved, when None
        planned_start=planned_start,
        planned_end=planned_end,
        status=WorkOrderStatus.DRAFT,
    )


def work_order_check(
    *,
    unit: Unit,
    work_order: WorkOrder | None = None,
    assigned: Iterable[Person] | None = None,
    **fields: Any,
) -> None:
    """One ``KoopValidationError`` naming every problem of the order ``fields`` would make
    in ``unit`` (or, given ``work_order``, what they would make of it); nothing is saved.

    What ``work_order_create`` and ``work_order_update`` check. A form whose own checks
    failed for some fields asks it about the others, so every problem shows at once."""
    unknown = set(fields) - _EDITABLE
    if unknown:
        raise KoopValidationError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    people = list(assigned) if assigned is not None else None
    if work_order is None:
        order = _new_order(
            unit=unit,
            customer=fields.pop("customer", None),
            planned_date=fields.pop("planned_date", None),
            **fields,
        )
    else:
        order = WorkOrder.objects.select_related("unit").get(pk=work_order.pk)
        _apply(order, fields)
        if people is None:
            people = list(order.assigned.all())
    problems = _work_order_problems(order, people)
    if problems:
        raise KoopValidationError(problems)


def work_order_create(
    *,
    unit: Unit,
    customer: Customer,
    description: str,
    planned_date: dt.date,
    acting_user: Actor,
    business_area: BusinessArea | None = None,
    agreement: Agreement | None = None,
    place: str = "",
    planned_start: dt.time | None = None,
    planned_end: dt.time | None = None,
    assigned: Iterable[Person] = (),
    note: str = "",
) -> WorkOrder:
    """A new work order, in draft. The business area defaults to the agreement's."""
    order = _new_order(
        unit=unit,
        customer=customer,
        planned_date=planned_date,
        description=description,
        business_area=business_area,
        agreement=agreement,
        place=place,
        planned_start=planned_start,
        planned_end=planned_end,
    )
    people = list(assigned)
    problems = _work_order_problems(order, people)
    if problems:
        raise KoopValidationError(problems)
    with transaction.atomic():
        order.save()
        order.assigned.set(people)
        WorkOrderStatusChange.objects.create(
            work_order=order,
            by=_user_or_none(acting_user),
            from_status="",
            to_status=WorkOrderStatus.DRAFT,
            note=note[:500],
        )
        audit_record(
            actor=acting_user,
            action="work_order_create",
            obj=order,
            before=None,
            after=snapshot(order),
        )
    return order


_EDITABLE = frozenset(
    {
        "customer",
        "agreement",
        "business_area",
        "description",
        "place",
        "planned_date",
        "planned_start",
        "planned_end",
        "assigned",
    }
)


def work_order_update(*, work_order: WorkOrder, acting_user: Actor, **changes: Any) -> WorkOrder:
    """Change an open work order's details (not its state: see ``work_order_transition``)."""
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise KoopValidationError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        order = WorkOrder.objects.select_for_update().get(pk=work_order.pk)
        _require_open(order)
        before = snapshot(order)
        people = changes.pop("assigned", None)
        _apply(order, changes)
        people_list = list(people) if people is not None else list(order.assigned.all())
        problems = _work_order_problems(order, people_list)
        if problems:
            raise KoopValidationError(problems)
        order.save()
        if people is not None:
            order.assigned.set(people_list)
        audit_record(
            actor=acting_user,
            action="work_order_update",
            obj=order,
            before=before,
            after=snapshot(order),
        )
    return order


def _apply(order: WorkOrder, changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(order, name, value)


def work_order_transition(
    *, work_order: WorkOrder, to: str, acting_user: Actor, note: str = ""
) -> WorkOrder:
    """Move ``work_order`` to state ``to`` if the transitions table allows it."""
    valid = {s.value for s in WorkOrderStatus}
    if to not in valid:
        raise KoopValidationError(
            _("%(to)s is not a work order state (states: %(states)s).")
            % {"to": to, "states": ", ".join(sorted(valid))},
            field="to",
        )
    if to == WorkOrderStatus.INVOICED:
        raise KoopValidationError(
            _("A work order becomes invoiced when an invoice with it is issued."), field="to"
        )
    with transaction.atomic():
        order = WorkOrder.objects.select_for_update().get(pk=work_order.pk)
        current = order.status
        if to not in TRANSITIONS[current]:
            allowed = ", ".join(_status_label(s) for s in sorted(TRANSITIONS[current]))
            raise KoopValidationError(
                _("A work order cannot go from %(from)s to %(to)s (allowed: %(allowed)s).")
                % {
                    "from": _status_label(current),
                    "to": _status_label(to),
                    "allowed": allowed or _("none, the work order is closed"),
                },
                field="to",
            )
        if to == WorkOrderStatus.DONE and not (
            order.time_rows.exists() or order.material_rows.exists()
        ):
            raise KoopValidationError(
                _("Register time or material before marking the work order done."),
                field="to",
            )
        before = snapshot(order)
        order.status = to
        order.save(update_fields=["status"])
        WorkOrderStatusChange.objects.create(
            work_order=order,
            by=_user_or_none(acting_user),
            from_status=current,
            to_status=to,
            note=(note or "")[:500],
        )
        audit_record(
            actor=acting_user,
            action="work_order_transition",
            obj=order,
            before=before,
            after=snapshot(order),
        )
    work_order.status = order.status
    return order


def _require_open(order: WorkOrder) -> None:
    if order.status not in OPEN_STATES:
        raise KoopValidationError(
            _("Work order %(ref)s is %(status)s and can no longer be changed.")
            % {"ref": order.reference, "status": _status_label(order.status).lower()},
            field="work_order",
        )


def _check_row_person(order: WorkOrder, person: Person, day: dt.date) -> None:
    in_unit = unit_people(unit_id=order.unit_id, on=day).filter(pk=person.pk).exists()
    if not in_unit and not order.assigned.filter(pk=person.pk).exists():
        raise KoopValidationError(
            _("%(name)s does not work in %(unit)s and is not assigned to this order.")
            % {"name": person.full_name, "unit": order.unit.name},
            field="person",
        )


def _price_item(order: WorkOrder, item: PriceListItem, *, kind: str, field: str) -> PriceListItem:
    if order.agreement_id is None or item.agreement_id != order.agreement_id:
        raise KoopValidationError(
            _("%(item)s is not on the price list of this work order's agreement.")
            % {"item": item.name},
            field=field,
        )
    if item.kind != kind:
        message = (
            _("%(item)s is not a service billed by the hour.")
            if kind == PriceItemKind.SERVICE
            else _("%(item)s is not an article.")
        )
        raise KoopValidationError(message % {"item": item.name}, field=field)
    return item


def time_row_add(
    *,
    work_order: WorkOrder,
    person: Person,
    date: dt.date,
    hours: Decimal,
    acting_user: Actor,
    service: PriceListItem | None = None,
    description: str = "",
    hourly_price: Decimal | None = None,
    vat_rate: Decimal | None = None,
) -> TimeRow:
    """Hours worked on an open order: priced from a service on the agreement's price list,
    or at a free hourly price. Every problem with the hours, the price and the VAT rate is
    reported at once."""
    problems: list[FieldProblem] = []
    checked_hours = _collect(problems, lambda: _hours(hours))
    if service is not None:
        _collect(
            problems,
            lambda: _price_item(work_order, service, kind=PriceItemKind.SERVICE, field="service"),
        )
        description = description.strip() or service.name
        hourly_price = service.price
        vat_rate = service.vat_rate
    else:
        description = (description or "").strip() or _("Work")
    if service is None and hourly_price is None:
        problems.append(
            FieldProblem(
                "hourly_price", _("Choose a service from the price list or enter an hourly price.")
            )
        )
        price = None
    else:
        price = _collect(problems, lambda: _price(hourly_price, field="hourly_price"))
    rate = _collect(problems, lambda: _rate(vat_rate, on=date))
    if problems:
        raise KoopValidationError(problems)
    # Without problems every check gave its value.
    assert checked_hours is not None
    assert price is not None
    assert rate is not None
    hours = checked_hours
    row = TimeRow(
        work_order=work_order,
        person=person,
        date=date,
        hours=hours,
        service=service,
        description=description[:200],
        hourly_price=price,
        vat_rate=rate,
        created_by=_user_or_none(acting_user),
    )
    validate_model(row, exclude=["work_order"])
    with transaction.atomic():
        order = WorkOrder.objects.select_for_update().get(pk=work_order.pk)
        _require_open(order)
        _check_row_person(order, person, date)
        row.work_order = order
        row.save()
        audit_record(
            actor=acting_user, action="time_row_add", obj=row, before=None, after=snapshot(row)
        )
    return row


def material_row_add(
    *,
    work_order: WorkOrder,
    quantity: Decimal,
    acting_user: Actor,
    article: PriceListItem | None = None,
    description: str = "",
    unit_price: Decimal | None = None,
    vat_rate: Decimal | None = None,
) -> MaterialRow:
    """Material used on an open order: an article from the price list, or free text. Every
    problem with the quantity, the description, the price and the VAT rate is reported at
    once."""
    problems: list[FieldProblem] = []
    checked_quantity = _collect(problems, lambda: _quantity(quantity))
    if article is not None:
        _collect(
            problems,
            lambda: _price_item(work_order, article, kind=PriceItemKind.ARTICLE, field="article"),
        )
        description = (description or "").strip() or article.name
        unit_price = article.price
        vat_rate = article.vat_rate
    else:
        description = (description or "").strip()
        if not description:
            problems.append(
                FieldProblem(
                    "description",
                    _("Choose an article from the price list or describe the material."),
                )
            )
    if unit_price is None:
        problems.append(FieldProblem("unit_price", _("Enter the unit price.")))
        price = None
    else:
        price = _collect(problems, lambda: _price(unit_price, field="unit_price"))
    rate = _collect(problems, lambda: _rate(vat_rate, on=work_order.planned_date))
    if problems:
        raise KoopValidationError(problems)
    assert checked_quantity is not None
    assert price is not None
    assert rate is not None
    quantity = checked_quantity
    row = MaterialRow(
        work_order=work_order,
        article=article,
        description=description[:200],
        quantity=quantity,
        unit_price=price,
        vat_rate=rate,
        created_by=_user_or_none(acting_user),
    )
    validate_model(row, exclude=["work_order"])
    with transaction.atomic():
        order = WorkOrder.objects.select_for_update().get(pk=work_order.pk)
        _require_open(order)
        row.work_order = order
        row.save()
        audit_record(
            actor=acting_user,
            action="material_row_add",
            obj=row,
            before=None,
            after=snapshot(row),
        )
    return row
