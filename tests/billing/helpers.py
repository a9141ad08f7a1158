from __future__ import annotations

import datetime as dt

from koop.billing.models import Invoice
from koop.billing.services import invoice_draft_add_line, invoice_draft_create, invoice_issue
from koop.work.models import Customer
from tests.billing.conftest import Billing


def issue_free_invoice(
    billing: Billing,
    *,
    lines: tuple[tuple[str, str, str], ...] = (("2", "450.00", "25"), ("3", "19.90", "12")),
    customer: Customer | None = None,
    persona: str = "leader",
    issue_date: dt.date | None = None,
) -> Invoice:
    """An issued invoice of free lines (quantity, unit price, VAT rate) in unit A."""
    user = billing.world.user(persona)
    draft = invoice_draft_create(
        unit=billing.world.unit_a, customer=customer or billing.company, acting_user=user
    )
    for i, (quantity, price, rate) in enumerate(lines, start=1):
        invoice_draft_add_line(
            draft=draft,
            description=f"Rad {i}",
            quantity=quantity,
            unit_price=price,
            vat_rate=rate,
            business_area=billing.area,
            acting_user=user,
        )
    return invoice_issue(draft=draft, acting_user=user, issue_date=issue_date)
