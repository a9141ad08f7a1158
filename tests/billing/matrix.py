"""The billing objects the access matrix asks about, made once per test world in unit A."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from koop.billing.factories import InvoiceSettingsFactory
from koop.billing.models import Invoice, InvoiceDraft
from koop.billing.services import invoice_draft_add_line, invoice_draft_create, invoice_issue
from koop.work.factories import CustomerFactory
from koop.work.models import WorkOrder
from koop.work.services import time_row_add, work_order_create, work_order_transition
from tests.personas import World
from tests.work.objects import work_objects


@dataclass(frozen=True)
class BillingObjects:
    invoice: Invoice
    draft: InvoiceDraft


def billing_objects(w: World) -> BillingObjects:
    """An issued invoice and an open draft (one free line) of unit A."""
    invoice = Invoice.objects.filter(unit=w.unit_a).order_by("pk").first()
    draft = InvoiceDraft.objects.filter(unit=w.unit_a).order_by("pk").first()
    if invoice is not None and draft is not None:
        return BillingObjects(invoice, draft)
    InvoiceSettingsFactory(cooperative=w.cooperative)
    customer = CustomerFactory(cooperative=w.cooperative)  # a public buyer: Peppol
    leader = w.user("leader")
    area = w.unit_a.business_areas.get()
    drafts = []
    for _ in range(2):
        d = invoice_draft_create(unit=w.unit_a, customer=customer, acting_user=leader)
        invoice_draft_add_line(
            draft=d,
            description="Flytt",
            quantity="2",
            unit_price="450",
            vat_rate="25",
            business_area=area,
            acting_user=leader,
        )
        drafts.append(d)
    issued = invoice_issue(draft=drafts[0], acting_user=leader, issue_date=dt.date(2025, 1, 2))
    return BillingObjects(issued, drafts[1])


def invoice_kwargs(w: World) -> dict[str, Any]:
    return {"invoice_id": billing_objects(w).invoice.pk}


def draft_kwargs(w: World) -> dict[str, Any]:
    return {"draft_id": billing_objects(w).draft.pk}


def draft_line_kwargs(w: World) -> dict[str, Any]:
    draft = billing_objects(w).draft
    return {"draft_id": draft.pk, "line_id": draft.lines.get().pk}


def draft_payload(w: World) -> dict[str, Any]:
    customer = billing_objects(w).invoice.customer
    return {
        "unit_id": w.unit_a.pk,
        "customer_id": customer.pk,
        "lines": [
            {
                "description": "Städ",
                "quantity": "3",
                "unit_price": "400",
                "vat_rate": "25",
                "business_area_id": w.unit_a.business_areas.get().pk,
                "unit_code": "HUR",
            }
        ],
    }


def draft_line_form(w: World) -> dict[str, Any]:
    return {
        "description": "Bärhjälp",
        "quantity": "1.5",
        "unit_code": "HUR",
        "unit_price": "400.00",
        "vat_rate": "25.00",
        "business_area": w.unit_a.business_areas.get().pk,
    }


def payment_payload(w: World) -> dict[str, Any]:
    return {"paid_on": "2025-02-01", "amount": "100.00", "reference": "BG"}


def done_order(w: World) -> WorkOrder:
    """A done work order of unit A under its agreement, with time on it and on no draft."""
    cached = getattr(w, "_done_order", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    billing_objects(w)  # the invoice settings
    objects = work_objects(w)
    leader = w.user("leader")
    order = work_order_create(
        unit=w.unit_a,
        customer=objects.customer,
        agreement=objects.agreement,
        description="Tömning av förråd",
        planned_date=dt.date.today(),
        acting_user=leader,
    )
    for state in ("planned", "in_progress"):
        work_order_transition(work_order=order, to=state, acting_user=leader)
    time_row_add(
        work_order=order,
        person=w.persons["cooperator"],
        date=dt.date.today(),
        hours="3",  # type: ignore[arg-type]  # the service reads numbers as typed
        service=objects.service,
        acting_user=leader,
    )
    work_order_transition(work_order=order, to="done", acting_user=leader)
    w._done_order = order  # type: ignore[attr-defined]
    return order


def done_order_kwargs(w: World) -> dict[str, Any]:
    return {"work_order_id": done_order(w).pk}
