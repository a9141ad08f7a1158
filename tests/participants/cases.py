"""A participant's whole case, built around the ``participant`` persona of the test world.

Unit A's leader is the participant's supervisor, so the persona ``cooperator`` (same unit,
not supervising) shows what a colleague sees: names and schedules only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from koop.participants.factories import AgreementFactory, CompensationRateFactory
from koop.participants.models import (
    Agreement,
    Attendance,
    CompensationClaim,
    Placement,
    ScheduleDay,
)
from koop.participants.services import (
    case_file_write,
    exit_record,
    goal_add,
    meeting_record,
    step_add,
)
from koop.participants.services.claims import claim_compute
from tests.personas import World

WEEKDAYS = {0: Decimal(6), 1: Decimal(6), 2: Decimal(6), 3: Decimal(6), 4: Decimal(4)}


@dataclass
class Case:
    person_id: int
    agreement: Agreement
    pending: Agreement  # a second referral with no consent yet
    placement: Placement
    claim: CompensationClaim
    goal_id: int = 0
    step_id: int = 0


def place(
    agreement: Agreement, *, supervisor_id: int, starts_on: dt.date, ends_on: dt.date | None = None
) -> Placement:
    placement = Placement.objects.create(
        agreement=agreement,
        person_id=agreement.person_id,
        unit_id=agreement.unit_id,
        supervisor_id=supervisor_id,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    ScheduleDay.objects.bulk_create(
        ScheduleDay(placement=placement, weekday=d, hours=h) for d, h in WEEKDAYS.items()
    )
    return placement


def participant_case(world: World) -> Case:
    """The participant's running agreement (ending within 30 days), placement, attendance,
    plan, case file and a claim; made once per world."""
    cached = getattr(world, "_participant_case", None)
    if cached is not None:
        return cached
    today = timezone.localdate()
    person = world.persons["participant"]
    leader = world.persons["leader"]
    agreement = AgreementFactory(
        person=person,
        unit=world.unit_a,
        consented=True,
        starts_on=today - dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=20),
    )
    pending = AgreementFactory(
        person=person,
        unit=world.unit_a,
        starts_on=today + dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=120),
    )
    placement = place(agreement, supervisor_id=leader.pk, starts_on=today - dt.timedelta(days=50))
    Attendance.objects.bulk_create(
        Attendance(
            agreement=agreement,
            person=person,
            unit=world.unit_a,
            day=today - dt.timedelta(days=i),
            status="present",
            hours=Decimal(6),
        )
        for i in range(1, 6)
    )
    goal = goal_add(agreement=agreement, text="Ta truckkort", acting_user=None)
    step = step_add(goal=goal, text="Läsa teorin", acting_user=None)
    meeting_record(
        agreement=agreement,
        held_on=today - dt.timedelta(days=10),
        notes="Det går bra.",
        next_on=today + dt.timedelta(days=14),
        acting_user=None,
    )
    case_file_write(
        person=person, health="Ryggbesvär", disability="", background="", acting_user=None
    )
    CompensationRateFactory()
    claim = claim_compute(
        body=agreement.referral.body, month=today.replace(day=1), acting_user=None
    )
    case = Case(person.pk, agreement, pending, placement, claim, goal.pk, step.pk)
    world._participant_case = case  # type: ignore[attr-defined]
    return case


# --- for the access matrix ---------------------------------------------------------------

# Who may register participants: administrators, the regional manager, unit leaders.
REGISTRARS = frozenset({"admin", "vd", "leader", "leader_b"})
# Who reads the participant's whole record: central roles, unit A's leader (their
# supervisor too) and the participant themself.
READERS = frozenset({"admin", "finance", "vd", "leader", "participant"})
# Who changes it: administrators, the regional manager and unit A's leader.
WRITERS = frozenset({"admin", "vd", "leader"})


def case(world: World) -> Case:
    return participant_case(world)


def no_kwargs(world: World) -> dict[str, object]:
    participant_case(world)
    return {}


def person_kwargs(world: World) -> dict[str, object]:
    return {"person_id": participant_case(world).person_id}


def agreement_kwargs(world: World) -> dict[str, object]:
    return {"agreement_id": participant_case(world).agreement.pk}


def consent_kwargs(world: World) -> dict[str, object]:
    return {"agreement_id": participant_case(world).pending.pk, "kind": "body"}


def referral_kwargs(world: World) -> dict[str, object]:
    return {"referral_id": participant_case(world).agreement.referral_id}


def placement_kwargs(world: World) -> dict[str, object]:
    return {"placement_id": participant_case(world).placement.pk}


def claim_kwargs(world: World) -> dict[str, object]:
    return {"claim_id": participant_case(world).claim.pk}


def report_kwargs(world: World) -> dict[str, object]:
    today = timezone.localdate()
    return {
        "agreement_id": participant_case(world).agreement.pk,
        "year": today.year,
        "month": today.month,
    }


def placement_data(world: World) -> dict[str, object]:
    c = participant_case(world)
    return {
        "agreement_id": c.agreement.pk,
        "unit_id": c.agreement.unit_id,
        "supervisor_id": world.persons["leader"].pk,
        "starts_on": timezone.localdate().isoformat(),
        "schedule": {"0": "6"},
    }


def attendance_data(world: World) -> dict[str, object]:
    c = participant_case(world)
    return {
        "unit_id": c.agreement.unit_id,
        "entries": [
            {
                "person_id": c.person_id,
                "day": timezone.localdate().isoformat(),
                "status": "absent",
                "reason": "sick",
            },
        ],
    }


def goal_kwargs(world: World) -> dict[str, object]:
    c = participant_case(world)
    return {"agreement_id": c.agreement.pk, "goal_id": c.goal_id}


def step_kwargs(world: World) -> dict[str, object]:
    c = participant_case(world)
    return {"agreement_id": c.agreement.pk, "step_id": c.step_id}


def exit_follow_up_kwargs(world: World) -> dict[str, object]:
    """Another participant of unit A, supervised by its leader, who left a month ago."""
    cached = getattr(world, "_exited_follow_up", None)
    if cached is None:
        from koop.people.factories import PersonFactory

        today = timezone.localdate()
        agreement = AgreementFactory(
            person=PersonFactory(cooperative=world.cooperative),
            unit=world.unit_a,
            consented=True,
            starts_on=today - dt.timedelta(days=200),
            ends_on=today + dt.timedelta(days=100),
        )
        place(
            agreement,
            supervisor_id=world.persons["leader"].pk,
            starts_on=today - dt.timedelta(days=190),
        )
        exit_ = exit_record(
            agreement=agreement,
            exited_on=today - dt.timedelta(days=30),
            outcome="studies",
            acting_user=None,
        )
        cached = {"agreement_id": agreement.pk, "follow_up_id": exit_.follow_ups.first().pk}  # type: ignore[union-attr]
        world._exited_follow_up = cached  # type: ignore[attr-defined]
    return cached
