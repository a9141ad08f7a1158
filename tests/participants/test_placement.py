from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from koop.core.errors import KoopValidationError
from koop.participants.models import Placement
from koop.participants.services import placement_end, placement_move, placement_start
from koop.people.factories import EmploymentFactory, PersonFactory
from tests.personas import World

SCHEDULE = {0: Decimal(6), 2: Decimal(6), 4: Decimal(4)}


def test_a_placement_keeps_its_weekly_schedule(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    agreement = fresh_agreement()
    placement = placement_start(
        agreement=agreement,
        unit=world.unit_a,
        supervisor=world.persons["cooperator"],
        starts_on=dt.date(2026, 1, 5),
        schedule=SCHEDULE,
        acting_user=world.user("leader"),
    )
    assert {d.weekday: d.hours for d in placement.schedule.all()} == SCHEDULE


def test_the_supervisor_must_work_in_the_unit(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    agreement = fresh_agreement()
    with pytest.raises(KoopValidationError) as error:
        placement_start(
            agreement=agreement,
            unit=world.unit_a,
            supervisor=world.persons["leader_b"],
            starts_on=dt.date(2026, 1, 5),
            schedule=SCHEDULE,
            acting_user=None,
        )
    assert [p.field for p in error.value.problems] == ["supervisor"]


def test_a_placement_outside_the_agreement_is_refused(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    agreement = fresh_agreement()
    with pytest.raises(KoopValidationError) as error:
        placement_start(
            agreement=agreement,
            unit=world.unit_a,
            supervisor=world.persons["leader"],
            starts_on=dt.date(2027, 1, 5),
            schedule=SCHEDULE,
            acting_user=None,
        )
    assert error.value.problems[0].field == "starts_on"


def test_overlapping_placements_are_refused_and_nothing_saved(
    world: World, fresh_agreement
) -> None:  # type: ignore[no-untyped-def]
    agreement = fresh_agreement()
    placement_start(
        agreement=agreement,
        unit=world.unit_a,
        supervisor=world.persons["leader"],
        starts_on=dt.date(2026, 1, 5),
        schedule=SCHEDULE,
        acting_user=None,
    )
    with pytest.raises(KoopValidationError) as error:
        placement_start(
            agreement=agreement,
            unit=world.unit_b,
            supervisor=world.persons["leader_b"],
            starts_on=dt.date(2026, 3, 1),
            schedule=SCHEDULE,
            acting_user=None,
        )
    assert error.value.problems[0].field == "starts_on"
    assert "Möbellagret" in error.value.problems[0].message
    assert Placement.objects.filter(agreement=agreement).count() == 1


def test_the_database_refuses_overlapping_placements(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    agreement = fresh_agreement()
    common = {
        "agreement": agreement,
        "person_id": agreement.person_id,
        "supervisor": world.persons["leader"],
        "unit": world.unit_a,
    }
    Placement.objects.create(starts_on=dt.date(2026, 1, 5), ends_on=dt.date(2026, 3, 31), **common)
    with pytest.raises(IntegrityError, match="placement_overlaps"), transaction.atomic():
        Placement.objects.create(starts_on=dt.date(2026, 3, 31), **common)
    Placement.objects.create(starts_on=dt.date(2026, 4, 1), **common)  # the next day is fine


def test_a_move_ends_one_placement_and_starts_the_next(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    agreement = fresh_agreement()
    first = placement_start(
        agreement=agreement,
        unit=world.unit_a,
        supervisor=world.persons["leader"],
        starts_on=dt.date(2026, 1, 5),
        schedule=SCHEDULE,
        acting_user=None,
    )
    second = placement_move(
        placement=first,
        unit=world.unit_b,
        supervisor=world.persons["leader_b"],
        moved_on=dt.date(2026, 4, 1),
        schedule=SCHEDULE,
        acting_user=None,
    )
    first.refresh_from_db()
    assert first.ends_on == dt.date(2026, 3, 31)
    assert (second.unit, second.starts_on, second.ends_on) == (
        world.unit_b,
        dt.date(2026, 4, 1),
        None,
    )
    assert list(
        Placement.objects.filter(person_id=agreement.person_id)
        .order_by("starts_on")
        .values_list("unit__name", flat=True)
    ) == ["Möbellagret", "Cykelbudet"]


def test_a_failed_move_leaves_the_old_placement_untouched(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    agreement = fresh_agreement()
    first = placement_start(
        agreement=agreement,
        unit=world.unit_a,
        supervisor=world.persons["leader"],
        starts_on=dt.date(2026, 1, 5),
        schedule=SCHEDULE,
        acting_user=None,
    )
    outsider = PersonFactory(cooperative=world.cooperative)
    with pytest.raises(KoopValidationError) as error:
        placement_move(
            placement=first,
            unit=world.unit_b,
            supervisor=outsider,
            moved_on=dt.date(2026, 4, 1),
            schedule=SCHEDULE,
            acting_user=None,
        )
    assert error.value.problems[0].field == "supervisor"
    first.refresh_from_db()
    assert first.ends_on is None


def test_a_placement_ends_on_a_day_inside_it(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    agreement = fresh_agreement()
    EmploymentFactory(person=PersonFactory(cooperative=world.cooperative), unit=world.unit_a)
    placement = placement_start(
        agreement=agreement,
        unit=world.unit_a,
        supervisor=world.persons["leader"],
        starts_on=dt.date(2026, 1, 5),
        schedule=SCHEDULE,
        acting_user=None,
    )
    with pytest.raises(KoopValidationError):
        placement_end(placement=placement, ended_on=dt.date(2025, 12, 1), acting_user=None)
    placement_end(placement=placement, ended_on=dt.date(2026, 2, 1), acting_user=None)
    placement.refresh_from_db()
    assert placement.ends_on == dt.date(2026, 2, 1)


def test_the_placement_form_refuses_without_consents_with_422(
    world: World,
    client_for,
    fresh_agreement,  # type: ignore[no-untyped-def]
) -> None:
    agreement = fresh_agreement(consented=False)
    response = client_for("leader").post(
        f"/participants/agreements/{agreement.pk}/placement/",
        {
            "unit": world.unit_a.pk,
            "supervisor": world.persons["leader"].pk,
            "starts_on": "2026-01-05",
            "hours_0": "6",
        },
    )
    assert response.status_code == 422
    assert "alla tre parter har sagt ja" in response.content.decode()
    assert not Placement.objects.filter(agreement=agreement).exists()
