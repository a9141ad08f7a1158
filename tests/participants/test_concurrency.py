"""Two overlapping placements of one participant started at the same moment: exactly one is
made, the other is refused with the overlap message.

On PostgreSQL the two run in real threads with their own connections, released together by
a barrier; on SQLite (one writer at a time) the same two starts run one after the other."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import timezone, translation

from koop.core.errors import KoopValidationError
from koop.participants.factories import AgreementFactory
from koop.participants.models import Agreement, Placement
from koop.participants.services import placement_start
from koop.people.factories import PersonFactory
from tests.personas import build_world

SCHEDULE = {0: Decimal(6), 2: Decimal(6)}


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("immutable_rows_removed_afterwards")
def test_two_overlapping_placements_started_at_once_make_exactly_one() -> None:
    world = build_world()
    today = timezone.localdate()
    agreement: Agreement = AgreementFactory(
        person=PersonFactory(cooperative=world.cooperative),
        unit=world.unit_a,
        consented=True,
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=100),
    )
    supervisor = world.persons["leader"]
    starts = [today - dt.timedelta(days=10), today]
    made: list[Placement] = []
    refused: list[KoopValidationError] = []
    unexpected: list[BaseException] = []
    barrier = threading.Barrier(len(starts))

    def start(starts_on: dt.date, *, together: bool) -> None:
        try:
            if together:
                barrier.wait(timeout=30)
            # The active language is per thread: speak the tests' English here too.
            with translation.override("en"):
                made.append(
                    placement_start(
                        agreement=agreement,
                        unit=world.unit_a,
                        supervisor=supervisor,
                        starts_on=starts_on,
                        schedule=SCHEDULE,
                        acting_user=None,
                    )
                )
        except KoopValidationError as error:
            refused.append(error)
        except BaseException as error:  # reported by the assertions below
            unexpected.append(error)
        finally:
            if together:
                connections.close_all()

    if connection.vendor == "postgresql":
        threads = [
            threading.Thread(target=start, args=(day,), kwargs={"together": True}) for day in starts
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        for day in starts:
            start(day, together=False)

    assert unexpected == []
    assert len(made) == 1
    assert len(refused) == 1
    assert refused[0].problems[0].field == "starts_on"
    assert "already placed" in str(refused[0].problems[0].message)
    assert list(Placement.objects.filter(person_id=agreement.person_id)) == made
