from __future__ import annotations

import datetime as dt

import factory

from koop.organisation.models import BusinessArea, Cooperative, Municipality, Unit


class CooperativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cooperative
        django_get_or_create = ("org_number",)

    name = "Kooperativtjänst K ekonomisk förening"
    short_name = "Kooptjänst"
    org_number = "769600-0004"  # a valid check digit: services validate it
    vat_number = "SE769600000401"
    street_address = "Storgatan 1"
    postal_code = "602 24"
    city = "Norrköping"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    cooperative = factory.SubFactory(CooperativeFactory)
    name = factory.Sequence(lambda n: f"Kommun {n}")


class BusinessAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessArea

    cooperative = factory.SubFactory(CooperativeFactory)
    name = factory.Sequence(lambda n: f"Affärsområde {n}")
    code = factory.Sequence(lambda n: f"area-{n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    cooperative = factory.SubFactory(CooperativeFactory)
    name = factory.Sequence(lambda n: f"Enhet {n}")
    municipality = factory.SubFactory(
        MunicipalityFactory, cooperative=factory.SelfAttribute("..cooperative")
    )
    cost_centre = factory.Sequence(lambda n: f"{100 + n}")
    started_on = dt.date(2015, 1, 1)
