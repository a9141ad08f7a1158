from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from koop.participants.models import (
    Agreement,
    BodyKind,
    CompensationBasis,
    CompensationRate,
    Referral,
    ReferringBody,
    SupportKind,
)


class ReferringBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferringBody
        django_get_or_create = ("cooperative", "kind", "name", "department")

    cooperative = factory.SubFactory("koop.organisation.factories.CooperativeFactory")
    kind = BodyKind.EMPLOYMENT_SERVICE
    name = "Arbetsförmedlingen"
    department = ""


def support_kind(code: str = "arbetstraning") -> SupportKind:
    """A kind of support the data migration made."""
    return SupportKind.objects.get(code=code)


class CompensationRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompensationRate

    body_kind = BodyKind.EMPLOYMENT_SERVICE
    support_kind = factory.LazyFunction(support_kind)
    amount = Decimal("5000.00")
    basis = CompensationBasis.PER_MONTH
    valid_from = dt.date(2020, 1, 1)


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    person = factory.SubFactory("koop.people.factories.PersonFactory")
    body = factory.SubFactory(
        ReferringBodyFactory, cooperative=factory.SelfAttribute("..person.cooperative")
    )
    officer_name = "Handläggare Hansson"
    officer_phone = "010-486 00 00"
    decision_reference = factory.Sequence(lambda n: f"AF-{1000 + n}")
    decision_date = factory.LazyAttribute(lambda o: o.starts_on - dt.timedelta(days=7))
    support_kind = factory.LazyFunction(support_kind)
    starts_on = dt.date(2026, 1, 1)
    ends_on = dt.date(2026, 12, 31)
    hours_per_week = Decimal("30.0")


class AgreementFactory(factory.django.DjangoModelFactory):
    """An agreement on a new referral; ``consented=True`` records all three yeses."""

    class Meta:
        model = Agreement

    class Params:
        consented = False

    referral = factory.SubFactory(
        ReferralFactory,
        person=factory.SelfAttribute("..person"),
        starts_on=factory.SelfAttribute("..starts_on"),
        ends_on=factory.SelfAttribute("..ends_on"),
    )
    person = factory.SubFactory("koop.people.factories.PersonFactory")
    unit = factory.SubFactory(
        "koop.organisation.factories.UnitFactory",
        cooperative=factory.SelfAttribute("..person.cooperative"),
    )
    starts_on = dt.date(2026, 1, 1)
    ends_on = dt.date(2026, 12, 31)
    body_consent_at = factory.Maybe(
        "consented", factory.LazyFunction(lambda: dt.datetime(2025, 12, 20, tzinfo=dt.UTC)), None
    )
    cooperative_consent_at = factory.SelfAttribute("body_consent_at")
    participant_consent_at = factory.SelfAttribute("body_consent_at")
