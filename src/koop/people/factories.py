from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from koop.organisation.factories import CooperativeFactory
from koop.people.models import Employment, EmploymentKind, Membership, Person, RoleAssignment


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("koop-test")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    cooperative = factory.SubFactory(CooperativeFactory)
    first_name = factory.Sequence(lambda n: f"Förnamn{n}")
    last_name = factory.Sequence(lambda n: f"Efternamn{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    cooperative = factory.SelfAttribute("person.cooperative")
    started_on = dt.date(2020, 1, 1)


class EmploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employment

    person = factory.SubFactory(PersonFactory)
    kind = EmploymentKind.COOPERATOR
    unit = factory.SubFactory("koop.organisation.factories.UnitFactory")
    started_on = dt.date(2020, 1, 1)


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = "cooperator"
    unit = None
