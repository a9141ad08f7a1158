"""The leader's attendance week and the participant's own page, in a real browser at phone
and desktop size: marking, removing, filling a day, days to come refused, and a
participant's "sick today" arriving in the grid to be confirmed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from koop.participants.factories import AgreementFactory
from koop.participants.models import Agreement, Attendance, Placement, ScheduleDay
from koop.participants.services import attendance_self_report
from koop.people.factories import PersonFactory
from tests.browser.kit import assert_accessible, horizontal_overflow, log_in
from tests.personas import World

EVERY_DAY = {d: Decimal(6) for d in range(7)}  # so "today" is a working day whatever day it is


def _place(world: World, person, *, ends_on: dt.date | None = None) -> Agreement:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    agreement = AgreementFactory(
        person=person,
        unit=world.unit_a,
        consented=True,
        starts_on=today - dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=120),
    )
    placement = Placement.objects.create(
        agreement=agreement,
        person=person,
        unit=world.unit_a,
        supervisor=world.persons["leader"],
        starts_on=today - dt.timedelta(days=30),
        ends_on=ends_on,
    )
    ScheduleDay.objects.bulk_create(
        ScheduleDay(placement=placement, weekday=d, hours=h) for d, h in EVERY_DAY.items()
    )
    return agreement


@pytest.fixture
def unit_week(
    immutable_rows_removed_afterwards: None, browser_world: World
) -> dict[str, Agreement]:
    """The participant persona and Berit, placed in unit A every day, and Carl, whose
    placement ended on this week's Monday (the kinds of support a referral names are put
    back first: the live server's tests empty the database)."""
    world = browser_world
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    berit = PersonFactory(cooperative=world.cooperative, first_name="Berit", last_name="Ek")
    carl = PersonFactory(cooperative=world.cooperative, first_name="Carl", last_name="Ås")
    return {
        "participant": _place(world, world.persons["participant"]),
        "berit": _place(world, berit),
        "carl": _place(world, carl, ends_on=monday),
    }


def _grid_url(base_url: str, world: World, *, week: dt.date | None = None) -> str:
    today = timezone.localdate()
    monday = (week or today) - dt.timedelta(days=(week or today).weekday())
    return f"{base_url}/participants/units/{world.unit_a.pk}/attendance/?week={monday}"


def _cell(agreement: Agreement, day: dt.date) -> str:
    return f"cell-{agreement.person_id}-{day.isoformat()}"


def _save(page: Page) -> None:
    page.click("button.primary[type=submit]")
    page.wait_for_load_state()


def test_the_leader_runs_the_attendance_week(
    any_size: Page, base_url: str, browser_world: World, unit_week
) -> None:  # type: ignore[no-untyped-def]
    page, world = any_size, browser_world
    today = timezone.localdate()
    participant, berit = unit_week["participant"], unit_week["berit"]
    attendance_self_report(
        person=world.persons["participant"], kind="sick", acting_user=world.user("participant")
    )
    log_in(page, base_url, "leader", lands_on=None)
    page.goto(_grid_url(base_url, world))
    assert_accessible(page)
    assert horizontal_overflow(page) <= 0
    # Carl's days after his placement ended cannot be marked.
    sunday = today + dt.timedelta(days=6 - today.weekday())
    expect(page.locator(f"#{_cell(unit_week['carl'], sunday)}")).to_have_count(0)

    # The participant's own report waits, marked, for the leader.
    reported = page.locator(f"td:has(#{_cell(participant, today)})")
    expect(reported.locator(".badge.reported")).to_have_text("Anmäld av deltagaren")

    # All present fills today for Berit with her hours, and leaves the report as it is.
    page.click(f"button.fill[value='{today.isoformat()}']")
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("Närvaron sparades")
    expect(page.locator(f"#{_cell(berit, today)}")).to_have_value("present")
    expect(page.locator(f"[name='hours-{_cell(berit, today)}']")).to_have_value("6")
    expect(page.locator(f"#{_cell(participant, today)}")).to_have_value("absent:sick")

    # The leader confirms the report.
    page.check(f"[name='confirm-{_cell(participant, today)}']")
    _save(page)
    expect(page.locator(".messages")).to_contain_text("1 bekräftade")
    expect(page.locator(".badge.reported")).to_have_count(0)
    assert not Attendance.objects.get(person_id=participant.person_id).awaiting_confirmation

    # A mark, then its removal.
    page.select_option(f"#{_cell(berit, today)}", "absent:agency_meeting")
    _save(page)
    expect(page.locator(f"#{_cell(berit, today)}")).to_have_value("absent:agency_meeting")
    page.select_option(f"#{_cell(berit, today)}", "")
    _save(page)
    expect(page.locator(".messages")).to_contain_text("1 borttagna")
    expect(page.locator(f"#{_cell(berit, today)}")).to_have_value("")
    assert not Attendance.objects.filter(person_id=berit.person_id).exists()

    # Next week has not come: nothing there can be marked or filled.
    page.goto(_grid_url(base_url, world, week=today + dt.timedelta(days=7)))
    expect(page.locator("table.grid select")).to_have_count(0)
    expect(page.locator("button.fill")).to_have_count(0)
    expect(page.locator("table.grid td.future").first).to_contain_text("Inte än")
    assert_accessible(page)
    assert horizontal_overflow(page) <= 0


def test_the_whole_week_fits_a_laptop(
    laptop: Page, base_url: str, browser_world: World, unit_week
) -> None:  # type: ignore[no-untyped-def]
    log_in(laptop, base_url, "leader", lands_on=None)
    laptop.goto(_grid_url(base_url, browser_world))
    assert horizontal_overflow(laptop) <= 0
    sunday = laptop.locator("table.grid thead th.d6").bounding_box()
    assert sunday is not None
    assert sunday["x"] + sunday["width"] <= 1366
    for index in range(7):
        expect(laptop.locator(f"table.grid thead th.d{index}")).to_be_visible()
    # Every select of the week is within the window, none cut off.
    right_edges = laptop.evaluate(
        "[...document.querySelectorAll('table.grid select')]"
        ".map(s => s.getBoundingClientRect().right)"
    )
    assert right_edges
    assert max(right_edges) <= 1366
    assert_accessible(laptop)


def test_the_participant_reports_sick_today_from_their_page(
    any_size: Page, base_url: str, browser_world: World, unit_week
) -> None:  # type: ignore[no-untyped-def]
    page = any_size
    log_in(page, base_url, "participant", lands_on="/participants/me/")
    assert_accessible(page)
    assert horizontal_overflow(page) <= 0
    page.click("button[name=kind][value=sick]")
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("Tack")
    expect(page.locator("#my-today ~ p.big")).to_have_text("Du har sagt till: du är sjuk i dag.")
    record = Attendance.objects.get(person=browser_world.persons["participant"])
    assert (record.day, record.reason) == (timezone.localdate(), "sick")
    assert record.awaiting_confirmation
    # Accessible with its thank-you message shown, and again once it is gone.
    assert_accessible(page)
    page.reload()
    expect(page.locator("#my-today ~ p").nth(1)).to_have_text(
        "Din handledare har inte sett det än."
    )
    assert_accessible(page)
    assert horizontal_overflow(page) <= 0
