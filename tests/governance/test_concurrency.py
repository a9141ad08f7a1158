"""Many voters casting at once: every vote counted exactly once.

On PostgreSQL the voters run in real threads with their own connections; on SQLite (one
writer at a time) the same casts run one after another in the test's transaction."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from koop.core.errors import KoopValidationError
from koop.governance.models import Ballot, Vote, VoterReceipt
from koop.governance.services import attendance_check_in, vote_cast, vote_close, vote_open
from koop.people.factories import MembershipFactory, PersonFactory
from tests.governance.helpers import build_gov, open_meeting
from tests.personas import build_world

VOTERS = 40


def _scenario():  # type: ignore[no-untyped-def]
    world = build_world()
    gov = build_gov(world)
    people = [PersonFactory(cooperative=world.cooperative) for _ in range(VOTERS)]
    for person in people:
        MembershipFactory(person=person)
    meeting = open_meeting(gov.assembly, present=[])
    for person in people:
        attendance_check_in(meeting=meeting, person=person, acting_user=None)
    vote = vote_open(
        meeting=meeting, question="Hemlig omröstning", method="secret", acting_user=None
    )
    yes = vote.options.get(role="yes").pk
    no = vote.options.get(role="no").pk
    return vote, people, yes, no


def _cast_twice(vote: Vote, person, option: int) -> int:  # type: ignore[no-untyped-def]
    """Each voter tries twice (a double click); exactly one must count."""
    counted = 0
    for _ in range(2):
        try:
            vote_cast(vote=vote, person=person, option_ids=[option], acting_user=None)
            counted += 1
        except KoopValidationError:
            pass
    return counted


def _check(vote: Vote, counted: list[int], no_votes: int) -> None:
    assert sum(counted) == VOTERS
    assert VoterReceipt.objects.filter(vote=vote).count() == VOTERS
    assert Ballot.objects.filter(vote=vote).count() == VOTERS
    closed = vote_close(vote=vote, acting_user=None)
    assert (closed.yes_count, closed.no_count) == (VOTERS - no_votes, no_votes)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("immutable_rows_removed_afterwards")
def test_concurrent_voters_are_each_counted_once() -> None:
    vote, people, yes, no = _scenario()
    options = [no if i % 3 == 0 else yes for i in range(len(people))]
    if connection.vendor == "postgresql":

        def work(args):  # type: ignore[no-untyped-def]
            person, option = args
            try:
                return _cast_twice(
                    Vote.objects.select_related("meeting__body").get(pk=vote.pk), person, option
                )
            finally:
                connections.close_all()

        with ThreadPoolExecutor(max_workers=16) as pool:
            counted = list(pool.map(work, zip(people, options, strict=True)))
    else:
        counted = [_cast_twice(vote, p, o) for p, o in zip(people, options, strict=True)]
    _check(vote, counted, options.count(no))


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("immutable_rows_removed_afterwards")
def test_units_created_at_once_each_get_their_bodies() -> None:
    """On PostgreSQL in real threads: the statutes' row lock lets each creation add the
    bodies it finds missing after the other has, so a unit that lacked them (made before
    units came with bodies) gets them once, not once per thread."""
    import datetime as dt

    from koop.governance.models import Body
    from koop.governance.services import unit_create_with_bodies
    from koop.organisation.models import Unit
    from koop.organisation.services import unit_create

    world = build_world()
    build_gov(world)
    municipality = world.unit_a.municipality
    older = unit_create(
        cooperative=world.cooperative,
        name="Utan organ",
        municipality=municipality,
        cost_centre="899",
        started_on=dt.date(2025, 1, 1),
        acting_user=None,
    )

    def create(n: int) -> int:
        unit = unit_create_with_bodies(
            cooperative=world.cooperative,
            name=f"Ny enhet {n}",
            municipality=municipality,
            cost_centre=f"9{n:02d}",
            started_on=dt.date(2026, 1, 1),
            acting_user=None,
        )
        return unit.pk

    if connection.vendor == "postgresql":

        def work(n: int) -> int:
            try:
                return create(n)
            finally:
                connections.close_all()

        with ThreadPoolExecutor(max_workers=6) as pool:
            made = list(pool.map(work, range(6)))
    else:
        made = [create(n) for n in range(6)]

    assert Unit.objects.filter(pk__in=made).count() == 6
    for unit_id in [*made, older.pk]:
        assert Body.objects.filter(unit_id=unit_id).count() == 3
