"""The pages and the API through HTTP: the live meeting, voting from a phone, query counts."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from koop.governance.models import Ballot, VoterReceipt
from koop.governance.services import meeting_create, vote_open
from tests.governance.helpers import Gov, at, open_meeting

UNIT_A = ["leader", "cooperator", "participant"]


def test_meeting_list_queries_do_not_grow_with_meetings(
    gov: Gov,
    client_for,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    for n in range(12):
        meeting_create(
            body=gov.vs_a, title=f"VS {n}", starts_at=at(10 + n), place="Lagret", acting_user=None
        )
    client = client_for("cooperator")
    with django_assert_max_num_queries(12):
        response = client.get("/governance/meetings/")
    assert response.status_code == 200
    assert response.content.decode().count("VS ") >= 12


def test_a_member_votes_on_the_live_page_and_sees_the_result_without_reload(
    gov: Gov,
    client_for,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    meeting = open_meeting(gov.vs_a, present=[gov.person(p) for p in UNIT_A])
    vote = vote_open(meeting=meeting, question="Sommarstängt?", method="secret", acting_user=None)
    client = client_for("participant")
    page = client.get(f"/governance/meetings/{meeting.pk}/live/").content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "Sommarstängt?" in page
    yes = vote.options.get(role="yes").pk
    response = client.post(f"/governance/votes/{vote.pk}/cast/", {"option": yes})
    assert response.status_code == 302
    assert Ballot.objects.filter(vote=vote).count() == 1
    with django_assert_max_num_queries(30):
        state = client.get(f"/governance/meetings/{meeting.pk}/live/state/")
    assert 'name="option"' not in state.content.decode()  # voted: no ballot form any more
    leader = client_for("leader")
    leader.post(f"/governance/votes/{vote.pk}/close/", {"confirmed": "yes"})
    state = client.get(f"/governance/meetings/{meeting.pk}/live/state/").content.decode()
    assert "Sommarstängt?" in state
    assert "Bifall: 1 för, 0 emot." in state


def test_the_api_casts_once_and_refuses_a_second_vote_with_a_clear_message(
    gov: Gov,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    meeting = open_meeting(gov.vs_a, present=[gov.person(p) for p in UNIT_A])
    leader = client_for("leader")
    opened = leader.post(
        f"/api/v1/meetings/{meeting.pk}/votes",
        {"question": "Ny bil?", "method": "secret"},
        content_type="application/json",
    ).json()
    yes = next(o["id"] for o in opened["options"] if o["role"] == "yes")
    coop = client_for("cooperator")
    url = f"/api/v1/votes/{opened['id']}/cast"
    assert coop.post(url, {"option_ids": [yes]}, content_type="application/json").json() == {
        "vote_id": opened["id"],
        "counted": True,
    }
    again = coop.post(url, {"option_ids": [yes]}, content_type="application/json")
    assert again.status_code == 422
    assert (
        "already voted" in again.json()["detail"][0]["message"]
        or "redan röstat" in again.json()["detail"][0]["message"]
    )
    result = leader.post(
        f"/api/v1/votes/{opened['id']}/close", {}, content_type="application/json"
    ).json()
    assert (result["yes_count"], result["outcome"]) == (1, "adopted")
    late = coop.post(url, {"option_ids": [yes]}, content_type="application/json")
    assert late.status_code == 422
    assert VoterReceipt.objects.filter(vote_id=opened["id"]).count() == 1


def test_the_api_refuses_a_meeting_called_with_too_short_notice(
    gov: Gov,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    start = timezone.localtime() + dt.timedelta(days=2)
    response = client_for("leader").post(
        "/api/v1/meetings",
        {"body_id": gov.vs_a.pk, "title": "VS", "starts_at": start.isoformat(), "place": "X"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "starts_at"


def test_a_decision_form_beyond_delegation_answers_422_naming_the_rightful_body(
    gov: Gov,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    meeting = open_meeting(gov.vs_a, present=[gov.person(p) for p in UNIT_A])
    item = meeting.items.order_by("position").first()
    assert item is not None
    response = client_for("leader").post(
        f"/governance/items/{item.pk}/decide/",
        {
            "text": "Köp lastbil",
            "manner": "consensus",
            "matter_kind": "purchase",
            "amount": "300000",
        },
    )
    assert response.status_code == 422
    assert "Board" in response.content.decode() or "Styrelse" in response.content.decode()
