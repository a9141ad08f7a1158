"""The monthly attendance report and the compensation claims reach the referring bodies, so
they are built only from what really happened: no day to come, no mark outside a
placement. A claim worked out before its month is over is not sent as it is."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader

from koop.core.errors import KoopValidationError
from koop.participants.factories import CompensationRateFactory
from koop.participants.models import Attendance, CompensationBasis
from koop.participants.services import claim_compute, claim_set_status, placement_end
from tests.participants.cases import place
from tests.personas import World

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MARCH = dt.date(2026, 3, 1)


def _at(day: dt.date, hour: int = 10) -> time_machine.travel:
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, hour, tzinfo=STOCKHOLM), tick=False
    )


def _present(agreement, day: dt.date) -> Attendance:  # type: ignore[no-untyped-def]
    # Written around the service, as marks made before its rules were.
    return Attendance.objects.create(
        agreement=agreement,
        person_id=agreement.person_id,
        unit_id=agreement.unit_id,
        day=day,
        status="present",
        hours=6,
    )


def _report_days(client, agreement) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get(f"/participants/agreements/{agreement.pk}/attendance/2026/3/report.pdf")
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(response.content)).pages)
    header = "Dag\nStatus\nSkäl\nTimmar\n"
    cells = text[text.index(header) + len(header) : text.index("Översikt")].split("\n")
    return [cell for cell in cells if cell.startswith("2026-")]


@pytest.fixture
def placed(world: World, fresh_agreement):  # type: ignore[no-untyped-def]
    agreement = fresh_agreement()
    placement = place(
        agreement, supervisor_id=world.persons["leader"].pk, starts_on=dt.date(2026, 1, 5)
    )
    return agreement, placement


def test_the_monthly_report_leaves_out_days_to_come(world: World, client_for, placed) -> None:  # type: ignore[no-untyped-def]
    agreement, _placement = placed
    for day in (2, 3, 5, 6):
        _present(agreement, dt.date(2026, 3, day))
    with _at(dt.date(2026, 3, 4)):
        assert _report_days(client_for("leader"), agreement) == ["2026-03-02", "2026-03-03"]


def test_the_monthly_report_leaves_out_marks_outside_the_placement(
    world: World, client_for, placed
) -> None:  # type: ignore[no-untyped-def]
    agreement, placement = placed
    for day in (2, 3, 4):
        _present(agreement, dt.date(2026, 3, day))
    with _at(dt.date(2026, 3, 20)):
        # Ended afterwards, back on the 3rd: the 4th lies outside any placement.
        placement_end(placement=placement, ended_on=dt.date(2026, 3, 3), acting_user=None)
        assert _report_days(client_for("leader"), agreement) == ["2026-03-02", "2026-03-03"]


def test_a_daily_claim_pays_only_days_that_happened_inside_a_placement(
    world: World, placed
) -> None:  # type: ignore[no-untyped-def]
    CompensationRateFactory(amount=Decimal("250.00"), basis=CompensationBasis.PER_DAY)
    agreement, placement = placed
    for day in (2, 3, 4, 10, 11):
        _present(agreement, dt.date(2026, 3, day))
    with _at(dt.date(2026, 3, 10)):
        placement_end(placement=placement, ended_on=dt.date(2026, 3, 3), acting_user=None)
        claim = claim_compute(body=agreement.referral.body, month=MARCH, acting_user=None)
    # The 2nd and the 3rd: the 4th and the 10th lie outside the placement, the 11th to come.
    line = claim.lines.get()
    assert (line.quantity, claim.total) == (Decimal(2), Decimal("500.00"))


def test_a_monthly_claim_counts_the_days_placed_up_to_today(world: World, placed) -> None:  # type: ignore[no-untyped-def]
    CompensationRateFactory(amount=Decimal("3100.00"))
    agreement, _placement = placed
    with _at(dt.date(2026, 3, 4)):
        claim = claim_compute(body=agreement.referral.body, month=MARCH, acting_user=None)
    # 4 of 31 days: 3100 × 4 / 31 = 400.00, not the whole month yet.
    assert claim.total == Decimal("400.00")
    assert "4" in claim.lines.get().explanation


def test_a_claim_for_a_month_that_has_not_begun_is_refused(world: World, placed) -> None:  # type: ignore[no-untyped-def]
    CompensationRateFactory()
    agreement, _placement = placed
    with _at(dt.date(2026, 3, 31)), pytest.raises(KoopValidationError) as error:
        claim_compute(body=agreement.referral.body, month=dt.date(2026, 4, 1), acting_user=None)
    assert error.value.problems[0].field == "month"
    assert "2026-04" in error.value.problems[0].message


def test_a_claim_is_sent_only_when_worked_out_after_its_month_is_over(world: World, placed) -> None:  # type: ignore[no-untyped-def]
    CompensationRateFactory(amount=Decimal("3100.00"))
    agreement, _placement = placed
    body = agreement.referral.body
    with _at(dt.date(2026, 3, 20)):
        claim = claim_compute(body=body, month=MARCH, acting_user=None)
        with pytest.raises(KoopValidationError, match="2026-04-01"):
            claim_set_status(claim=claim, to_status="sent", acting_user=None)
    with _at(dt.date(2026, 4, 2)):
        with pytest.raises(KoopValidationError, match="2026-03-20"):
            claim_set_status(claim=claim, to_status="sent", acting_user=None)
        claim = claim_compute(body=body, month=MARCH, acting_user=None)
        assert claim.total == Decimal("3100.00")
        assert claim_set_status(claim=claim, to_status="sent", acting_user=None).status == "sent"
