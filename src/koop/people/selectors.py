"""Reads of people: who belongs where, and who the acting user is."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, Q, QuerySet

from koop.core.access import Principal, Role
from koop.organisation.models import Cooperative
from koop.people.models import Employment, EmploymentKind, Membership, Person, RoleAssignment


def principal_for_user(user: AbstractBaseUser | AnonymousUser) -> Principal:
    """Everything access rules need about ``user``, in two queries."""
    if not user.is_authenticated:
        return Principal(user_id=None)
    roles: set[Role] = set()
    unit_roles: dict[int, set[Role]] = defaultdict(set)
    for role, unit_id in RoleAssignment.objects.filter(user_id=user.pk).values_list(
        "role", "unit_id"
    ):
        roles.add(Role(role))
        if unit_id is not None:
            unit_roles[unit_id].add(Role(role))
    if getattr(user, "is_superuser", False):
        roles.add(Role.ADMIN)
    person = Person.objects.filter(user_id=user.pk).values("pk", "cooperative_id").first()
    cooperative_id = person["cooperative_id"] if person else None
    if cooperative_id is None:
        first = Cooperative.objects.order_by("pk").values_list("pk", flat=True).first()
        cooperative_id = first
    return Principal(
        user_id=user.pk,
        person_id=person["pk"] if person else None,
        cooperative_id=cooperative_id,
        roles=frozenset(roles),
        unit_roles={unit: frozenset(r) for unit, r in unit_roles.items()},
    )


def _active_on(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": day})
    )


def employments_active(*, cooperative_id: int, on: dt.date) -> QuerySet[Employment]:
    return Employment.objects.filter(_active_on(on), person__cooperative_id=cooperative_id)


def members_active(*, cooperative_id: int, on: dt.date) -> QuerySet[Membership]:
    return Membership.objects.filter(_active_on(on), cooperative_id=cooperative_id)


def person_visible_q(principal: Principal, *, on: dt.date) -> Q:
    """The persons ``principal`` may see: central roles all; others themselves and the
    people currently working in a unit they work in."""
    if principal.is_central:
        return Q(cooperative_id=principal.cooperative_id)
    own = Q(pk=principal.person_id) if principal.person_id else Q(pk__in=[])
    units = principal.staff_unit_ids
    if not units:
        return own
    # Participants are not listed here: their case is need-to-know, kept by its own app.
    colleagues = Q(
        pk__in=Employment.objects.filter(_active_on(on), unit_id__in=units).values("person_id")
    )
    return own | (colleagues & Q(cooperative_id=principal.cooperative_id))


def person_list(*, principal: Principal, on: dt.date, search: str = "") -> QuerySet[Person]:
    current = Employment.objects.filter(_active_on(on)).select_related("unit").order_by("kind")
    people = (
        Person.objects.filter(person_visible_q(principal, on=on))
        .distinct()
        .prefetch_related(Prefetch("employments", queryset=current, to_attr="current_employments"))
        .order_by("last_name", "first_name", "pk")
    )
    if search:
        for word in search.split():
            people = people.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return people


def unit_leaders(*, unit_ids: list[int], on: dt.date) -> dict[int, list[Person]]:
    """The current leader(s) of each unit, from employments as unit leader."""
    leaders: dict[int, list[Person]] = defaultdict(list)
    for employment in (
        Employment.objects.filter(
            _active_on(on), unit_id__in=unit_ids, kind=EmploymentKind.UNIT_LEADER
        )
        .select_related("person")
        .order_by("person__last_name")
    ):
        assert employment.unit_id is not None  # unit roles always have a unit
        leaders[employment.unit_id].append(employment.person)
    return dict(leaders)


def unit_staff(*, unit_id: int, on: dt.date) -> QuerySet[Employment]:
    return (
        Employment.objects.filter(_active_on(on), unit_id=unit_id)
        .select_related("person")
        .order_by("kind", "person__last_name", "person__first_name")
    )
