"""Changes to people, memberships, employments and roles; one transaction and one audit row each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.core.access import Role
from koop.core.audit import audit_record, snapshot
from koop.core.errors import KoopValidationError
from koop.core.identifiers import normalise_personnummer
from koop.core.validation import validate_model
from koop.organisation.models import Cooperative, Unit
from koop.people.models import Employment, EmploymentKind, Membership, Person, RoleAssignment

Actor = AbstractBaseUser | AnonymousUser | None

# A snapshot in the audit trail never carries the personnummer in clear.
_AUDIT_EXCLUDE = frozenset({"personnummer"})


def _person_snapshot(person: Person) -> dict[str, object]:
    data = snapshot(person, exclude=_AUDIT_EXCLUDE)
    data["personnummer"] = person.personnummer_masked
    return data


def person_create(
    *,
    cooperative: Cooperative,
    first_name: str,
    last_name: str,
    acting_user: Actor,
    email: str = "",
    phone: str = "",
    street_address: str = "",
    postal_code: str = "",
    city: str = "",
    personnummer: str | None = None,
) -> Person:
    person = Person(
        cooperative=cooperative,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        street_address=street_address,
        postal_code=postal_code,
        city=city,
        personnummer=personnummer.strip() if personnummer else None,
    )
    _clean_person(person)
    with transaction.atomic():
        person.save()
        audit_record(
            actor=acting_user,
            action="person_create",
            obj=person,
            before=None,
            after=_person_snapshot(person),
        )
    return person


def person_update(*, person: Person, acting_user: Actor, **changes: object) -> Person:
    allowed = {
        "first_name",
        "last_name",
        "email",
        "phone",
        "street_address",
        "postal_code",
        "city",
        "personnummer",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise KoopValidationError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(unknown)}
        )
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        before = _person_snapshot(person)
        for name, value in changes.items():
            if name == "personnummer":
                value = value.strip() if isinstance(value, str) and value.strip() else None
            elif isinstance(value, str):
                value = value.strip()
            setattr(person, name, value)
        _clean_person(person)
        person.save()
        audit_record(
            actor=acting_user,
            action="person_update",
            obj=person,
            before=before,
            after=_person_snapshot(person),
        )
    return person


def person_record_self_report(
    *,
    person: Person,
    consent: bool,
    gender: str = "",
    other_background: bool | None = None,
    acting_user: Actor,
) -> Person:
    """Store (with consent) or erase (without) what the person reports about themself."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        before = _person_snapshot(person)
        if consent:
            person.gender = gender
            person.other_background = other_background
            person.self_report_consent_at = timezone.now()
            person.self_report_consent_by_id = (
                acting_user.pk if acting_user is not None and acting_user.is_authenticated else None
            )
        else:
            person.gender = ""
            person.other_background = None
            person.self_report_consent_at = None
            person.self_report_consent_by_id = None
        _clean_person(person)
        person.save()
        audit_record(
            actor=acting_user,
            action="person_record_self_report",
            obj=person,
            before=before,
            after=_person_snapshot(person),
        )
    return person


def _clean_person(person: Person) -> None:
    # The personnummer is normalised before the model is validated, so that the unique
    # constraint compares like with like and a duplicate is reported on its field.
    if person.personnummer:
        try:
            person.personnummer = normalise_personnummer(person.personnummer)
        except ValidationError as error:
            raise KoopValidationError(error.messages[0], field="personnummer") from None
        duplicate = (
            Person.objects.filter(cooperative=person.cooperative, personnummer=person.personnummer)
            .exclude(pk=person.pk)
            .exists()
        )
        if duplicate:
            raise KoopValidationError(
                _("Another person already has this personnummer."), field="personnummer"
            )
    validate_model(person)


def _check_dates(period: Employment | Membership, message: str) -> None:
    # The check constraint's own message names no field; the form shows this one beside it.
    if period.ended_on is not None and period.ended_on < period.started_on:
        raise KoopValidationError(message, field="ended_on")


def membership_start(
    *, person: Person, started_on: dt.date, acting_user: Actor, ended_on: dt.date | None = None
) -> Membership:
    membership = Membership(
        person=person, cooperative=person.cooperative, started_on=started_on, ended_on=ended_on
    )
    _check_dates(membership, _("A membership cannot end before it starts."))
    validate_model(membership)
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=person.pk)  # one membership change at a time
        overlapping = Membership.objects.filter(person=person).exclude(ended_on__lt=started_on)
        if ended_on is not None:
            overlapping = overlapping.exclude(started_on__gt=ended_on)
        if overlapping.exists():
            raise KoopValidationError(
                _("The person is already a member during this period."), field="started_on"
            )
        membership.save()
        audit_record(
            actor=acting_user,
            action="membership_start",
            obj=membership,
            before=None,
            after=snapshot(membership),
        )
    return membership


def membership_end(*, membership: Membership, ended_on: dt.date, acting_user: Actor) -> Membership:
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        before = snapshot(membership)
        membership.ended_on = ended_on
        _check_dates(membership, _("A membership cannot end before it starts."))
        validate_model(membership)
        membership.save()
        audit_record(
            actor=acting_user,
            action="membership_end",
            obj=membership,
            before=before,
            after=snapshot(membership),
        )
    return membership


def employment_create(
    *,
    person: Person,
    kind: str,
    started_on: dt.date,
    acting_user: Actor,
    unit: Unit | None = None,
    ended_on: dt.date | None = None,
    title: str = "",
    wage_step: int = 1,
    hours_per_week: Decimal = Decimal(40),
) -> Employment:
    employment = Employment(
        person=person,
        kind=kind,
        unit=unit,
        started_on=started_on,
        ended_on=ended_on,
        title=title,
        wage_step=wage_step,
        hours_per_week=hours_per_week,
    )
    _check_dates(employment, _("An employment cannot end before it starts."))
    validate_model(employment)
    if unit is not None and unit.cooperative_id != person.cooperative_id:
        raise KoopValidationError(_("The unit belongs to another cooperative."), field="unit")
    if kind != EmploymentKind.CENTRAL and unit is None:
        raise KoopValidationError(_("Choose the unit this employment is in."), field="unit")
    with transaction.atomic():
        employment.save()
        audit_record(
            actor=acting_user,
            action="employment_create",
            obj=employment,
            before=None,
            after=snapshot(employment),
        )
    return employment


def employment_end(*, employment: Employment, ended_on: dt.date, acting_user: Actor) -> Employment:
    with transaction.atomic():
        employment = Employment.objects.select_for_update().get(pk=employment.pk)
        before = snapshot(employment)
        employment.ended_on = ended_on
        _check_dates(employment, _("An employment cannot end before it starts."))
        validate_model(employment)
        employment.save()
        audit_record(
            actor=acting_user,
            action="employment_end",
            obj=employment,
            before=before,
            after=snapshot(employment),
        )
    return employment


def role_assign(
    *, user: AbstractBaseUser, role: Role, unit: Unit | None = None, acting_user: Actor
) -> RoleAssignment:
    assignment = RoleAssignment(user=user, role=role.value, unit=unit)  # type: ignore[misc]
    validate_model(assignment)
    with transaction.atomic():
        assignment.save()
        audit_record(
            actor=acting_user,
            action="role_assign",
            obj=assignment,
            before=None,
            after=snapshot(assignment),
        )
    return assignment


def role_revoke(*, assignment: RoleAssignment, acting_user: Actor) -> None:
    with transaction.atomic():
        before = snapshot(assignment)
        audit_record(
            actor=acting_user, action="role_revoke", obj=assignment, before=before, after=None
        )
        assignment.delete()
