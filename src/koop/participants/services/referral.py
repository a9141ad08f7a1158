"""Registering a participant, their referral and the three-party agreement it opens."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.core.audit import audit_record, snapshot
from koop.core.errors import FieldProblem, KoopValidationError
from koop.core.validation import validate_model
from koop.organisation.models import Cooperative, Municipality, Unit
from koop.participants.models import (
    Agreement,
    AgreementChange,
    AgreementChangeKind,
    ConsentKind,
    Referral,
    ReferringBody,
    SupportKind,
)
from koop.participants.services._common import Actor, user_or_none
from koop.people.models import Person
from koop.people.services import person_create


def participant_register(
    *,
    cooperative: Cooperative,
    first_name: str,
    last_name: str,
    acting_user: Actor,
    personnummer: str | None = None,
    email: str = "",
    phone: str = "",
    street_address: str = "",
    postal_code: str = "",
    city: str = "",
) -> Person:
    """A new participant is a person (the people app checks the personnummer)."""
    return person_create(
        cooperative=cooperative,
        first_name=first_name,
        last_name=last_name,
        personnummer=personnummer,
        email=email,
        phone=phone,
        street_address=street_address,
        postal_code=postal_code,
        city=city,
        acting_user=acting_user,
    )


def referring_body_create(
    *,
    cooperative: Cooperative,
    kind: str,
    name: str,
    acting_user: Actor,
    municipality: Municipality | None = None,
    department: str = "",
    org_number: str = "",
) -> ReferringBody:
    body = ReferringBody(
        cooperative=cooperative,
        kind=kind,
        name=name.strip(),
        municipality=municipality,
        department=department.strip(),
        org_number=org_number.strip(),
    )
    validate_model(body)
    with transaction.atomic():
        body.save()
        audit_record(
            actor=acting_user,
            action="referring_body_create",
            obj=body,
            before=None,
            after=snapshot(body),
        )
    return body


def referral_create(
    *,
    person: Person,
    body: ReferringBody,
    unit: Unit,
    officer_name: str,
    decision_reference: str,
    decision_date: dt.date,
    support_kind: SupportKind,
    starts_on: dt.date,
    ends_on: dt.date,
    hours_per_week: Decimal,
    acting_user: Actor,
    officer_phone: str = "",
    officer_email: str = "",
) -> Agreement:
    """Record the body's decision and open the three-party agreement with ``unit`` on it.

    No consent is recorded here: each party's yes is its own step (``agreement_consent``)."""
    problems: list[FieldProblem] = []
    if body.cooperative_id != person.cooperative_id:
        problems.append(FieldProblem("body", _("The body belongs to another cooperative.")))
    if unit.cooperative_id != person.cooperative_id:
        problems.append(FieldProblem("unit", _("The unit belongs to another cooperative.")))
    if not support_kind.active:
        problems.append(FieldProblem("support_kind", _("This kind of support is no longer used.")))
    if decision_date > starts_on:
        problems.append(
            FieldProblem("decision_date", _("The decision must be taken before the period starts."))
        )
    if problems:
        raise KoopValidationError(problems)
    referral = Referral(
        person=person,
        body=body,
        officer_name=officer_name.strip(),
        officer_phone=officer_phone.strip(),
        officer_email=officer_email.strip(),
        decision_reference=decision_reference.strip(),
        decision_date=decision_date,
        support_kind=support_kind,
        starts_on=starts_on,
        ends_on=ends_on,
        hours_per_week=hours_per_week,
        created_by=user_or_none(acting_user),
    )
    validate_model(referral, exclude=["created_by"])
    with transaction.atomic():
        referral.save()
        agreement = Agreement(
            referral=referral, person=person, unit=unit, starts_on=starts_on, ends_on=ends_on
        )
        validate_model(agreement)
        agreement.save()
        audit_record(
            actor=acting_user,
            action="referral_create",
            obj=referral,
            before=None,
            after=snapshot(referral),
        )
        audit_record(
            actor=acting_user,
            action="agreement_create",
            obj=agreement,
            before=None,
            after=snapshot(agreement),
        )
    return agreement


def agreement_consent(*, agreement: Agreement, kind: ConsentKind, acting_user: Actor) -> Agreement:
    """Record one party's yes: who recorded it and when. A yes once given stays recorded."""
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        field = f"{kind.value}_consent_at"
        if getattr(agreement, field) is not None:
            raise KoopValidationError(_("This consent is already recorded."), field=field)
        before = snapshot(agreement)
        setattr(agreement, field, timezone.now())
        setattr(agreement, f"{kind.value}_consent_by", user_or_none(acting_user))
        agreement.save(update_fields=[field, f"{kind.value}_consent_by"])
        audit_record(
            actor=acting_user,
            action=f"agreement_consent_{kind.value}",
            obj=agreement,
            before=before,
            after=snapshot(agreement),
        )
    return agreement


def agreement_extend(
    *,
    agreement: Agreement,
    new_ends_on: dt.date,
    acting_user: Actor,
    decision_reference: str = "",
    reason: str = "",
) -> Agreement:
    """A new decision by the body lengthens the period; the old end stays in the history."""
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if agreement.ended_early_on is not None:
            raise KoopValidationError(
                _("An agreement that has ended cannot be extended."), field="new_ends_on"
            )
        if new_ends_on <= agreement.ends_on:
            raise KoopValidationError(
                _("An extension ends after %(date)s.") % {"date": agreement.ends_on},
                field="new_ends_on",
            )
        before = snapshot(agreement)
        AgreementChange.objects.create(
            agreement=agreement,
            kind=AgreementChangeKind.EXTENSION,
            previous_ends_on=agreement.ends_on,
            new_ends_on=new_ends_on,
            decision_reference=decision_reference.strip(),
            reason=reason.strip(),
            recorded_by=user_or_none(acting_user),
        )
        agreement.ends_on = new_ends_on
        agreement.save(update_fields=["ends_on"])
        audit_record(
            actor=acting_user,
            action="agreement_extend",
            obj=agreement,
            before=before,
            after=snapshot(agreement),
        )
    return agreement


def agreement_end_early(
    *, agreement: Agreement, ended_on: dt.date, acting_user: Actor, reason: str = ""
) -> Agreement:
    """End the agreement before its period runs out; a placement still open ends with it."""
    from koop.participants.models import Attendance, Placement

    with transaction.atomic():
        Person.objects.select_for_update().get(pk=agreement.person_id)
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if not agreement.starts_on <= ended_on < agreement.ends_on:
            raise KoopValidationError(
                _("An early end lies inside the agreement's period (%(start)s–%(end)s).")
                % {"start": agreement.starts_on, "end": agreement.ends_on},
                field="ended_on",
            )
        if Attendance.objects.filter(agreement=agreement, day__gt=ended_on).exists():
            raise KoopValidationError(
                _("Attendance is recorded after this day; correct it first."), field="ended_on"
            )
        if Placement.objects.filter(agreement=agreement, starts_on__gt=ended_on).exists():
            raise KoopValidationError(_("A placement starts after this day."), field="ended_on")
        before = snapshot(agreement)
        AgreementChange.objects.create(
            agreement=agreement,
            kind=AgreementChangeKind.EARLY_END,
            previous_ends_on=agreement.ends_on,
            new_ends_on=ended_on,
            reason=reason.strip(),
            recorded_by=user_or_none(acting_user),
        )
        agreement.ends_on = ended_on
        agreement.ended_early_on = ended_on
        agreement.save(update_fields=["ends_on", "ended_early_on"])
        for placement in Placement.objects.filter(agreement=agreement).exclude(
            ends_on__lte=ended_on
        ):
            placement.ends_on = ended_on
            placement.save(update_fields=["ends_on"])
        audit_record(
            actor=acting_user,
            action="agreement_end_early",
            obj=agreement,
            before=before,
            after=snapshot(agreement),
        )
    return agreement
