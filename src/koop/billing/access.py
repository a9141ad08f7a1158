"""Who may see and make invoices.

A unit's leader and cooperators see the unit's invoices; the leader makes them (drafts,
issue, credit notes, payments). Central finance and the administrator see and make
invoices of every unit; the regional manager sees every unit's. The group-wide lists are
for those three central roles (the regional manager's read-only); a unit's people keep
their unit's lists. Participants and the board see none. Everyone else gets 404, the same
as for an invoice that does not exist."""

from __future__ import annotations

from koop.billing.models import Invoice, InvoiceDraft
from koop.core.access import Principal, Role, found, require
from koop.organisation.models import Unit
from koop.work.access import access_work_order
from koop.work.models import WorkOrder


def can_see_unit_invoices(principal: Principal, unit_id: int) -> bool:
    return principal.can_see_unit(unit_id)


def can_invoice_for_every_unit(principal: Principal) -> bool:
    return principal.has_any(Role.ADMIN, Role.FINANCE)


def can_invoice_for_unit(principal: Principal, unit_id: int) -> bool:
    return can_invoice_for_every_unit(principal) or unit_id in principal.led_unit_ids


def can_change_settings(principal: Principal) -> bool:
    return principal.has_any(Role.ADMIN, Role.FINANCE)


def _allowed(principal: Principal, unit_id: int, write: bool) -> bool:
    if write:
        return can_invoice_for_unit(principal, unit_id)
    return can_see_unit_invoices(principal, unit_id)


def access_billing_unit(principal: Principal, unit_id: int, *, write: bool = False) -> Unit:
    """The unit, if ``principal`` may see (or, with ``write``, make) its invoices."""
    unit = Unit.objects.filter(pk=unit_id, cooperative_id=found(principal.cooperative_id)).first()
    return found(unit, allowed=unit is not None and _allowed(principal, unit.pk, write))


def access_invoice(principal: Principal, invoice_id: int, *, write: bool = False) -> Invoice:
    invoice = (
        Invoice.objects.select_related("unit", "customer", "credited_invoice")
        .filter(pk=invoice_id, cooperative_id=found(principal.cooperative_id))
        .first()
    )
    return found(
        invoice, allowed=invoice is not None and _allowed(principal, invoice.unit_id, write)
    )


def access_invoice_draft(
    principal: Principal, draft_id: int, *, write: bool = False
) -> InvoiceDraft:
    draft = (
        InvoiceDraft.objects.select_related("unit", "customer")
        .filter(pk=draft_id, cooperative_id=found(principal.cooperative_id))
        .first()
    )
    return found(draft, allowed=draft is not None and _allowed(principal, draft.unit_id, write))


def access_invoice_settings(principal: Principal, *, write: bool = False) -> None:
    found(principal.cooperative_id)
    require(can_change_settings(principal) if write else principal.is_central)


def can_see_group_invoices(principal: Principal) -> bool:
    return principal.is_central


def access_group_invoices(principal: Principal) -> None:
    """The group-wide invoice lists: every unit's invoices at once."""
    found(principal.cooperative_id)
    require(can_see_group_invoices(principal))


def access_invoiceable_work_order(principal: Principal, work_order_id: int) -> WorkOrder:
    """The work order, if ``principal`` may see it and make invoices in its unit."""
    order = access_work_order(principal, work_order_id)
    require(can_invoice_for_unit(principal, order.unit_id))
    return order
