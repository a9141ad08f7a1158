"""The people endpoints, under the same rules as the pages."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.pagination import paginate

from koop.api.schemas import EmploymentOut, PersonOut
from koop.core.access import principal_of
from koop.people.access import access_person
from koop.people.models import Person
from koop.people.selectors import person_list

router = Router(tags=["people"])


def _person_out(person: Person) -> PersonOut:
    employments = getattr(person, "current_employments", None)
    if employments is None:
        today = timezone.localdate()
        employments = [
            e
            for e in person.employments.all()
            if e.started_on <= today and (e.ended_on is None or e.ended_on >= today)
        ]
    return PersonOut(
        id=person.pk,
        first_name=person.first_name,
        last_name=person.last_name,
        email=person.email,
        phone=person.phone,
        personnummer_masked=person.personnummer_masked,
        current_employments=[EmploymentOut.from_orm(e) for e in employments],
    )


@router.get("/people", response=list[PersonOut])
@paginate
def list_people(request: HttpRequest, q: str = "") -> object:
    people = person_list(principal=principal_of(request), on=timezone.localdate(), search=q)
    return [_person_out(p) for p in people]


@router.get("/people/{person_id}", response=PersonOut)
def get_person(request: HttpRequest, person_id: int) -> object:
    return _person_out(access_person(principal_of(request), person_id))
