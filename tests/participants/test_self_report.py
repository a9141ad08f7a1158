"""A participant reports "sick today" or "away today" from their own page or the API; it
waits in the grid for their supervisor to confirm, and counts in no report until then."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction
from pypdf import PdfReader

from koop.core.errors import KoopValidationError
from koop.core.models import AuditEntry
from koop.participants.factories import CompensationRateFactory
from koop.participants.models import Attendance, AttendanceCorrection, CompensationBasis
from koop.participants.selectors import attendance_that_happened
from koop.participants.services import attendance_self_report, claim_compute
from koop.people.models import Person
from tests.participants.cases import place
from tests.personas import World

WEDNESDAY = dt.date(2026, 3, 4)  # "today" in these tests


@pytest.fixture(autouse=True)
def _wednesday() -> Iterator[None]:
    with time_machine.travel(
        dt.datetime(2026, 3, 4, 7, 30, tzinfo=ZoneInfo("Europe/Stockholm")), tick=False
    ):
        yield


@pytest.fixture
def participant(world: World, fresh_agreement):  # type: ignore[no-untyped-def]
    """The ``participant`` persona, placed in unit A under its leader since January."""
    agreement = fresh_agreement(person=world.persons["participant"])
    place(agreement, supervisor_id=world.persons["leader"].pk, starts_on=dt.date(2026, 1, 5))
    return agreement


def _grid(world: World) -> str:
    return f"/participants/units/{world.unit_a.pk}/attendance/?week=2026-03-02"


def test_the_participant_reports_sick_today_and_it_waits_for_confirmation(
    world: World, participant
) -> None:  # type: ignore[no-untyped-def]
    person = world.persons["participant"]
    record = attendance_self_report(
        person=person, kind="sick", acting_user=world.user("participant")
    )
    assert (record.day, record.status, record.reason) == (WEDNESDAY, "absent", "sick")
    assert record.hours == Decimal(0)
    assert record.awaiting_confirmation
    assert record.unit_id == world.unit_a.pk
    audit = AuditEntry.objects.get(action="attendance_self_report")
    assert audit.actor_id == world.user("participant").pk
    assert audit.object_id == str(record.pk)


def test_away_today_is_an_absence_for_another_reason(world: World, participant) -> None:  # type: ignore[no-untyped-def]
    record = attendance_self_report(
        person=world.persons["participant"], kind="away", acting_user=None
    )
    assert (record.status, record.reason) == ("absent", "other")


def test_only_today_can_be_reported(world: World, participant) -> None:  # type: ignore[no-untyped-def]
    for day in (WEDNESDAY + dt.timedelta(days=1), WEDNESDAY - dt.timedelta(days=1)):
        with pytest.raises(KoopValidationError) as error:
            attendance_self_report(
                person=world.persons["participant"], kind="sick", day=day, acting_user=None
            )
        assert error.value.problems[0].field == "day"
    assert not Attendance.objects.exists()


def test_a_report_never_overwrites_what_staff_have_marked(world: World, participant) -> None:  # type: ignore[no-untyped-def]
    Attendance.objects.create(
        agreement=participant,
        person_id=participant.person_id,
        unit=world.unit_a,
        day=WEDNESDAY,
        status="present",
        hours=6,
    )
    with pytest.raises(KoopValidationError, match="already written down"):
        attendance_self_report(person=world.persons["participant"], kind="sick", acting_user=None)
    assert Attendance.objects.get().status == "present"


def test_a_report_not_yet_confirmed_can_be_changed_and_the_change_is_logged(
    world: World, participant
) -> None:  # type: ignore[no-untyped-def]
    person = world.persons["participant"]
    attendance_self_report(person=person, kind="sick", acting_user=None)
    attendance_self_report(person=person, kind="away", acting_user=None)
    assert Attendance.objects.get().reason == "other"
    correction = AttendanceCorrection.objects.get()
    assert (correction.before["reason"], correction.after["reason"]) == ("sick", "other")


def test_without_a_placement_today_there_is_nothing_to_report(
    world: World, fresh_agreement
) -> None:  # type: ignore[no-untyped-def]
    agreement = fresh_agreement(person=world.persons["participant"])
    place(agreement, supervisor_id=world.persons["leader"].pk, starts_on=dt.date(2026, 4, 1))
    with pytest.raises(KoopValidationError) as error:
        attendance_self_report(person=world.persons["participant"], kind="sick", acting_user=None)
    assert error.value.problems[0].field == "kind"


def test_the_database_refuses_an_unconfirmed_report_of_presence(world: World, participant) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(
            agreement=participant,
            person_id=participant.person_id,
            unit=world.unit_a,
            day=WEDNESDAY,
            status="present",
            hours=6,
            self_reported_at=dt.datetime(2026, 3, 4, 7, 0, tzinfo=dt.UTC),
        )


# --- the page and the API ------------------------------------------------------------


def test_the_own_page_reports_sick_today_in_easy_swedish(
    world: World, client_for, participant
) -> None:  # type: ignore[no-untyped-def]
    client = client_for("participant")
    page = client.get("/participants/me/").content.decode()
    assert "Jag är sjuk i dag" in page
    assert "Jag är borta i dag" in page
    response = client.post("/participants/me/absence/", {"kind": "sick"})
    assert response.status_code == 302
    assert Attendance.objects.get().awaiting_confirmation
    page = client.get("/participants/me/").content.decode()
    assert "Du har sagt till: du är sjuk i dag." in page
    assert "Din handledare har inte sett det än." in page


def test_a_refused_report_answers_422_on_the_own_page(
    world: World, client_for, participant
) -> None:  # type: ignore[no-untyped-def]
    response = client_for("participant").post("/participants/me/absence/", {"kind": "holiday"})
    assert response.status_code == 422
    assert not Attendance.objects.exists()


def test_the_api_reports_for_the_participant_themself_only(
    world: World, client_for, participant
) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/v1/participants/{participant.person_id}/absences"
    leader = client_for("leader").post(url, {"kind": "sick"}, content_type="application/json")
    assert leader.status_code == 404
    own = client_for("participant").post(url, {"kind": "sick"}, content_type="application/json")
    assert own.status_code == 201
    assert own.json()["awaiting_confirmation"] is True
    tomorrow = client_for("participant").post(
        url, {"kind": "sick", "day": "2026-03-05"}, content_type="application/json"
    )
    assert tomorrow.status_code == 422
    other = Person.objects.exclude(pk=participant.person_id).filter(user__isnull=False).first()
    assert other is not None
    someone_else = client_for("participant").post(
        f"/api/v1/participants/{other.pk}/absences",
        {"kind": "sick"},
        content_type="application/json",
    )
    assert someone_else.status_code == 404


# --- the grid: shown as reported, confirmed by the leader ------------------------------


def test_the_grid_shows_the_report_until_the_leader_confirms_it(
    world: World, client_for, participant
) -> None:  # type: ignore[no-untyped-def]
    attendance_self_report(person=world.persons["participant"], kind="sick", acting_user=None)
    leader = client_for("leader")
    body = leader.get(_grid(world)).content.decode()
    cell = f"cell-{participant.person_id}-{WEDNESDAY}"
    assert "Anmäld av deltagaren" in body
    assert f'name="confirm-{cell}"' in body
    response = leader.post(
        _grid(world),
        {
            "week": "2026-03-02",
            cell: "absent:sick",
            f"hours-{cell}": "0.0",
            f"was-{cell}": "absent:sick",
            f"was-hours-{cell}": "0.0",
            f"confirm-{cell}": "1",
        },
    )
    assert response.status_code == 302
    record = Attendance.objects.get()
    assert record.confirmed_by == world.user("leader")
    assert not record.awaiting_confirmation
    assert "Anmäld av deltagaren" not in leader.get(_grid(world)).content.decode()
    audit = AuditEntry.objects.filter(action="attendance_save").latest("pk")
    assert audit.after["confirmed"] == [
        {"person": participant.person_id, "day": WEDNESDAY.isoformat()}
    ]


def test_a_leader_changing_the_report_deals_with_it(world: World, client_for, participant) -> None:  # type: ignore[no-untyped-def]
    attendance_self_report(person=world.persons["participant"], kind="sick", acting_user=None)
    cell = f"cell-{participant.person_id}-{WEDNESDAY}"
    client_for("leader").post(
        _grid(world),
        {
            "week": "2026-03-02",
            cell: "present",
            f"hours-{cell}": "3,5",
            f"was-{cell}": "absent:sick",
            f"was-hours-{cell}": "0.0",
        },
    )
    record = Attendance.objects.get()
    assert (record.status, record.hours) == ("present", Decimal("3.5"))
    assert record.confirmed_at is not None
    assert AttendanceCorrection.objects.get().before["status"] == "absent"


# --- reports and claims leave it out until confirmed -----------------------------------


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def _table_of_days(text: str) -> list[str]:
    """The cells of the report's table of days, one a line, between its heading and the
    summary."""
    start = text.index("Dag\nStatus\nSkäl\nTimmar\n") + len("Dag\nStatus\nSkäl\nTimmar\n")
    return text[start : text.index("Översikt")].split()


def test_an_unconfirmed_report_counts_in_no_report_until_confirmed(
    world: World, client_for, participant
) -> None:  # type: ignore[no-untyped-def]
    record = attendance_self_report(
        person=world.persons["participant"], kind="sick", acting_user=None
    )
    assert not attendance_that_happened(on=WEDNESDAY).exists()
    pdf = client_for("leader").get(
        f"/participants/agreements/{participant.pk}/attendance/2026/3/report.pdf"
    )
    text = _pdf_text(pdf.content)
    assert _table_of_days(text) == []
    assert "1 dag som deltagaren själv har anmält är inte bekräftad" in text
    Attendance.objects.filter(pk=record.pk).update(
        confirmed_at=dt.datetime(2026, 3, 4, 9, 0, tzinfo=dt.UTC)
    )
    assert list(attendance_that_happened(on=WEDNESDAY)) == [record]
    text = _pdf_text(
        client_for("leader")
        .get(f"/participants/agreements/{participant.pk}/attendance/2026/3/report.pdf")
        .content
    )
    assert _table_of_days(text) == ["2026-03-04", "Frånvarande", "Sjuk", "0", "h"]
    assert "inte bekräftad" not in text


def test_a_daily_claim_pays_no_unconfirmed_day(world: World, participant) -> None:  # type: ignore[no-untyped-def]
    CompensationRateFactory(amount=Decimal("300.00"), basis=CompensationBasis.PER_DAY)
    for day in (2, 3):
        Attendance.objects.create(
            agreement=participant,
            person_id=participant.person_id,
            unit=world.unit_a,
            day=dt.date(2026, 3, day),
            status="present",
            hours=6,
        )
    attendance_self_report(person=world.persons["participant"], kind="sick", acting_user=None)
    claim = claim_compute(
        body=participant.referral.body, month=dt.date(2026, 3, 1), acting_user=None
    )
    assert claim.total == Decimal("600.00")


@pytest.mark.parametrize("count", [3, 30])
def test_the_own_page_costs_the_same_queries_for_3_and_30_goals_and_days(
    count: int, world: World, client_for, participant, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from koop.participants.services import goal_add, step_add

    for i in range(count):
        goal = goal_add(agreement=participant, text=f"Mål {i}", acting_user=None)
        step_add(goal=goal, text=f"Steg {i}", acting_user=None)
    for i in range(min(count, 25)):
        Attendance.objects.create(
            agreement=participant,
            person_id=participant.person_id,
            unit=world.unit_a,
            day=WEDNESDAY - dt.timedelta(days=i + 1),
            status="present",
            hours=6,
        )
    attendance_self_report(person=world.persons["participant"], kind="sick", acting_user=None)
    client = client_for("participant")
    with django_assert_max_num_queries(14):
        response = client.get("/participants/me/")
    body = response.content.decode()
    assert body.count("<strong>Mål ") == count
    assert "Jag är borta i dag" in body
