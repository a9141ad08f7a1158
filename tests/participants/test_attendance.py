from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from koop.core.errors import KoopValidationError
from koop.participants.models import Attendance, AttendanceCorrection
from koop.participants.services import AttendanceEntry, attendance_save
from koop.people.factories import PersonFactory
from tests.participants.cases import place
from tests.personas import World

MONDAY = dt.date(2026, 3, 2)


def _placed(world: World, fresh_agreement, **kwargs):  # type: ignore[no-untyped-def]
    agreement = fresh_agreement(**kwargs)
    place(agreement, supervisor_id=world.persons["leader"].pk, starts_on=agreement.starts_on)
    return agreement


def test_one_save_records_the_whole_grid(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    a = _placed(world, fresh_agreement)
    b = _placed(world, fresh_agreement)
    saved = attendance_save(
        unit=world.unit_a,
        acting_user=world.user("leader"),
        entries=[
            AttendanceEntry(a.person_id, MONDAY, "present", hours=Decimal(6)),
            AttendanceEntry(a.person_id, MONDAY + dt.timedelta(days=1), "absent", "sick"),
            AttendanceEntry(b.person_id, MONDAY, "absent", "agency_meeting"),
        ],
    )
    assert (saved.created, saved.corrected) == (3, 0)
    assert Attendance.objects.get(person_id=a.person_id, day=MONDAY).hours == Decimal(6)


def test_a_change_to_a_recorded_day_is_logged_with_before_and_after(
    world: World,
    fresh_agreement,  # type: ignore[no-untyped-def]
) -> None:
    a = _placed(world, fresh_agreement)
    attendance_save(
        unit=world.unit_a,
        acting_user=None,
        entries=[AttendanceEntry(a.person_id, MONDAY, "present", hours="6")],
    )
    saved = attendance_save(
        unit=world.unit_a,
        acting_user=world.user("leader"),
        entries=[AttendanceEntry(a.person_id, MONDAY, "absent", "child_care")],
    )
    assert saved.corrected == 1
    correction = AttendanceCorrection.objects.get()
    assert correction.before == {"status": "present", "reason": "", "hours": "6.0"}
    assert correction.after == {"status": "absent", "reason": "child_care", "hours": "0.0"}
    assert correction.corrected_by == world.user("leader")
    again = attendance_save(
        unit=world.unit_a,
        acting_user=None,
        entries=[AttendanceEntry(a.person_id, MONDAY, "absent", "child_care")],
    )
    assert (again.corrected, again.unchanged) == (0, 1)


def test_attendance_outside_the_agreement_is_refused_and_nothing_saved(
    world: World,
    fresh_agreement,  # type: ignore[no-untyped-def]
) -> None:
    a = _placed(world, fresh_agreement, ends_on=dt.date(2026, 3, 3))
    with pytest.raises(KoopValidationError) as error:
        attendance_save(
            unit=world.unit_a,
            acting_user=None,
            entries=[
                AttendanceEntry(a.person_id, MONDAY, "present", hours="6"),
                AttendanceEntry(a.person_id, dt.date(2026, 3, 4), "present", hours="6"),
            ],
        )
    problem = error.value.problems[0]
    assert problem.field == f"cell-{a.person_id}-2026-03-04"
    assert "2026-03-04" in problem.message
    assert not Attendance.objects.exists()


def test_the_database_refuses_attendance_outside_the_agreement(
    world: World,
    fresh_agreement,  # type: ignore[no-untyped-def]
) -> None:
    a = _placed(world, fresh_agreement)
    with pytest.raises(IntegrityError, match="attendance_outside_agreement"), transaction.atomic():
        Attendance.objects.create(
            agreement=a,
            person_id=a.person_id,
            unit=world.unit_a,
            day=dt.date(2027, 1, 4),
            status="present",
            hours=6,
        )


def test_an_absence_needs_a_reason(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    a = _placed(world, fresh_agreement)
    with pytest.raises(KoopValidationError) as error:
        attendance_save(
            unit=world.unit_a,
            acting_user=None,
            entries=[AttendanceEntry(a.person_id, MONDAY, "absent")],
        )
    assert "reason" in error.value.problems[0].message


def test_a_participant_of_another_unit_cannot_be_marked_here(
    world: World,
    fresh_agreement,  # type: ignore[no-untyped-def]
) -> None:
    other = fresh_agreement(unit=world.unit_b)
    place(other, supervisor_id=world.persons["leader_b"].pk, starts_on=other.starts_on)
    with pytest.raises(KoopValidationError) as error:
        attendance_save(
            unit=world.unit_a,
            acting_user=None,
            entries=[AttendanceEntry(other.person_id, MONDAY, "present", hours="6")],
        )
    assert "not placed" in error.value.problems[0].message


def test_all_present_fills_a_day_from_the_schedule(
    world: World, client_for, fresh_agreement
) -> None:  # type: ignore[no-untyped-def]
    a = _placed(world, fresh_agreement)
    response = client_for("leader").post(
        f"/participants/units/{world.unit_a.pk}/attendance/",
        {
            "week": MONDAY.isoformat(),
            "fill": MONDAY.isoformat(),
            f"cell-{a.person_id}-{MONDAY + dt.timedelta(days=1)}": "absent:sick",
        },
    )
    assert response.status_code == 302
    days = dict(Attendance.objects.filter(person_id=a.person_id).values_list("day", "status"))
    assert days == {MONDAY: "present", MONDAY + dt.timedelta(days=1): "absent"}
    assert Attendance.objects.get(day=MONDAY).hours == Decimal(6)


def test_a_bad_cell_answers_422_and_saves_nothing(
    world: World, client_for, fresh_agreement
) -> None:  # type: ignore[no-untyped-def]
    a = _placed(world, fresh_agreement)
    response = client_for("leader").post(
        f"/participants/units/{world.unit_a.pk}/attendance/",
        {
            "week": MONDAY.isoformat(),
            f"cell-{a.person_id}-{MONDAY}": "present",
            f"cell-{a.person_id}-{MONDAY + dt.timedelta(days=1)}": "absent:nonsense",
        },
    )
    assert response.status_code == 422
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("count", [3, 30])
def test_the_grid_costs_the_same_queries_for_3_and_30_participants(
    count: int,
    world: World,
    client_for,
    fresh_agreement,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    for _ in range(count):
        a = _placed(world, fresh_agreement)
        Attendance.objects.create(
            agreement=a,
            person_id=a.person_id,
            unit=world.unit_a,
            day=MONDAY,
            status="present",
            hours=6,
        )
    client = client_for("leader")
    with django_assert_max_num_queries(12):
        response = client.get(f"/participants/units/{world.unit_a.pk}/attendance/?week={MONDAY}")
    assert response.status_code == 200
    assert response.content.decode().count('name="cell-') == count * 7


def test_the_grid_is_hidden_from_a_cooperator_who_supervises_no_one(
    world: World,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    assert (
        client_for("cooperator")
        .get(f"/participants/units/{world.unit_a.pk}/attendance/")
        .status_code
        == 404
    )


def test_a_supervisor_reaches_the_grid_of_their_unit(
    world: World, client_for, fresh_agreement
) -> None:  # type: ignore[no-untyped-def]
    a = fresh_agreement()
    place(a, supervisor_id=world.persons["cooperator"].pk, starts_on=a.starts_on)
    assert (
        client_for("cooperator")
        .get(f"/participants/units/{world.unit_a.pk}/attendance/")
        .status_code
        == 200
    )
    assert client_for("cooperator").get(f"/participants/{a.person_id}/").status_code == 200
    outsider = PersonFactory(cooperative=world.cooperative)
    assert outsider.pk != a.person_id


def test_a_refused_grid_shows_what_was_typed(world: World, client_for, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    a = _placed(world, fresh_agreement)
    cell = f"cell-{a.person_id}-{MONDAY}"
    response = client_for("leader").post(
        f"/participants/units/{world.unit_a.pk}/attendance/",
        {"week": MONDAY.isoformat(), cell: "absent:child_care", f"hours-{cell}": "99"},
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert '<option value="absent:child_care" selected>' in body
    assert 'value="99"' in body
