"""Who may see and change people.

Central roles see everyone; others see themselves and the people of the units they work
in. Changing people (and reading a personnummer at all) is for administrators."""

from __future__ import annotations

from django.utils import timezone

from koop.core.access import Principal, Role, found
from koop.people.models import Person
from koop.people.selectors import person_visible_q


def can_change_people(principal: Principal) -> bool:
    return principal.has_any(Role.ADMIN, Role.REGIONAL_MANAGER)


def can_read_self_report(principal: Principal, person: Person) -> bool:
    """Gender and background are for the person themself and the administrators."""
    return principal.is_admin or principal.person_id == person.pk


def access_person(principal: Principal, person_id: int, *, write: bool = False) -> Person:
    today = timezone.localdate()
    person = (
        Person.objects.filter(person_visible_q(principal, on=today), pk=person_id)
        .distinct()
        .first()
        if principal.is_authenticated
        else None
    )
    return found(person, allowed=can_change_people(principal) if write else True)
