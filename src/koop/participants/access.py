"""Who may see and change participants' data (need-to-know).

- Central roles (administrator, finance, regional manager) see every participant.
- A unit leader sees the participants with an agreement or a placement in a unit they lead;
  a supervisor (handledare) the participants placed with them.
- A cooperator of the unit sees only names and schedules (the list), nothing more.
- A participant sees only themself.
- Anyone else gets 404, the same answer as for a participant that does not exist.

Case files (health, disability, background) are stricter still: only the participant's
current unit leader and supervisor and the logins granted ``CaseReader``."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from koop.core.access import Principal, Role, found, require
from koop.core.errors import NotFound
from koop.organisation.models import Unit
from koop.participants.models import (
    Agreement,
    CaseReader,
    CompensationClaim,
    Placement,
    Referral,
)
from koop.people.models import Person


def participants_q() -> Q:
    """Persons who are (or were) participants: anyone with a referral."""
    return Q(pk__in=Referral.objects.values("person_id"))


def _staff_q(principal: Principal) -> Q:
    """Participants with an agreement or placement in a unit ``principal`` leads, or
    placed with ``principal`` as their supervisor."""
    q = Q(pk__in=[])
    led = principal.led_unit_ids
    if led:
        q |= Q(pk__in=Agreement.objects.filter(unit_id__in=led).values("person_id"))
        q |= Q(pk__in=Placement.objects.filter(unit_id__in=led).values("person_id"))
    if principal.person_id:
        q |= Q(
            pk__in=Placement.objects.filter(supervisor_id=principal.person_id).values("person_id")
        )
    return q


def full_view_q(principal: Principal) -> Q:
    """The participants whose whole record (agreement, attendance, plan) ``principal`` sees."""
    if not principal.is_authenticated:
        return Q(pk__in=[])
    if principal.is_central:
        return participants_q() & Q(cooperative_id=principal.cooperative_id or 0)
    own = Q(pk=principal.person_id) & participants_q() if principal.person_id else Q(pk__in=[])
    return own | _staff_q(principal)


def names_view_q(principal: Principal, *, on: dt.date) -> Q:
    """Participants ``principal`` sees at least by name and schedule: the full view, plus
    those placed now in a unit where ``principal`` works."""
    q = full_view_q(principal)
    units = principal.staff_unit_ids
    if units:
        q |= Q(
            pk__in=Placement.objects.filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=on),
                unit_id__in=units,
                starts_on__lte=on,
            ).values("person_id")
        )
    return q


def can_edit_participants(principal: Principal) -> bool:
    """Who registers participants and referrals: the administrators, the regional manager
    and unit leaders (for their own units)."""
    return principal.has_any(Role.ADMIN, Role.REGIONAL_MANAGER) or bool(principal.led_unit_ids)


def may_write_for(principal: Principal, person: Person) -> bool:
    """Change a participant's agreement, placement, plan: administrators and the regional
    manager, the leader of a unit with their agreement or placement, and their supervisor."""
    if principal.has_any(Role.ADMIN, Role.REGIONAL_MANAGER):
        return True
    return (
        Person.objects.filter(_staff_q(principal), pk=person.pk)
        .exclude(pk=principal.person_id or 0)
        .exists()
    )


def access_participant(principal: Principal, person_id: int, *, write: bool = False) -> Person:
    person = (
        Person.objects.filter(full_view_q(principal), pk=person_id).first()
        if principal.is_authenticated
        else None
    )
    allowed = person is not None and (not write or may_write_for(principal, person))
    return found(person, allowed=allowed)


def access_agreement(principal: Principal, agreement_id: int, *, write: bool = False) -> Agreement:
    agreement = (
        Agreement.objects.select_related("referral", "person", "unit")
        .filter(pk=agreement_id)
        .first()
    )
    require(agreement is not None)
    assert agreement is not None
    access_participant(principal, agreement.person_id, write=write)
    return agreement


def access_referral(principal: Principal, referral_id: int) -> Referral:
    referral = (
        Referral.objects.select_related("body", "support_kind").filter(pk=referral_id).first()
    )
    require(referral is not None)
    assert referral is not None
    access_participant(principal, referral.person_id)
    return referral


def access_placement(principal: Principal, placement_id: int, *, write: bool = False) -> Placement:
    placement = (
        Placement.objects.select_related("unit", "supervisor", "agreement")
        .filter(pk=placement_id)
        .first()
    )
    require(placement is not None)
    assert placement is not None
    access_participant(principal, placement.person_id, write=write)
    return placement


def can_record_cooperative_consent(principal: Principal, agreement: Agreement) -> bool:
    """The cooperative's yes is the unit leader's to give."""
    return agreement.unit_id in principal.led_unit_ids


def access_attendance_unit(principal: Principal, unit_id: int, *, write: bool = False) -> Unit:
    """A unit's attendance grid: its leader and the supervisors working there; central roles
    read it (finance claims on it) and administrators correct it."""
    unit = Unit.objects.filter(pk=unit_id, cooperative_id=principal.cooperative_id or 0).first()
    if unit is None or not principal.is_authenticated:
        raise NotFound
    if unit.pk in principal.led_unit_ids:
        return unit
    if principal.is_central and (not write or principal.is_admin):
        return unit
    supervises = (
        principal.person_id is not None
        and Placement.objects.filter(unit=unit, supervisor_id=principal.person_id).exists()
    )
    return found(unit, allowed=supervises and unit.pk in principal.staff_unit_ids)


def is_case_reader(principal: Principal) -> bool:
    return (
        principal.user_id is not None
        and CaseReader.objects.filter(user_id=principal.user_id).exists()
    )


def can_read_case_file(principal: Principal, person: Person, *, on: dt.date | None = None) -> bool:
    """The participant's current unit leader and supervisor, and the case readers."""
    if not principal.is_authenticated:
        return False
    if is_case_reader(principal):
        return True
    today = on or timezone.localdate()
    current = Placement.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today),
        person=person,
        starts_on__lte=today,
        agreement__ends_on__gte=today,
    )
    if current.filter(
        Q(unit_id__in=principal.led_unit_ids) | Q(supervisor_id=principal.person_id or 0)
    ).exists():
        return True
    if current.exists():
        return False
    # Not placed yet: the leader of the unit whose agreement is running or about to.
    return Agreement.objects.filter(
        person=person,
        unit_id__in=principal.led_unit_ids,
        ends_on__gte=today,
        exit__isnull=True,
    ).exists()


def access_case_file(principal: Principal, person_id: int) -> Person:
    person = Person.objects.filter(
        participants_q(), pk=person_id, cooperative_id=principal.cooperative_id or 0
    ).first()
    allowed = person is not None and can_read_case_file(principal, person)
    return found(person, allowed=allowed)


def can_read_access_log(principal: Principal) -> bool:
    return principal.is_admin


def access_extract(principal: Principal, person_id: int) -> Person:
    """A register extract (GDPR art. 15): for the administrators and the person themself."""
    person = Person.objects.filter(
        pk=person_id, cooperative_id=principal.cooperative_id or 0
    ).first()
    allowed = principal.is_admin or (
        principal.person_id is not None and principal.person_id == person_id
    )
    return found(person, allowed=allowed and principal.is_authenticated)


def access_own_attendance(principal: Principal, person_id: int) -> Person:
    """A participant's own report of absence: only the participant themself, for themself."""
    person = (
        Person.objects.filter(
            participants_q(), pk=person_id, cooperative_id=principal.cooperative_id or 0
        ).first()
        if principal.is_authenticated and principal.person_id == person_id
        else None
    )
    allowed = person is not None and Agreement.objects.filter(person_id=person_id).exists()
    return found(person, allowed=allowed)


def can_read_claims(principal: Principal) -> bool:
    return principal.is_central


def can_change_claims(principal: Principal) -> bool:
    return principal.has_any(Role.ADMIN, Role.FINANCE)


def access_claim(principal: Principal, claim_id: int, *, write: bool = False) -> CompensationClaim:
    claim = (
        CompensationClaim.objects.select_related("body")
        .filter(pk=claim_id, cooperative_id=principal.cooperative_id or 0)
        .first()
    )
    allowed = can_change_claims(principal) if write else can_read_claims(principal)
    return found(claim, allowed=allowed)


def can_see_statistics(principal: Principal) -> bool:
    return principal.is_central or principal.is_board
