"""What the work order page offers about invoicing, through work's seam
(``koop.work.invoicing``): "Fakturera" on a done order for those who invoice in its unit,
the draft it is on, or the invoice it went out on. Registered in ``BillingConfig.ready``."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from koop.billing.access import can_invoice_for_unit, can_see_unit_invoices
from koop.billing.models import InvoiceDraftLine, InvoiceKind, InvoiceLine
from koop.core.access import Principal
from koop.work.invoicing import InvoiceStep
from koop.work.models import WorkOrder, WorkOrderStatus


def work_order_invoice_step(principal: Principal, order: WorkOrder) -> InvoiceStep | None:
    if not can_see_unit_invoices(principal, order.unit_id):
        return None
    if order.status == WorkOrderStatus.DONE:
        draft_id = (
            InvoiceDraftLine.objects.filter(work_order_id=order.pk)
            .values_list("draft_id", flat=True)
            .first()
        )
        if draft_id is not None:
            return InvoiceStep(
                label=_("Open invoice draft %(id)s") % {"id": draft_id},
                url=reverse("billing:draft-detail", args=[draft_id]),
                note=_("The work order is on invoice draft %(id)s, not issued yet.")
                % {"id": draft_id},
            )
        if can_invoice_for_unit(principal, order.unit_id):
            return InvoiceStep(
                label=pgettext("button", "Invoice"),
                url=reverse("billing:work-order-invoice", args=[order.pk]),
                post=True,
                note=_(
                    "The work is done: make an invoice draft of its time and material, "
                    "priced from the agreement."
                ),
            )
        return None
    if order.status == WorkOrderStatus.INVOICED:
        issued = (
            InvoiceLine.objects.filter(work_order_id=order.pk, invoice__kind=InvoiceKind.INVOICE)
            .values_list("invoice_id", "invoice__number")
            .first()
        )
        if issued is not None:
            invoice_id, number = issued
            return InvoiceStep(
                label=_("Open invoice %(number)s") % {"number": number},
                url=reverse("billing:invoice-detail", args=[invoice_id]),
                note=_("The work order was invoiced on invoice %(number)s.") % {"number": number},
            )
    return None
