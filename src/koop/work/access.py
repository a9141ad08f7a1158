"""Who may see and change customers, agreements and work orders.

Customers are shared by the cooperative: everyone who works in it sees them (participants
do not); central roles and unit leaders create and edit them. Agreements are seen by the
central roles, the board and the staff of a unit they cover, and changed by the central
roles and the leaders of a covered unit. Work orders are unit-scoped: the unit's staff and
the central roles see and change them; a participant sees the orders they are assigned to
and may register their own time on them. Everyone else gets 404."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from koop.core.access import Principal, found, require
from koop.core.errors import KoopValidationError
from koop.organisation.models import Unit
from koop.work.models import Agreement, Customer, WorkOrder
from koop.work.selectors import agreement_visible_q, work_order_visible_q


def can_see_customers(principal: Principal) -> bool:
    return (
        principal.is_authenticated and not principal.is_participant_only and bool(principal.roles)
    )


def can_change_customers(principal: Principal) -> bool:
    return principal.is_central or bool(principal.led_unit_ids)


def access_customers(principal: Principal, *, write: bool = False) -> None:
    require(can_change_customers(principal) if write else can_see_customers(principal))


def access_customer(principal: Principal, customer_id: int, *, write: bool = False) -> Customer:
    access_customers(principal, write=write)
    customer = Customer.objects.filter(
        pk=customer_id, cooperative_id=principal.cooperative_id or 0
    ).first()
    return found(customer)


def can_create_agreements(principal: Principal) -> bool:
    return principal.is_central or bool(principal.led_unit_ids)


def access_agreement(principal: Principal, agreement_id: int, *, write: bool = False) -> Agreement:
    agreement = (
        Agreement.objects.filter(agreement_visible_q(principal), pk=agreement_id)
        .select_related("customer", "business_area")
        .distinct()
        .first()
        if principal.is_authenticated
        else None
    )
    allowed = agreement is not None and (not write or can_change_agreement(principal, agreement))
    return found(agreement, allowed=allowed)


def can_change_agreement(principal: Principal, agreement: Agreement) -> bool:
    if principal.is_central:
        return True
    led = principal.led_unit_ids
    return bool(led) and agreement.units.filter(pk__in=led).exists()


def check_agreement_units(principal: Principal, units: Iterable[Unit]) -> None:
    """A unit leader makes agreements only for the units they lead (a form problem, since
    the leader chose the units; the page itself they may open)."""
    if principal.is_central:
        return
    others = [u.name for u in units if u.pk not in principal.led_unit_ids]
    if others:
        raise KoopValidationError(
            _("You can only make agreements for units you lead (not %(units)s).")
            % {"units": ", ".join(others)},
            field="units",
        )


def can_write_unit_work(principal: Principal, unit_id: int) -> bool:
    return principal.is_central or unit_id in principal.staff_unit_ids


def access_unit_work(principal: Principal, unit_id: int) -> Unit:
    """The unit whose work orders ``principal`` may plan and change; else NotFound."""
    unit = Unit.objects.filter(pk=unit_id, cooperative_id=principal.cooperative_id or 0).first()
    return found(unit, allowed=unit is not None and can_write_unit_work(principal, unit.pk))


def work_order_unit_choices(principal: Principal) -> list[tuple[int, str]]:
    """(id, name) of the units ``principal`` may create work orders in."""
    units = Unit.objects.filter(cooperative_id=principal.cooperative_id or 0).order_by("name")
    if not principal.is_central:
        units = units.filter(pk__in=principal.staff_unit_ids)
    return list(units.values_list("pk", "name"))


def work_order_units(principal: Principal) -> list[Unit]:
    """The units ``principal`` may create work orders in."""
    units = Unit.objects.filter(cooperative_id=principal.cooperative_id or 0).order_by("name")
    if not principal.is_central:
        units = units.filter(pk__in=principal.staff_unit_ids)
    return list(units)


def access_work_order(
    principal: Principal, work_order_id: int, *, write: bool = False
) -> WorkOrder:
    """The work order if ``principal`` may see it (``write``: plan and change it)."""
    order = (
        WorkOrder.objects.filter(work_order_visible_q(principal), pk=work_order_id)
        .select_related("unit", "customer", "business_area", "agreement")
        .first()
        if principal.is_authenticated
        else None
    )
    allowed = order is not None and (not write or can_write_unit_work(principal, order.unit_id))
    return found(order, allowed=allowed)


def can_register_time(principal: Principal, order: WorkOrder) -> bool:
    """Unit staff and central roles register anyone's time; an assigned participant their own
    (the order is already visible to them, so being able to see it is enough)."""
    return can_write_unit_work(principal, order.unit_id) or principal.person_id is not None


def check_time_person(
    principal: Principal, order: WorkOrder, person_id: int | None, *, field: str = "person"
) -> None:
    """Unit staff and central roles register anyone's time; others only their own."""
    if can_write_unit_work(principal, order.unit_id):
        return
    if person_id is None or person_id != principal.person_id:
        raise KoopValidationError(_("You can register only your own time."), field=field)
