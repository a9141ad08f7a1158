from __future__ import annotations

from decimal import Decimal

import factory

from koop.billing.models import InvoiceDraft, InvoiceDraftLine, InvoiceSettings, UnitCode
from koop.organisation.factories import BusinessAreaFactory, CooperativeFactory, UnitFactory
from koop.work.factories import CustomerFactory


class InvoiceSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvoiceSettings
        django_get_or_create = ("cooperative",)

    cooperative = factory.SubFactory(CooperativeFactory)
    bankgiro = "56781230"
    payment_terms_days = 30


class InvoiceDraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvoiceDraft

    unit = factory.SubFactory(UnitFactory)
    cooperative = factory.SelfAttribute("unit.cooperative")
    customer = factory.SubFactory(
        CustomerFactory, cooperative=factory.SelfAttribute("..unit.cooperative")
    )
    buyer_reference = factory.SelfAttribute("customer.buyer_reference")


class InvoiceDraftLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvoiceDraftLine

    draft = factory.SubFactory(InvoiceDraftFactory)
    position = factory.Sequence(lambda n: n + 1)
    description = factory.Sequence(lambda n: f"Arbete {n}")
    quantity = Decimal("2.5")
    unit_code = UnitCode.HOUR
    unit_price = Decimal("450.00")
    vat_rate = Decimal("25.00")
    business_area = factory.SubFactory(
        BusinessAreaFactory, cooperative=factory.SelfAttribute("..draft.cooperative")
    )
