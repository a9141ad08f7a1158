from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import translation

from koop.billing.factories import InvoiceSettingsFactory
from koop.billing.models import InvoiceSettings
from koop.organisation.factories import BusinessAreaFactory
from koop.organisation.models import BusinessArea
from koop.work.factories import CompanyCustomerFactory, CustomerFactory, WorkOrderFactory
from koop.work.models import Customer, MaterialRow, TimeRow, WorkOrder, WorkOrderStatus
from tests.personas import World

TODAY = dt.date(2025, 3, 14)


@dataclass
class Billing:
    world: World
    settings: InvoiceSettings
    area: BusinessArea
    municipality: Customer  # a public buyer with a buyer reference
    company: Customer

    def done_order(
        self,
        *,
        customer: Customer | None = None,
        unit=None,
        hours: str = "4",  # type: ignore[no-untyped-def]
        price: str = "450.00",
        vat: str = "25.00",
        planned_date: dt.date = dt.date(2025, 3, 3),
    ) -> WorkOrder:
        order = WorkOrderFactory(
            unit=unit or self.world.unit_a,
            business_area=self.area,
            customer=customer or self.municipality,
            status=WorkOrderStatus.IN_PROGRESS,
            planned_date=planned_date,
        )
        TimeRow.objects.create(
            work_order=order,
            person=self.world.persons["cooperator"],
            date=order.planned_date,
            hours=Decimal(hours),
            description="Flytt",
            hourly_price=Decimal(price),
            vat_rate=Decimal(vat),
        )
        MaterialRow.objects.create(
            work_order=order,
            description="Kartonger",
            quantity=Decimal("10"),
            unit_price=Decimal("19.90"),
            vat_rate=Decimal(vat),
        )
        # Time and material go on an open order; then it is done.
        WorkOrder.objects.filter(pk=order.pk).update(status=WorkOrderStatus.DONE)
        order.refresh_from_db()
        return order


@pytest.fixture(autouse=True)
def _english(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Messages are asserted in English (the msgids); Swedish is the site's default."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def billing(world: World) -> Billing:
    area = world.unit_a.business_areas.get()
    return Billing(
        world=world,
        settings=InvoiceSettingsFactory(cooperative=world.cooperative),
        area=area,
        municipality=CustomerFactory(cooperative=world.cooperative),
        company=CompanyCustomerFactory(cooperative=world.cooperative),
    )


@pytest.fixture
def other_area(world: World) -> BusinessArea:
    return BusinessAreaFactory(cooperative=world.cooperative, name="Städ", code="stad")


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    """How many UBL documents the official rules checked in this process (a worker's count
    is not shown under xdist)."""
    from tests.billing.documents.validation import RULE_SETS, TALLY, rule_ids

    if TALLY.documents:
        rules = sum(len(rule_ids(name)) for name in RULE_SETS)
        terminalreporter.write_line(
            f"official Peppol validation: {TALLY.documents} UBL documents against {rules} "
            f"rules, {TALLY.fired_rules} rule contexts fired, "
            f"{TALLY.failed_documents} documents refused"
        )
