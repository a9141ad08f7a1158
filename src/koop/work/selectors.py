"""Reads of customers, agreements and work orders, including what billing may invoice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from koop.core.access import Principal, Role
from koop.organisation.models import Unit
from koop.people.models import Employment, Person, RoleAssignment
from koop.work.models import (
    Agreement,
    AgreementStatus,
    Customer,
    MaterialRow,
    TimeRow,
    WorkOrder,
    WorkOrderStatus,
)

HOURS = "HUR"  # UN/ECE recommendation 20: hour
PIECES = "EA"  # UN/ECE recommendation 20: each


# --- what billing reads ----------------------------------------------------------------


@dataclass(frozen=True)
class BillableLine:
    """One line a done work order contributes to an invoice (prices excl. VAT)."""

    description: str
    quantity: Decimal
    unit_code: str  # "HUR" for hours, "EA" for pieces
    unit_price: Decimal
    vat_rate: Decimal
    work_order_id: int
    business_area_id: int


def work_orders_invoiceable(*, customer_id: int, unit_id: int) -> QuerySet[WorkOrder]:
    """The done, not yet invoiced work orders of one customer in one unit, oldest first."""
    return (
        WorkOrder.objects.filter(
            customer_id=customer_id, unit_id=unit_id, status=WorkOrderStatus.DONE
        )
        .select_related("customer", "agreement", "business_area")
        .order_by("planned_date", "pk")
    )


def work_order_billable_lines(work_order: WorkOrder) -> list[BillableLine]:
    """The invoice lines of ``work_order``: its hours summed per service, price and VAT
    rate, then its material rows one by one. Prices and VAT rates are those the rows were
    registered with (taken from the agreement's price list, or given freely); the unit is
    the price list's (hours for a service, pieces for an article). Works for any state;
    billing calls it for done orders."""
    lines: list[BillableLine] = []
    hours: dict[tuple[str, Decimal, Decimal, str], Decimal] = {}
    time_rows = (
        TimeRow.objects.filter(work_order_id=work_order.pk)
        .select_related("service")
        .order_by("date", "pk")
    )
    for row in time_rows:
        unit_code = row.service.unit_code if row.service is not None else HOURS
        key = (row.description, row.hourly_price, row.vat_rate, unit_code)
        hours[key] = hours.get(key, Decimal(0)) + row.hours
    for (description, price, vat_rate, unit_code), quantity in hours.items():
        lines.append(
            BillableLine(
                description=description,
                quantity=quantity,
                unit_code=unit_code,
                unit_price=price,
                vat_rate=vat_rate,
                work_order_id=work_order.pk,
                business_area_id=work_order.business_area_id,
            )
        )
    material_rows = (
        MaterialRow.objects.filter(work_order_id=work_order.pk)
        .select_related("article")
        .order_by("pk")
    )
    for material in material_rows:
        lines.append(
            BillableLine(
                description=material.description,
                quantity=material.quantity,
                unit_code=material.article.unit_code if material.article is not None else PIECES,
                unit_price=material.unit_price,
                vat_rate=material.vat_rate,
                work_order_id=work_order.pk,
                business_area_id=work_order.business_area_id,
            )
        )
    return lines


# --- customers -------------------------------------------------------------------------


def customer_list(*, cooperative_id: int | None, search: str = "") -> QuerySet[Customer]:
    customers = Customer.objects.filter(cooperative_id=cooperative_id or 0).order_by(
        "name", "department", "pk"
    )
    for word in search.split():
        customers = customers.filter(
            Q(name__icontains=word)
            | Q(department__icontains=word)
            | Q(identity_number__icontains=word)
            | Q(city__icontains=word)
        )
    return customers


# --- agreements ------------------------------------------------------------------------


def agreement_visible_q(principal: Principal) -> Q:
    """Central roles and the board see every agreement; unit staff those covering their unit."""
    if principal.is_central or principal.is_board:
        return Q(cooperative_id=principal.cooperative_id)
    units = principal.staff_unit_ids
    if not units:
        return Q(pk__in=[])
    return Q(cooperative_id=principal.cooperative_id, units__in=units)


def agreement_list(*, principal: Principal, unit_id: int | None = None) -> QuerySet[Agreement]:
    agreements = Agreement.objects.filter(
        pk__in=Agreement.objects.filter(agreement_visible_q(principal)).values("pk")
    )
    if unit_id is not None:
        agreements = agreements.filter(units=unit_id)
    return (
        agreements.select_related("customer", "business_area")
        .prefetch_related("units")
        .order_by("-valid_from", "title", "pk")
    )


def agreements_ending(
    *, principal: Principal, today: dt.date, within_days: int = 60, unit_id: int | None = None
) -> QuerySet[Agreement]:
    """Active agreements ending between ``today`` and ``within_days`` days from it, soonest
    first: the warning list on the agreements page and on a unit's page."""
    return (
        agreement_list(principal=principal, unit_id=unit_id)
        .filter(
            status=AgreementStatus.ACTIVE,
            valid_to__gte=today,
            valid_to__lte=today + dt.timedelta(days=within_days),
        )
        .order_by("valid_to", "title", "pk")
    )


def agreements_for_customer(
    *, customer_id: int | None, unit_id: int, on: dt.date, keep_id: int | None = None
) -> QuerySet[Agreement]:
    """The agreements a work order for ``customer_id`` in ``unit_id`` can be placed under:
    the customer's active agreements covering the unit that have not ended by ``on``, with
    their price lists. ``keep_id``: an agreement an order already has stays a choice."""
    if customer_id is None:
        return Agreement.objects.none()
    current = Q(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on),
        status=AgreementStatus.ACTIVE,
        pk__in=Agreement.objects.filter(units=unit_id).values("pk"),
    )
    if keep_id is not None:
        current |= Q(pk=keep_id)
    return (
        Agreement.objects.filter(current, customer_id=customer_id)
        .select_related("business_area")
        .prefetch_related("price_items")
        .order_by("title", "pk")
    )


# --- work orders -----------------------------------------------------------------------


def work_order_visible_q(principal: Principal) -> Q:
    """Central roles see every unit's orders; unit staff their units'; a participant the
    orders they are assigned to."""
    if not principal.is_authenticated:
        return Q(pk__in=[])
    if principal.is_central:
        # A subquery rather than a join, so a page can be read off the date index.
        return Q(
            unit_id__in=Unit.objects.filter(cooperative_id=principal.cooperative_id or 0).values(
                "pk"
            )
        )
    q = Q(unit_id__in=principal.staff_unit_ids) if principal.staff_unit_ids else Q(pk__in=[])
    if principal.person_id is not None:
        q |= Q(
            pk__in=WorkOrder.assigned.through.objects.filter(person_id=principal.person_id).values(
                "workorder_id"
            )
        )
    return q


def work_order_list(
    *,
    principal: Principal,
    unit_id: int | None = None,
    status: str = "",
    customer_id: int | None = None,
    search: str = "",
) -> QuerySet[WorkOrder]:
    orders = WorkOrder.objects.filter(work_order_visible_q(principal))
    if unit_id is not None:
        orders = orders.filter(unit_id=unit_id)
    if status:
        orders = orders.filter(status=status)
    if customer_id is not None:
        orders = orders.filter(customer_id=customer_id)
    for word in search.split():
        orders = orders.filter(Q(description__icontains=word) | Q(place__icontains=word))
    return orders.select_related("unit", "customer", "business_area").order_by(
        "-planned_date", "-pk"
    )


def work_order_detail(work_order_id: int) -> WorkOrder | None:
    return (
        WorkOrder.objects.filter(pk=work_order_id)
        .select_related("unit", "customer", "business_area", "agreement")
        .prefetch_related(
            Prefetch("assigned", queryset=Person.objects.order_by("last_name", "first_name")),
            Prefetch(
                "time_rows",
                queryset=TimeRow.objects.select_related("person").order_by("date", "pk"),
            ),
            Prefetch("material_rows", queryset=MaterialRow.objects.order_by("pk")),
            "status_changes__by",
        )
        .first()
    )


def unit_calendar(
    *, principal: Principal, unit_id: int, start: dt.date, end: dt.date
) -> QuerySet[WorkOrder]:
    """Planned and ongoing work of one unit between ``start`` and ``end`` (inclusive)."""
    return (
        work_order_list(principal=principal, unit_id=unit_id)
        .filter(
            planned_date__gte=start,
            planned_date__lte=end,
            status__in=[
                WorkOrderStatus.DRAFT,
                WorkOrderStatus.PLANNED,
                WorkOrderStatus.IN_PROGRESS,
                WorkOrderStatus.DONE,
            ],
        )
        .prefetch_related("assigned")
        .order_by("planned_date", "planned_start", "pk")
    )


def unit_people(*, unit_id: int, on: dt.date) -> QuerySet[Person]:
    """Who may be assigned to and register time on a unit's work: its current cooperators
    and leader, and the participants placed there."""
    employed = Employment.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on), unit_id=unit_id, started_on__lte=on
    ).values("person_id")
    participants = RoleAssignment.objects.filter(
        unit_id=unit_id, role=Role.PARTICIPANT.value
    ).values("user_id")
    return Person.objects.filter(Q(pk__in=employed) | Q(user_id__in=participants)).order_by(
        "last_name", "first_name", "pk"
    )


def work_order_totals(work_order: WorkOrder) -> dict[str, Decimal]:
    """Hours and the amount excl. VAT, from the prefetched rows when present."""
    hours = sum((r.hours for r in work_order.time_rows.all()), Decimal(0))
    amount = sum((r.hours * r.hourly_price for r in work_order.time_rows.all()), Decimal(0))
    amount += sum((m.quantity * m.unit_price for m in work_order.material_rows.all()), Decimal(0))
    return {"hours": hours, "amount": amount}


def work_order_status_counts(*, principal: Principal, unit_id: int | None) -> dict[str, int]:
    orders = WorkOrder.objects.filter(work_order_visible_q(principal))
    if unit_id is not None:
        orders = orders.filter(unit_id=unit_id)
    return {
        row["status"]: row["n"]
        for row in orders.values("status").annotate(n=Count("pk")).order_by("status")
    }


# --- what a person's home counts -------------------------------------------------------

# The states a planned day shows (as the unit's calendar): not cancelled, not yet invoiced.
SCHEDULED_STATES = (
    WorkOrderStatus.DRAFT,
    WorkOrderStatus.PLANNED,
    WorkOrderStatus.IN_PROGRESS,
    WorkOrderStatus.DONE,
)


def _units_seen(principal: Principal, unit_ids: Iterable[int] | None) -> Q:
    """What ``principal`` may see, narrowed to ``unit_ids`` (None: every unit they see)."""
    q = work_order_visible_q(principal)
    if unit_ids is not None:
        q &= Q(unit_id__in=list(unit_ids))
    return q


def work_orders_planned(
    *, principal: Principal, unit_ids: Iterable[int] | None, start: dt.date, end: dt.date
) -> QuerySet[WorkOrder]:
    """The work planned from ``start`` to ``end`` (inclusive) in ``unit_ids``, earliest
    first: every state the calendar shows."""
    return (
        WorkOrder.objects.filter(
            _units_seen(principal, unit_ids),
            planned_date__gte=start,
            planned_date__lte=end,
            status__in=SCHEDULED_STATES,
        )
        .select_related("unit", "customer")
        .order_by("planned_date", "planned_start", "pk")
    )


def work_orders_to_invoice(
    *, principal: Principal, unit_ids: Iterable[int] | None
) -> QuerySet[WorkOrder]:
    """Done and not yet invoiced, the oldest first."""
    return (
        WorkOrder.objects.filter(_units_seen(principal, unit_ids), status=WorkOrderStatus.DONE)
        .select_related("unit", "customer")
        .order_by("planned_date", "pk")
    )


def work_orders_assigned(
    *, principal: Principal, start: dt.date, end: dt.date
) -> QuerySet[WorkOrder]:
    """The work ``principal``'s person is assigned to from ``start`` to ``end``."""
    assigned = WorkOrder.assigned.through.objects.filter(person_id=principal.person_id or 0)
    return (
        WorkOrder.objects.filter(
            work_order_visible_q(principal),
            pk__in=assigned.values("workorder_id"),
            planned_date__gte=start,
            planned_date__lte=end,
            status__in=SCHEDULED_STATES,
        )
        .select_related("unit", "customer")
        .order_by("planned_date", "planned_start", "pk")
    )


def time_rows_registered(
    *, principal: Principal, start: dt.date, end: dt.date
) -> QuerySet[TimeRow]:
    """The hours ``principal``'s person registered from ``start`` to ``end``."""
    return (
        TimeRow.objects.filter(person_id=principal.person_id or 0, date__gte=start, date__lte=end)
        .select_related("work_order__unit", "work_order__customer")
        .order_by("date", "pk")
    )


def hours_registered(*, principal: Principal, start: dt.date, end: dt.date) -> Decimal:
    """The sum of ``time_rows_registered`` (0 when there is none)."""
    total = time_rows_registered(principal=principal, start=start, end=end).aggregate(
        total=Sum("hours")
    )["total"]
    # SQLite sums decimals as floating point: back to the column's two decimals.
    return Decimal(total or 0).quantize(Decimal("0.01"))


def agreements_ending_in_units(
    *, principal: Principal, unit_ids: Iterable[int] | None, today: dt.date, within_days: int
) -> QuerySet[Agreement]:
    """``agreements_ending`` narrowed to the agreements covering ``unit_ids``."""
    agreements = agreements_ending(principal=principal, today=today, within_days=within_days)
    if unit_ids is not None:
        agreements = agreements.filter(
            pk__in=Agreement.objects.filter(units__in=list(unit_ids)).values("pk")
        )
    return agreements
