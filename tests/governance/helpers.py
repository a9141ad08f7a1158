"""Building governance for tests: the bodies of the test world and open meetings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from koop.governance.models import Body, BodyKind, Meeting, MeetingKind, SeatRole
from koop.governance.services import (
    attendance_check_in,
    board_seat_add,
    governance_setup,
    meeting_create,
    meeting_open,
)
from tests.personas import World


@dataclass
class Gov:
    world: World
    assembly: Body
    board: Body
    vs_a: Body
    weekly_a: Body
    vs_b: Body

    def person(self, persona: str):  # type: ignore[no-untyped-def]
        return self.world.persons[persona]


def build_gov(world: World) -> Gov:
    governance_setup(cooperative=world.cooperative, acting_user=None)
    bodies = Body.objects.filter(cooperative=world.cooperative)
    board = bodies.get(kind=BodyKind.BOARD)
    board_seat_add(
        body=board,
        person=world.persons["board"],
        role=SeatRole.CHAIR,
        started_on=dt.date(2020, 1, 1),
        acting_user=None,
    )
    return Gov(
        world=world,
        assembly=bodies.get(kind=BodyKind.GENERAL_ASSEMBLY),
        board=board,
        vs_a=bodies.get(kind=BodyKind.UNIT_MEETING, unit=world.unit_a),
        weekly_a=bodies.get(kind=BodyKind.WEEKLY, unit=world.unit_a),
        vs_b=bodies.get(kind=BodyKind.UNIT_MEETING, unit=world.unit_b),
    )


def at(days: int, hour: int = 18) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def open_meeting(
    body: Body,
    *,
    present: list,
    days: int = 0,
    kind: str = MeetingKind.ORDINARY,
    **kw,  # type: ignore[type-arg]
) -> Meeting:
    """A meeting of ``body`` today (notice checks are for calling, tested on their own),
    opened with ``present`` checked in."""
    today = timezone.localdate() - dt.timedelta(days=60)
    meeting = meeting_create(
        body=body,
        title=f"{body.name} test",
        starts_at=at(days),
        place="Lokalen",
        kind=kind,
        acting_user=None,
        today=today,
        **kw,
    )
    Meeting.objects.filter(pk=meeting.pk).update(status="called")
    meeting.refresh_from_db()
    meeting_open(meeting=meeting, acting_user=None)
    for person in present:
        attendance_check_in(meeting=meeting, person=person, acting_user=None)
    meeting.refresh_from_db()
    return meeting
