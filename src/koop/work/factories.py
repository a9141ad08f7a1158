from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from koop.organisation.factories import BusinessAreaFactory, CooperativeFactory, UnitFactory
from koop.work.models import (
    Agreement,
    AgreementKind,
    Customer,
    CustomerKind,
    MaterialRow,
    PriceItemKind,
    PriceListItem,
    TimeRow,
    WorkOrder,
)


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    cooperative = factory.SubFactory(CooperativeFactory)
    kind = CustomerKind.PUBLIC
    name = "Norrköpings kommun"
    department = factory.Sequence(lambda n: f"Förvaltning {n}")
    identity_number = "212000-0696"
    peppol_id = "0007:2120000696"
    buyer_reference = factory.Sequence(lambda n: f"REF{n:04d}")
    street_address = "Rådhuset"
    postal_code = "601 81"
    city = "Norrköping"
    invoice_email = "faktura@example.se"


class CompanyCustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    cooperative = factory.SubFactory(CooperativeFactory)
    kind = CustomerKind.COMPANY
    name = factory.Sequence(lambda n: f"Företaget {n} AB")
    department = ""
    identity_number = "556036-0793"
    street_address = "Industrigatan 4"
    postal_code = "602 23"
    city = "Norrköping"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    cooperative = factory.SubFactory(CooperativeFactory)
    customer = factory.SubFactory(
        CustomerFactory, cooperative=factory.SelfAttribute("..cooperative")
    )
    kind = AgreementKind.DIRECT
    title = factory.Sequence(lambda n: f"Avtal {n}")
    business_area = factory.SubFactory(
        BusinessAreaFactory, cooperative=factory.SelfAttribute("..cooperative")
    )
    valid_from = dt.date(2020, 1, 1)
    valid_to = None

    @factory.post_generation
    def units(self, create: bool, extracted: list[object] | None, **kwargs: object) -> None:
        if create and extracted:
            self.units.set(extracted)


class PriceListItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceListItem

    agreement = factory.SubFactory(AgreementFactory)
    kind = PriceItemKind.SERVICE
    name = factory.Sequence(lambda n: f"Tjänst {n}")
    price = Decimal("450.00")
    vat_rate = Decimal("25.00")


class WorkOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkOrder
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    business_area = factory.SubFactory(
        BusinessAreaFactory, cooperative=factory.SelfAttribute("..unit.cooperative")
    )
    customer = factory.SubFactory(
        CustomerFactory, cooperative=factory.SelfAttribute("..unit.cooperative")
    )
    description = factory.Sequence(lambda n: f"Uppdrag {n}")
    place = "Storgatan 1"
    planned_date = dt.date(2025, 3, 3)

    @factory.post_generation
    def assigned(self, create: bool, extracted: list[object] | None, **kwargs: object) -> None:
        if create and extracted:
            self.assigned.set(extracted)


class TimeRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeRow

    work_order = factory.SubFactory(WorkOrderFactory)
    person = factory.SubFactory(
        "koop.people.factories.PersonFactory",
        cooperative=factory.SelfAttribute("..work_order.unit.cooperative"),
    )
    date = factory.SelfAttribute("work_order.planned_date")
    hours = Decimal("2.50")
    description = "Arbete"
    hourly_price = Decimal("450.00")
    vat_rate = Decimal("25.00")


class MaterialRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaterialRow

    work_order = factory.SubFactory(WorkOrderFactory)
    description = "Skruv"
    quantity = Decimal("10")
    unit_price = Decimal("2.50")
    vat_rate = Decimal("25.00")


__all__ = [
    "AgreementFactory",
    "CompanyCustomerFactory",
    "CustomerFactory",
    "MaterialRowFactory",
    "PriceListItemFactory",
    "TimeRowFactory",
    "UnitFactory",
    "WorkOrderFactory",
]
