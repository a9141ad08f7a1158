from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from koop.participants.factories import AgreementFactory
from koop.participants.models import Attendance, Exit, ExitFollowUp, ExitOutcome
from koop.participants.selectors import outcome_statistics
from koop.participants.services import exit_record
from koop.people.factories import PersonFactory
from tests.participants.cases import place
from tests.personas import World


def test_unit_b_leader_gets_404_for_unit_a_participants(client_for, case) -> None:  # type: ignore[no-untyped-def]
    client = client_for("leader_b")
    assert client.get(f"/api/v1/participants/{case.person_id}").status_code == 404
    assert client.get(f"/participants/{case.person_id}/").status_code == 404
    assert client.get("/api/v1/participants").json()["items"] == []


def test_a_participant_sees_only_themself(world: World, client_for, case, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    other = fresh_agreement()
    client = client_for("participant")
    items = client.get("/api/v1/participants").json()["items"]
    assert [i["id"] for i in items] == [case.person_id]
    assert client.get(f"/api/v1/participants/{other.person_id}").status_code == 404
    assert client.get(f"/api/v1/participants/{case.person_id}").status_code == 200


def test_a_cooperator_sees_names_and_schedules_only(world: World, client_for, case) -> None:  # type: ignore[no-untyped-def]
    client = client_for("cooperator")
    items = client.get("/api/v1/participants").json()["items"]
    assert len(items) == 1
    assert items[0]["full_view"] is False
    assert items[0]["current_placement"]["schedule"]
    assert client.get(f"/api/v1/participants/{case.person_id}").status_code == 404
    assert client.get(f"/api/v1/participants/{case.person_id}/attendance").status_code == 404


def test_the_api_refuses_a_placement_before_consents_with_the_field(
    world: World,
    client_for,
    case,  # type: ignore[no-untyped-def]
) -> None:
    response = client_for("leader").post(
        "/api/v1/placements",
        content_type="application/json",
        data={
            "agreement_id": case.pending.pk,
            "unit_id": world.unit_a.pk,
            "supervisor_id": world.persons["leader"].pk,
            "starts_on": case.pending.starts_on.isoformat(),
            "schedule": {"0": "6"},
        },
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "agreement"


def test_the_api_saves_attendance_and_refuses_a_day_outside_the_agreement(
    world: World,
    client_for,
    case,  # type: ignore[no-untyped-def]
) -> None:
    client = client_for("leader")
    outside = (case.agreement.ends_on + dt.timedelta(days=1)).isoformat()
    response = client.post(
        "/api/v1/attendance",
        content_type="application/json",
        data={
            "unit_id": world.unit_a.pk,
            "entries": [
                {"person_id": case.person_id, "day": outside, "status": "present", "hours": "6"}
            ],
        },
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"].startswith(f"cell-{case.person_id}-")
    today = dt.date.today().isoformat()
    response = client.post(
        "/api/v1/attendance",
        content_type="application/json",
        data={
            "unit_id": world.unit_a.pk,
            "entries": [
                {
                    "person_id": case.person_id,
                    "day": today,
                    "status": "absent",
                    "reason": "agency_meeting",
                }
            ],
        },
    )
    assert response.status_code == 200, response.content
    assert Attendance.objects.filter(person_id=case.person_id, reason="agency_meeting").exists()


@pytest.mark.parametrize("count", [3, 30])
def test_the_participant_list_costs_the_same_queries_for_3_and_30(
    count: int,
    world: World,
    client_for,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    for _ in range(count):
        agreement = AgreementFactory(
            person=PersonFactory(cooperative=world.cooperative),
            unit=world.unit_a,
            consented=True,
            starts_on=dt.date(2020, 1, 1),
            ends_on=dt.date(2099, 1, 1),
        )
        place(agreement, supervisor_id=world.persons["leader"].pk, starts_on=dt.date(2020, 1, 1))
    client = client_for("leader")
    with django_assert_max_num_queries(12):
        response = client.get("/participants/")
    assert response.content.decode().count("/participants/") >= count
    with django_assert_max_num_queries(12):
        api = client.get("/api/v1/participants")
    assert api.json()["count"] == count


def test_the_participants_own_page_shows_schedule_plan_and_next_meeting(
    world: World,
    client_for,
    case,  # type: ignore[no-untyped-def]
) -> None:
    response = client_for("participant").get("/participants/me/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Möbellagret" in body
    assert "Ta truckkort" in body
    assert "Leader Testsson" in body  # the supervisor


def test_the_swedish_own_page_speaks_easy_swedish(client_for, case) -> None:  # type: ignore[no-untyped-def]
    client = client_for("participant")
    client.cookies["django_language"] = "sv"
    body = client.get("/participants/me/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Min plan" in body


def test_the_monthly_attendance_report_is_a_pdf(client_for, case) -> None:  # type: ignore[no-untyped-def]
    today = dt.date.today()
    response = client_for("leader").get(
        f"/participants/agreements/{case.agreement.pk}/attendance/{today.year}/{today.month}/report.pdf"
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_an_exit_ends_the_agreement_and_schedules_follow_ups(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    agreement = fresh_agreement()
    place(agreement, supervisor_id=world.persons["leader"].pk, starts_on=dt.date(2026, 1, 5))
    exit_record(
        agreement=agreement,
        exited_on=dt.date(2026, 8, 31),
        outcome=ExitOutcome.EMPLOYED_HERE,
        acting_user=None,
    )
    agreement.refresh_from_db()
    assert agreement.ends_on == dt.date(2026, 8, 31)
    assert agreement.placements.get().ends_on == dt.date(2026, 8, 31)
    assert list(ExitFollowUp.objects.values_list("months", "due_on")) == [
        (6, dt.date(2027, 2, 28)),
        (12, dt.date(2027, 8, 31)),
    ]


def test_outcome_statistics_hide_groups_smaller_than_five(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    for outcome in [ExitOutcome.STUDIES] * 5 + [ExitOutcome.MOVED] * 2:
        exit_record(
            agreement=fresh_agreement(),
            exited_on=dt.date(2026, 5, 1),
            outcome=outcome,
            acting_user=None,
        )
    total, rows = outcome_statistics(cooperative_id=world.cooperative.pk, year=2026)
    by = {r.outcome: r for r in rows}
    assert total == 7
    assert (by["studies"].count, by["studies"].share) == (5, Decimal("71.4"))
    assert (by["moved"].count, by["moved"].share) == (None, None)
    assert Exit.objects.count() == 7


def test_with_fewer_than_five_exits_not_even_the_total_is_shown(
    world: World, fresh_agreement
) -> None:  # type: ignore[no-untyped-def]
    exit_record(
        agreement=fresh_agreement(),
        exited_on=dt.date(2026, 5, 1),
        outcome=ExitOutcome.STUDIES,
        acting_user=None,
    )
    total, rows = outcome_statistics(cooperative_id=world.cooperative.pk, year=2026)
    assert total is None
    assert all(r.count is None for r in rows)


def test_a_participant_lands_on_their_own_page(client_for, case) -> None:  # type: ignore[no-untyped-def]
    response = client_for("participant").get("/")
    assert response.status_code == 302
    assert response["Location"] == "/participants/me/"
