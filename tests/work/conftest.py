from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import translation

from koop.organisation.factories import BusinessAreaFactory
from koop.organisation.models import BusinessArea
from koop.people.models import Person
from koop.work.factories import AgreementFactory, CustomerFactory, PriceListItemFactory
from koop.work.models import Agreement, Customer, PriceItemKind, PriceListItem, WorkOrder
from koop.work.services import work_order_create
from tests.personas import World


@dataclass
class WorkWorld:
    world: World
    area: BusinessArea
    area_b: BusinessArea
    customer: Customer
    agreement: Agreement
    service: PriceListItem
    article: PriceListItem

    def order(
        self,
        *,
        unit: str = "a",
        assigned: list[Person] | None = None,
        planned_date: dt.date = dt.date(2025, 3, 3),
        **kwargs: object,
    ) -> WorkOrder:
        w = self.world
        return work_order_create(
            unit=w.unit_a if unit == "a" else w.unit_b,
            business_area=self.area if unit == "a" else self.area_b,
            customer=self.customer,
            description=kwargs.pop("description", "Flytt av kontorsmöbler"),  # type: ignore[arg-type]
            planned_date=planned_date,
            assigned=assigned or [],
            acting_user=w.user("leader" if unit == "a" else "leader_b"),
            **kwargs,  # type: ignore[arg-type]
        )


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are asserted in English, the msgid language; pages default to Swedish."""
    with translation.override("en"):
        yield


@pytest.fixture
def ww(world: World) -> WorkWorld:
    area = world.unit_a.business_areas.get()
    area_b = BusinessAreaFactory(cooperative=world.cooperative, name="Cykel", code="cykel")
    world.unit_b.business_areas.add(area_b)
    customer = CustomerFactory(cooperative=world.cooperative)
    agreement = AgreementFactory(
        cooperative=world.cooperative,
        customer=customer,
        business_area=area,
        units=[world.unit_a],
        valid_from=dt.date(2024, 1, 1),
        valid_to=dt.date(2026, 12, 31),
    )
    service = PriceListItemFactory(agreement=agreement, name="Flyttarbete", price=Decimal("420.00"))
    article = PriceListItemFactory(
        agreement=agreement,
        kind=PriceItemKind.ARTICLE,
        name="Flyttkartong",
        price=Decimal("35.00"),
    )
    return WorkWorld(world, area, area_b, customer, agreement, service, article)
