from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from koop.billing.models import Invoice
from koop.billing.services import invoice_draft_add_line, invoice_draft_create, invoice_issue
from koop.work.factories import AgreementFactory, PriceListItemFactory
from koop.work.models import (
    Agreement,
    AgreementKind,
    Customer,
    PriceItemKind,
    PriceListItem,
    WorkOrder,
)
from koop.work.services import (
    material_row_add,
    time_row_add,
    work_order_create,
    work_order_transition,
)
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


@dataclass(frozen=True)
class PricedOrder:
    """A done work order of unit A under an agreement with a price list."""

    order: WorkOrder
    agreement: Agreement
    service: PriceListItem  # 420.00 kr an hour, 25 %
    article: PriceListItem  # 35.00 kr a piece, 25 %


def priced_order(
    billing: Billing,
    *,
    customer: Customer | None = None,
    planned_date: dt.date = dt.date(2025, 3, 3),
    done: bool = True,
) -> PricedOrder:
    """4 h of the agreement's service (2.5 h and 1.5 h), 3 of its articles and 2 rolls of
    tape at a free price, registered through the services, then marked done: 1 824.80 kr
    excl. VAT, 456.20 kr VAT at 25 %."""
    w = billing.world
    leader = w.user("leader")
    customer = customer or billing.municipality
    agreement = AgreementFactory(
        cooperative=w.cooperative,
        customer=customer,
        business_area=billing.area,
        units=[w.unit_a],
        valid_from=dt.date(2024, 1, 1),
        valid_to=None,
        kind=AgreementKind.RESERVED,
        procurement_reference="NK-2024-17",
    )
    service = PriceListItemFactory(agreement=agreement, name="Flyttarbete", price=Decimal("420"))
    article = PriceListItemFactory(
        agreement=agreement, kind=PriceItemKind.ARTICLE, name="Flyttkartong", price=Decimal("35")
    )
    order = work_order_create(
        unit=w.unit_a,
        customer=customer,
        agreement=agreement,
        description="Flytt av kontor",
        planned_date=planned_date,
        acting_user=leader,
    )
    for state in ("planned", "in_progress"):
        work_order_transition(work_order=order, to=state, acting_user=leader)
    for hours in ("2.5", "1.5"):
        time_row_add(
            work_order=order,
            person=w.persons["cooperator"],
            date=planned_date,
            hours=Decimal(hours),
            service=service,
            acting_user=leader,
        )
    material_row_add(work_order=order, article=article, quantity=Decimal(3), acting_user=leader)
    material_row_add(
        work_order=order,
        description="Tejp",
        quantity=Decimal(2),
        unit_price=Decimal("19.90"),
        vat_rate=Decimal("25"),
        acting_user=leader,
    )
    if done:
        work_order_transition(work_order=order, to="done", acting_user=leader)
    order.refresh_from_db()
    return PricedOrder(order, agreement, service, article)
