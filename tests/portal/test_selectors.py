"""The reads the homes are made of, one app at a time: each counts what it says, and only
in the units of the one asking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
import time_machine

from koop.billing.models import Invoice
from koop.billing.selectors import drafts_waiting, invoices_overdue, invoices_overdue_summary
from koop.billing.services import payment_register
from koop.governance.models import Body, Decision, Matter, Meeting, MeetingStatus
from koop.governance.selectors import (
    board_of,
    boards_of,
    bodies_of_units,
    decisions_pending_in,
    matters_to_prepare,
    meeting_papers,
    meetings_ahead,
    meetings_starting,
)
from koop.governance.services import decision_set_execution, meeting_close, motion_answer
from koop.ledger.levy import levy_rate_set, levy_run
from koop.ledger.models import FortnoxConnection, ImportJob, ImportStatus, LevyMonth
from koop.ledger.selectors import (
    fortnox_failure,
    import_jobs_failed,
    levy_not_run,
    units_behind_budget,
    units_in_deficit,
)
from koop.ledger.services import cost_centre_for_unit
from koop.participants.models import Attendance, Placement
from koop.participants.selectors import (
    attendance_unmarked,
    participant_agreements_ending,
    placements_ending,
)
from koop.participants.services import attendance_self_report
from koop.people.selectors import principal_for_user
from koop.work.models import WorkOrder, WorkOrderStatus
from koop.work.selectors import (
    agreements_ending_in_units,
    hours_registered,
    work_orders_assigned,
    work_orders_planned,
    work_orders_to_invoice,
)
from tests.personas import World
from tests.portal.scenario import FRIDAY, MONDAY, NOW, TODAY, fill, unmarked_days

pytestmark = pytest.mark.django_db

SUNDAY = MONDAY + dt.timedelta(days=6)
COPIES = 2


@pytest.fixture
def morning(world: World) -> Iterator[World]:
    with time_machine.travel(NOW, tick=False):
        fill(world, copies=COPIES)
        yield world


def principal(world: World, persona: str):  # type: ignore[no-untyped-def]
    return principal_for_user(world.user(persona))


# --- work ----------------------------------------------------------------------------------


def test_planned_work_is_the_days_in_range_and_never_cancelled(morning: World) -> None:
    leader = principal(morning, "leader")
    today = work_orders_planned(
        principal=leader, unit_ids=leader.led_unit_ids, start=TODAY, end=TODAY
    )
    assert today.count() == COPIES
    assert {o.status for o in today} == {WorkOrderStatus.PLANNED}
    week = work_orders_planned(principal=leader, unit_ids=None, start=MONDAY, end=SUNDAY)
    assert {o.planned_date for o in week} == {MONDAY, TODAY, FRIDAY}
    assert {o.unit_id for o in week} == {morning.unit_a.pk}
    # Planned in unit A but cancelled: the cancelled order is there, never counted.
    assert WorkOrder.objects.filter(
        unit=morning.unit_a, planned_date=TODAY, status=WorkOrderStatus.CANCELLED
    ).exists()


def test_planned_work_of_another_unit_stays_hidden_even_when_asked_for(morning: World) -> None:
    leader = principal(morning, "leader")
    asked = work_orders_planned(
        principal=leader, unit_ids=[morning.unit_b.pk], start=MONDAY, end=SUNDAY
    )
    assert asked.count() == 0
    finance = principal(morning, "finance")
    group = work_orders_planned(principal=finance, unit_ids=None, start=TODAY, end=TODAY)
    assert group.count() == 2 * COPIES


def test_work_to_invoice_is_done_and_not_yet_invoiced(morning: World) -> None:
    leader = principal(morning, "leader")
    orders = work_orders_to_invoice(principal=leader, unit_ids=leader.led_unit_ids)
    assert [o.status for o in orders] == [WorkOrderStatus.DONE] * COPIES


def test_a_cooperators_work_and_hours_are_their_own(morning: World) -> None:
    cooperator = principal(morning, "cooperator")
    mine = work_orders_assigned(principal=cooperator, start=TODAY, end=TODAY)
    assert mine.count() == COPIES
    assert all(cooperator.person_id in {p.pk for p in o.assigned.all()} for o in mine)
    assert hours_registered(principal=cooperator, start=MONDAY, end=SUNDAY) == Decimal("3.5") * 2
    # Nothing last week, nothing for someone else.
    last_week = MONDAY - dt.timedelta(days=7)
    assert hours_registered(
        principal=cooperator, start=last_week, end=last_week + dt.timedelta(days=6)
    ) == Decimal("0.00")
    assert hours_registered(
        principal=principal(morning, "leader"), start=MONDAY, end=SUNDAY
    ) == Decimal("0.00")


def test_customer_agreements_ending_are_those_within_the_window_in_the_units(
    morning: World,
) -> None:
    leader = principal(morning, "leader")
    ending = agreements_ending_in_units(
        principal=leader, unit_ids=leader.led_unit_ids, today=TODAY, within_days=30
    )
    assert ending.count() == COPIES
    assert all(a.valid_to == TODAY + dt.timedelta(days=10) for a in ending)
    longer = agreements_ending_in_units(
        principal=leader, unit_ids=leader.led_unit_ids, today=TODAY, within_days=45
    )
    assert longer.count() == COPIES + 1
    # Unit B's agreements are not unit A's leader's, whatever is asked.
    assert (
        agreements_ending_in_units(
            principal=leader, unit_ids=[morning.unit_b.pk], today=TODAY, within_days=30
        ).count()
        == 0
    )


# --- billing -------------------------------------------------------------------------------


def test_drafts_and_overdue_invoices_are_counted_per_unit(morning: World) -> None:
    coop = morning.cooperative.pk
    a = [morning.unit_a.pk]
    assert drafts_waiting(cooperative_id=coop, unit_ids=a).count() == COPIES
    assert drafts_waiting(cooperative_id=coop, unit_ids=None).count() == 2 * COPIES
    overdue = invoices_overdue(cooperative_id=coop, unit_ids=a, today=TODAY)
    assert {i.unit_id for i in overdue} == {morning.unit_a.pk}
    summary = invoices_overdue_summary(cooperative_id=coop, unit_ids=a, today=TODAY)
    assert (summary.count, summary.outstanding) == (COPIES, Decimal("1125.00") * COPIES)


def test_what_is_paid_is_no_longer_overdue_and_a_part_payment_lowers_what_is_left(
    morning: World,
) -> None:
    coop, a = morning.cooperative.pk, [morning.unit_a.pk]
    first, second = Invoice.objects.filter(unit=morning.unit_a).order_by("number")
    payment_register(invoice=first, paid_on=TODAY, amount="1125.00", acting_user=None)
    payment_register(invoice=second, paid_on=TODAY, amount="125.00", acting_user=None)
    summary = invoices_overdue_summary(cooperative_id=coop, unit_ids=a, today=TODAY)
    assert (summary.count, summary.outstanding) == (1, Decimal("1000.00"))
    # Before the due date nothing is overdue.
    early = invoices_overdue_summary(cooperative_id=coop, unit_ids=a, today=dt.date(2026, 1, 6))
    assert (early.count, early.outstanding) == (0, Decimal("0.00"))


# --- participants --------------------------------------------------------------------------


def test_unmarked_days_are_scheduled_days_up_to_today_without_a_mark(morning: World) -> None:
    leader = principal(morning, "leader")
    unmarked = attendance_unmarked(principal=leader, unit_ids=None, first=MONDAY, last=TODAY)
    assert len(unmarked) == unmarked_days(COPIES)
    assert {u.unit.pk for u in unmarked} == {morning.unit_a.pk}
    assert {u.day for u in unmarked} == {MONDAY, MONDAY + dt.timedelta(days=1), TODAY}
    marked = set(Attendance.objects.values_list("person_id", "day"))
    assert not {(u.person.pk, u.day) for u in unmarked} & marked
    assert [u.day for u in unmarked] == sorted(u.day for u in unmarked)


def test_unmarked_days_skip_days_off_the_schedule_and_outside_the_placement(
    morning: World,
) -> None:
    leader = principal(morning, "leader")
    # Saturday and Sunday are not scheduled: the weekend adds nothing.
    whole_week = attendance_unmarked(principal=leader, unit_ids=None, first=MONDAY, last=SUNDAY)
    assert len(whole_week) == unmarked_days(COPIES) + 2 * COPIES  # Thursday and Friday
    # After the placements end nothing is scheduled.
    later = TODAY + dt.timedelta(days=16)
    assert (
        attendance_unmarked(
            principal=leader, unit_ids=None, first=later, last=later + dt.timedelta(days=6)
        )
        == []
    )


def test_only_those_who_follow_a_units_participants_see_its_unmarked_days(
    morning: World,
) -> None:
    assert (
        attendance_unmarked(
            principal=principal(morning, "cooperator"), unit_ids=None, first=MONDAY, last=TODAY
        )
        == []
    )
    other = attendance_unmarked(
        principal=principal(morning, "leader_b"),
        unit_ids=[morning.unit_a.pk],
        first=MONDAY,
        last=TODAY,
    )
    assert other == []
    group = attendance_unmarked(
        principal=principal(morning, "vd"), unit_ids=None, first=MONDAY, last=TODAY
    )
    assert len(group) == 2 * unmarked_days(COPIES)


def test_placements_and_agreements_ending_are_within_the_window_and_the_units(
    morning: World,
) -> None:
    leader = principal(morning, "leader")
    placements = placements_ending(principal=leader, unit_ids=None, on=TODAY, days=30)
    assert placements.count() == COPIES
    assert placements_ending(principal=leader, unit_ids=None, on=TODAY, days=10).count() == 0
    agreements = participant_agreements_ending(principal=leader, unit_ids=None, on=TODAY)
    assert {a.unit_id for a in agreements} == {morning.unit_a.pk}
    vd = principal(morning, "vd")
    assert participant_agreements_ending(principal=vd, unit_ids=None, on=TODAY).count() == 4
    assert Placement.objects.count() == 2 * COPIES


# --- governance ----------------------------------------------------------------------------


def _bodies(world: World) -> dict[str, Body]:
    return world._portal_gov  # type: ignore[attr-defined,no-any-return]


def test_meetings_ahead_are_those_not_yet_over_the_soonest_first(morning: World) -> None:
    vs_a = Body.objects.filter(pk=_bodies(morning)["vs_a"].pk)
    ahead = list(meetings_ahead(vs_a, now=NOW))
    # Held today (open) and planned on Friday, per copy.
    assert len(ahead) == 2 * COPIES
    assert [m.starts_at for m in ahead] == sorted(m.starts_at for m in ahead)
    today = ahead[0]
    assert today.status == MeetingStatus.OPEN
    meeting_close(meeting=today, acting_user=None)
    assert today.pk not in {m.pk for m in meetings_ahead(vs_a, now=NOW)}
    soon = meetings_ahead(vs_a, now=NOW, until=NOW + dt.timedelta(days=1))
    assert soon.count() == COPIES - 1


def test_meetings_starting_in_a_week_are_all_of_them_whatever_their_state(
    morning: World,
) -> None:
    vs_a = Body.objects.filter(pk=_bodies(morning)["vs_a"].pk)
    start = dt.datetime.combine(MONDAY, dt.time.min, tzinfo=NOW.tzinfo)
    week = meetings_starting(vs_a, start=start, end=start + dt.timedelta(days=7))
    first = week.first()
    assert first is not None
    meeting_close(meeting=first, acting_user=None)
    assert meetings_starting(vs_a, start=start, end=start + dt.timedelta(days=7)).count() == (
        2 * COPIES
    )


def test_the_papers_of_a_meeting_are_the_documents_of_its_matters(morning: World) -> None:
    board = _bodies(morning)["board"]
    upcoming = list(Meeting.objects.filter(body=board, status="planned").order_by("pk"))
    assert len(upcoming) == COPIES
    for meeting in upcoming:
        papers = list(meeting_papers(meeting))
        assert [p.matter.meeting_id for p in papers] == [meeting.pk]


def test_matters_to_prepare_are_the_boards_open_ones_and_motions_without_a_statement(
    morning: World,
) -> None:
    board = _bodies(morning)["board"]
    matters = list(matters_to_prepare(board))
    assert len(matters) == 2 * COPIES
    motion = next(m for m in matters if m.submission == "motion")
    motion_answer(matter=motion, statement="Styrelsen tillstyrker.", acting_user=None)
    assert motion.pk not in {m.pk for m in matters_to_prepare(board)}
    # A unit's matters are not the board's.
    assert not Matter.objects.filter(body=_bodies(morning)["vs_a"]).filter(
        pk__in=[m.pk for m in matters_to_prepare(board)]
    )


def test_pending_decisions_leave_once_carried_out(morning: World) -> None:
    vs_a = Body.objects.filter(pk=_bodies(morning)["vs_a"].pk)
    pending = list(decisions_pending_in(vs_a))
    assert len(pending) == COPIES
    decision_set_execution(
        decision=pending[0], status="done", note="Klart.", acting_user=None, on=TODAY
    )
    assert decisions_pending_in(vs_a).count() == COPIES - 1
    both = Body.objects.filter(pk__in=[_bodies(morning)["vs_a"].pk, _bodies(morning)["vs_b"].pk])
    assert decisions_pending_in(both).count() == 2 * COPIES - 1
    assert Decision.objects.count() == 3 * COPIES  # and the board's, not asked for


# --- ledger --------------------------------------------------------------------------------


def test_units_in_deficit_are_those_whose_costs_exceed_revenue(morning: World) -> None:
    deficits = units_in_deficit(start=dt.date(2026, 1, 1), end=TODAY)
    # Unit A: 2 000 kr lost a copy in February, 900 kr invoiced a copy in January.
    assert [(u.unit_id, u.result) for u in deficits] == [
        (morning.unit_a.pk, Decimal("-1100.00") * COPIES)
    ]
    only_b = [cost_centre_for_unit(morning.unit_b).pk]
    assert units_in_deficit(start=dt.date(2026, 1, 1), end=TODAY, cost_centre_ids=only_b) == []


def test_units_behind_budget_are_those_with_a_budget_they_have_not_reached(
    morning: World,
) -> None:
    behind = units_behind_budget(start=dt.date(2026, 1, 1), end=dt.date(2026, 2, 28))
    # A copy: 5 000 kr budgeted; unit A made -2 000 + 900 kr, unit B 2 000 + 900 kr.
    assert [(u.unit_id, u.behind_by) for u in behind] == [
        (morning.unit_a.pk, Decimal("6100.00") * COPIES),
        (morning.unit_b.pk, Decimal("2100.00") * COPIES),
    ]
    # January alone had no budget: nobody is behind a budget there is not.
    assert units_behind_budget(start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31)) == []


def test_last_months_levy_is_due_until_it_is_run(morning: World) -> None:
    assert levy_not_run(on=TODAY) == dt.date(2026, 2, 1)
    # Nothing was sold in December: nothing to levy.
    assert levy_not_run(on=dt.date(2026, 1, 15)) is None
    levy_rate_set(
        valid_from=dt.date(2026, 1, 1), rate=Decimal(15), decision_ref="Stämman", acting_user=None
    )
    levy_run(period=dt.date(2026, 2, 1), acting_user=None)
    assert levy_not_run(on=TODAY) is None
    # A month a run has locked counts as run, even with nothing posted for it.
    assert levy_not_run(on=dt.date(2026, 2, 15)) == dt.date(2026, 1, 1)
    LevyMonth.objects.create(period=dt.date(2026, 1, 1))
    assert levy_not_run(on=dt.date(2026, 2, 15)) is None


def test_a_failed_import_counts_until_its_file_is_imported(morning: World) -> None:
    assert import_jobs_failed().count() == COPIES
    ImportJob.objects.create(
        file_name="bokslut-0.se", path="/x", status=ImportStatus.DONE, dry_run=True
    )
    assert import_jobs_failed().count() == COPIES  # a dry run imports nothing
    ImportJob.objects.create(file_name="bokslut-0.se", path="/x", status=ImportStatus.DONE)
    assert import_jobs_failed().count() == COPIES - 1


def test_a_fortnox_failure_is_the_link_with_an_error(world: World) -> None:
    assert fortnox_failure() is None
    connection = FortnoxConnection.objects.create()
    assert fortnox_failure() is None
    connection.last_error = "401 Unauthorized"
    connection.save()
    assert fortnox_failure() == connection


def test_a_units_bodies_and_the_board_are_found_by_what_they_are(morning: World) -> None:
    coop = morning.cooperative.pk
    bodies = bodies_of_units(coop, [morning.unit_a.pk])
    assert {b.unit_id for b in bodies} == {morning.unit_a.pk}
    assert _bodies(morning)["vs_a"] in bodies
    assert board_of(coop) == _bodies(morning)["board"]
    assert list(boards_of(coop)) == [_bodies(morning)["board"]]
    assert board_of(coop + 1000) is None


def test_an_absence_the_participant_reported_is_unmarked_until_staff_confirm_it(
    morning: World,
) -> None:
    leader = principal(morning, "leader")
    person = (
        Placement.objects.filter(unit=morning.unit_a).order_by("pk").last().person  # type: ignore[union-attr]
    )
    before = attendance_unmarked(principal=leader, unit_ids=None, first=MONDAY, last=TODAY)
    attendance_self_report(person=person, kind="sick", acting_user=None)
    after = attendance_unmarked(principal=leader, unit_ids=None, first=MONDAY, last=TODAY)
    assert len(after) == len(before)
    reported = [u for u in after if u.reported]
    assert [(u.person.pk, u.day) for u in reported] == [(person.pk, TODAY)]
    Attendance.objects.filter(person=person, day=TODAY).update(confirmed_at=NOW)
    confirmed = attendance_unmarked(principal=leader, unit_ids=None, first=MONDAY, last=TODAY)
    assert len(confirmed) == len(before) - 1
