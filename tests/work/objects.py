"""Work objects in unit A, made once per world: what the access matrix asks about."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from koop.work.factories import AgreementFactory, CustomerFactory, PriceListItemFactory
from koop.work.models import Agreement, Customer, PriceItemKind, PriceListItem, WorkOrder
from koop.work.services import work_order_create
from tests.personas import World


@dataclass(frozen=True)
class WorkObjects:
    customer: Customer
    agreement: Agreement
    service: PriceListItem
    article: PriceListItem
    order: WorkOrder  # a draft in unit A with the participant assigned


def work_objects(world: World) -> WorkObjects:
    cached = getattr(world, "_work_objects", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    area = world.unit_a.business_areas.get()
    customer = CustomerFactory(cooperative=world.cooperative)
    agreement = AgreementFactory(
        cooperative=world.cooperative,
        customer=customer,
        business_area=area,
        units=[world.unit_a],
        valid_from=dt.date(2020, 1, 1),
        valid_to=None,
    )
    service = PriceListItemFactory(agreement=agreement, name="Flyttarbete", price=Decimal(420))
    article = PriceListItemFactory(
        agreement=agreement, kind=PriceItemKind.ARTICLE, name="Kartong", price=Decimal(35)
    )
    order = work_order_create(
        unit=world.unit_a,
        customer=customer,
        agreement=agreement,
        description="Flytt av kontorsmöbler",
        place="Rådhuset",
        planned_date=dt.date.today(),
        assigned=[world.persons["participant"]],
        acting_user=world.user("leader"),
    )
    objects = WorkObjects(customer, agreement, service, article, order)
    world._work_objects = objects  # type: ignore[attr-defined]
    return objects


# --- for the access matrix -------------------------------------------------------------

# The central roles and every unit leader create and edit customers.
CUSTOMER_EDITORS = frozenset({"admin", "finance", "vd", "leader", "leader_b"})
# Agreements covering unit A: the central roles, the board and unit A's staff.
AGREEMENT_A_READERS = frozenset({"admin", "finance", "vd", "board", "leader", "cooperator"})
AGREEMENT_A_EDITORS = frozenset({"admin", "finance", "vd", "leader"})


def customer_kwargs(w: World) -> dict[str, object]:
    return {"customer_id": work_objects(w).customer.pk}


def agreement_kwargs(w: World) -> dict[str, object]:
    return {"agreement_id": work_objects(w).agreement.pk}


def order_kwargs(w: World) -> dict[str, object]:
    return {"work_order_id": work_objects(w).order.pk}


def customer_data(w: World) -> dict[str, object]:
    return {
        "kind": "company",
        "name": "Hyresbostäder AB",
        "identity_number": "556036-0793",
        "country": "SE",
        "payment_terms_days": 30,
        "active": True,
    }


def customer_patch(w: World) -> dict[str, object]:
    return {"city": "Linköping"}


def agreement_data(w: World) -> dict[str, object]:
    objects = work_objects(w)
    return {
        "kind": "reserved",
        "title": "Städ, reserverat",
        "customer_id": objects.customer.pk,
        "unit_ids": [w.unit_a.pk],
        "business_area_id": objects.agreement.business_area_id,
        "valid_from": "2025-01-01",
        "valid_to": "2027-12-31",
        "procurement_reference": "NK-2024-17",
        "price_items": [{"kind": "service", "name": "Städning", "price": "395", "vat_rate": "25"}],
    }


def order_data(w: World) -> dict[str, object]:
    objects = work_objects(w)
    return {
        "unit_id": w.unit_a.pk,
        "customer_id": objects.customer.pk,
        "agreement_id": objects.agreement.pk,
        "description": "Bortforsling",
        "planned_date": dt.date.today().isoformat(),
    }


def time_data(w: World) -> dict[str, object]:
    """The participant's own hours: staff may register them, and so may the participant."""
    return {
        "person_id": w.persons["participant"].pk,
        "hours": "2.5",
        "service_id": work_objects(w).service.pk,
        "date": dt.date.today().isoformat(),
    }


def time_form_data(w: World) -> dict[str, object]:
    return {
        "person": w.persons["participant"].pk,
        "hours": "2.5",
        "service": work_objects(w).service.pk,
        "date": dt.date.today().isoformat(),
    }


def material_data(w: World) -> dict[str, object]:
    return {"article_id": work_objects(w).article.pk, "quantity": "3"}


def material_form_data(w: World) -> dict[str, object]:
    return {"article": work_objects(w).article.pk, "quantity": "3"}
