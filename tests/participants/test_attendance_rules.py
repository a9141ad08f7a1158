"""The attendance grid's rules: a mark can be removed, a day to come cannot be marked, and
"all present" marks only those scheduled that day, never over a mark already made."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction

from koop.core.errors import KoopValidationError
from koop.core.models import AuditEntry
from koop.participants.models import Attendance, AttendanceCorrection, Placement, ScheduleDay
from koop.participants.services import AttendanceEntry, attendance_save
from tests.participants.cases import place
from tests.personas import World

MONDAY = dt.date(2026, 3, 2)
WEDNESDAY = dt.date(2026, 3, 4)  # "today" in these tests
THURSDAY = dt.date(2026, 3, 5)


@pytest.fixture(autouse=True)
def _wednesday() -> Iterator[None]:
    with time_machine.travel(
        dt.datetime(2026, 3, 4, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm")), tick=False
    ):
        yield


def _placed(world: World, fresh_agreement, **kwargs):  # type: ignore[no-untyped-def]
    agreement = fresh_agreement(**kwargs)
    place(agreement, supervisor_id=world.persons["leader"].pk, starts_on=agreement.starts_on)
    return agreement


def _grid(world: World) -> str:
    return f"/participants/units/{world.unit_a.pk}/attendance/"


def _mark(agreement, day: dt.date, status: str = "present", **kwargs) -> Attendance:  # type: ignore[no-untyped-def]
    return Attendance.objects.create(
        agreement=agreement,
        person_id=agreement.person_id,
        unit_id=agreement.unit_id,
        day=day,
        status=status,
        reason=kwargs.pop("reason", "" if status == "present" else "sick"),
        hours=kwargs.pop("hours", 6 if status == "present" else 0),
        **kwargs,
    )


# --- removing a mark -----------------------------------------------------------------


def test_an_emptied_cell_removes_the_mark_and_the_removal_is_logged(
    world: World, client_for, fresh_agreement
) -> None:  # type: ignore[no-untyped-def]
    a = _placed(world, fresh_agreement)
    _mark(a, MONDAY)
    cell = f"cell-{a.person_id}-{MONDAY}"
    response = client_for("leader").post(
        _grid(world),
        {
            "week": MONDAY.isoformat(),
            cell: "",
            f"hours-{cell}": "6.0",
            f"was-{cell}": "present",
            f"was-hours-{cell}": "6.0",
        },
    )
    assert response.status_code == 302
    assert not Attendance.objects.filter(person_id=a.person_id, day=MONDAY).exists()
    correction = AttendanceCorrection.objects.get(person_id=a.person_id, day=MONDAY)
    assert correction.before == {"status": "present", "reason": "", "hours": "6.0"}
    assert correction.after == {"status": "", "reason": "", "hours": ""}
    assert correction.corrected_by == world.user("leader")
    audit = AuditEntry.objects.filter(action="attendance_save").latest("pk")
    assert audit.after["removed"] == [{"person": a.person_id, "day": MONDAY.isoformat()}]


def test_the_service_removes_a_mark_given_an_empty_status(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    a = _placed(world, fresh_agreement)
    _mark(a, MONDAY, "absent", reason="child_care")
    saved = attendance_save(
        unit=world.unit_a,
        acting_user=world.user("leader"),
        entries=[AttendanceEntry(a.person_id, MONDAY, "")],
    )
    assert saved.removed == 1
    assert not Attendance.objects.filter(person_id=a.person_id).exists()
    assert AttendanceCorrection.objects.get().before["reason"] == "child_care"


def test_a_removal_stays_in_the_log_which_the_database_keeps_unchanged(
    world: World, fresh_agreement
) -> None:  # type: ignore[no-untyped-def]
    a = _placed(world, fresh_agreement)
    _mark(a, MONDAY)
    attendance_save(
        unit=world.unit_a, acting_user=None, entries=[AttendanceEntry(a.person_id, MONDAY, "")]
    )
    correction = AttendanceCorrection.objects.get()
    with pytest.raises(IntegrityError, match="row_is_immutable"), transaction.atomic():
        AttendanceCorrection.objects.filter(pk=correction.pk).update(after={})


def test_a_page_loaded_before_someone_else_marked_the_day_does_not_remove_it(
    world: World, client_for, fresh_agreement
) -> None:  # type: ignore[no-untyped-def]
    a = _placed(world, fresh_agreement)
    _mark(a, MONDAY)  # made after the page below was loaded: the page showed nothing
    cell = f"cell-{a.person_id}-{MONDAY}"
    response = client_for("leader").post(
        _grid(world),
        {"week": MONDAY.isoformat(), cell: "", f"was-{cell}": "", f"was-hours-{cell}": "6"},
    )
    assert response.status_code == 302
    assert Attendance.objects.filter(person_id=a.person_id, day=MONDAY).exists()
    assert not AttendanceCorrection.objects.exists()


def test_a_cell_left_as_it_was_shown_is_not_written_back(
    world: World, client_for, fresh_agreement
) -> None:  # type: ignore[no-untyped-def]
    a = _placed(world, fresh_agreement)
    # Someone marked Monday absent after this page showed it present: the page's unchanged
    # cell does not turn it back.
    _mark(a, MONDAY, "absent", reason="sick")
    cell = f"cell-{a.person_id}-{MONDAY}"
    client_for("leader").post(
        _grid(world),
        {
            "week": MONDAY.isoformat(),
            cell: "present",
            f"hours-{cell}": "6.0",
            f"was-{cell}": "present",
            f"was-hours-{cell}": "6.0",
        },
    )
    assert Attendance.objects.get(person_id=a.person_id, day=MONDAY).status == "absent"


# --- days to come ----------------------------------------------------------------------


@pytest.mark.parametrize(("status", "reason"), [("present", ""), ("absent", "sick")])
def test_a_day_to_come_cannot_be_marked_and_the_message_names_the_day(
    status: str, reason: str, world: World, fresh_agreement
) -> None:  # type: ignore[no-untyped-def]
    a = _placed(world, fresh_agreement)
    with pytest.raises(KoopValidationError) as error:
        attendance_save(
            unit=world.unit_a,
            acting_user=None,
            entries=[AttendanceEntry(a.person_id, THURSDAY, status, reason, hours="6")],
        )
    problem = error.value.problems[0]
    assert problem.field == f"cell-{a.person_id}-{THURSDAY}"
    assert "2026-03-05" in problem.message
    assert "not come yet" in problem.message
    assert not Attendance.objects.exists()


def test_today_and_days_that_have_passed_can_be_marked(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    a = _placed(world, fresh_agreement)
    saved = attendance_save(
        unit=world.unit_a,
        acting_user=None,
        entries=[
            AttendanceEntry(a.person_id, WEDNESDAY, "present", hours="6"),
            AttendanceEntry(a.person_id, MONDAY, "absent", "sick"),
        ],
    )
    assert saved.created == 2


def test_the_grid_shows_days_to_come_as_not_markable(
    world: World, client_for, fresh_agreement
) -> None:  # type: ignore[no-untyped-def]
    a = _placed(world, fresh_agreement)
    body = client_for("leader").get(f"{_grid(world)}?week={MONDAY}").content.decode()
    for day in (MONDAY, WEDNESDAY):
        assert f'name="cell-{a.person_id}-{day}"' in body
        assert f'name="fill" value="{day}"' in body
    for day in (THURSDAY, dt.date(2026, 3, 8)):
        assert f'name="cell-{a.person_id}-{day}"' not in body
        assert f'name="fill" value="{day}"' not in body
    assert "Inte än" in body


def test_a_mark_made_in_advance_before_the_rule_can_only_be_removed(
    world: World, client_for, fresh_agreement
) -> None:  # type: ignore[no-untyped-def]
    a = _placed(world, fresh_agreement)
    _mark(a, THURSDAY)
    cell = f"cell-{a.person_id}-{THURSDAY}"
    body = client_for("leader").get(f"{_grid(world)}?week={MONDAY}").content.decode()
    select = body[body.index(f'name="{cell}"') : body.index("</select>", body.index(cell))]
    assert 'value="present" selected' in select
    assert 'value="absent:sick"' not in select
    client_for("leader").post(
        _grid(world),
        {"week": MONDAY.isoformat(), cell: "", f"was-{cell}": "present"},
    )
    assert not Attendance.objects.filter(day=THURSDAY).exists()


def test_a_presence_needs_its_hours(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    a = _placed(world, fresh_agreement)
    with pytest.raises(KoopValidationError) as error:
        attendance_save(
            unit=world.unit_a,
            acting_user=None,
            entries=[AttendanceEntry(a.person_id, MONDAY, "present", hours="0")],
        )
    assert "hours" in error.value.problems[0].message


# --- all present ---------------------------------------------------------------------


def _placed_with(world: World, fresh_agreement, *, starts_on, schedule):  # type: ignore[no-untyped-def]
    agreement = fresh_agreement()
    placement = Placement.objects.create(
        agreement=agreement,
        person_id=agreement.person_id,
        unit_id=agreement.unit_id,
        supervisor_id=world.persons["leader"].pk,
        starts_on=starts_on,
    )
    ScheduleDay.objects.bulk_create(
        ScheduleDay(placement=placement, weekday=d, hours=Decimal(h)) for d, h in schedule.items()
    )
    return agreement


def test_all_present_marks_only_those_scheduled_that_day_with_their_hours(
    world: World, client_for, fresh_agreement
) -> None:  # type: ignore[no-untyped-def]
    scheduled = _placed_with(
        world, fresh_agreement, starts_on=dt.date(2026, 1, 1), schedule={0: "5.5", 2: "4"}
    )
    not_on_mondays = _placed_with(
        world, fresh_agreement, starts_on=dt.date(2026, 1, 1), schedule={1: "6", 2: "6"}
    )
    starts_tuesday = _placed_with(
        world, fresh_agreement, starts_on=dt.date(2026, 3, 3), schedule={0: "6", 1: "6"}
    )
    response = client_for("leader").post(
        _grid(world), {"week": MONDAY.isoformat(), "fill": MONDAY.isoformat()}
    )
    assert response.status_code == 302
    marked = {a.person_id: (a.status, a.hours) for a in Attendance.objects.filter(day=MONDAY)}
    assert marked == {scheduled.person_id: ("present", Decimal("5.5"))}
    assert not_on_mondays.person_id not in marked
    assert starts_tuesday.person_id not in marked


def test_all_present_never_overwrites_a_mark_already_made(
    world: World, client_for, fresh_agreement
) -> None:  # type: ignore[no-untyped-def]
    sick = _placed(world, fresh_agreement)
    typed = _placed(world, fresh_agreement)
    empty = _placed(world, fresh_agreement)
    # Marked after the page was loaded: the page showed an empty cell and sends none.
    _mark(sick, MONDAY, "absent", reason="sick")
    cell = f"cell-{typed.person_id}-{MONDAY}"
    response = client_for("leader").post(
        _grid(world),
        {
            "week": MONDAY.isoformat(),
            "fill": MONDAY.isoformat(),
            cell: "absent:agency_meeting",
            f"was-{cell}": "",
        },
    )
    assert response.status_code == 302
    days = {a.person_id: a.reason or a.status for a in Attendance.objects.filter(day=MONDAY)}
    assert days == {
        sick.person_id: "sick",
        typed.person_id: "agency_meeting",
        empty.person_id: "present",
    }
    assert Attendance.objects.get(person_id=empty.person_id).hours == Decimal(6)
    assert not AttendanceCorrection.objects.exists()


def test_all_present_on_a_day_to_come_is_refused(world: World, client_for, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    _placed(world, fresh_agreement)
    response = client_for("leader").post(
        _grid(world), {"week": MONDAY.isoformat(), "fill": THURSDAY.isoformat()}
    )
    assert response.status_code == 422
    assert "2026-03-05" in response.content.decode()
    assert not Attendance.objects.exists()
