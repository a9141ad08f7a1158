"""The live meeting page: the polled state never carries a form, the ballot stays as the
voter left it, people are looked up within the meeting, and a refusal names nobody the
chair cannot see."""

from __future__ import annotations

import re

from koop.governance.models import Ballot, VoterReceipt
from koop.governance.services import meeting_close, vote_cast, vote_close, vote_open
from koop.people.factories import PersonFactory
from tests.governance.helpers import Gov, open_meeting

UNIT_A = ["leader", "cooperator", "participant"]


def _keys(html: str) -> dict[str, str]:
    """What the page sends with each poll: the vote panel's key and what it shows now."""
    found = dict(re.findall(r'id="(panel-key|live-seen)" name="\w+" value="([^"]*)"', html))
    return {"panel": found["panel-key"], "seen": found["live-seen"]}


def test_the_polled_state_never_replaces_the_ballot_form(gov: Gov, client_for) -> None:  # type: ignore[no-untyped-def]
    meeting = open_meeting(gov.vs_a, present=[gov.person(p) for p in UNIT_A])
    vote = vote_open(meeting=meeting, question="Sommarstängt?", method="secret", acting_user=None)
    client = client_for("cooperator")
    state_url = f"/governance/meetings/{meeting.pk}/live/state/"
    page = client.get(f"/governance/meetings/{meeting.pk}/live/").content.decode()
    assert page.count('name="option"') == 3  # the ballot is on the page
    keys = _keys(page)

    # Nothing changed: the page is left as it is.
    assert client.get(state_url, keys).status_code == 204

    # Someone else votes: the state and the progress line change, the ballot does not.
    vote_cast(
        vote=vote,
        person=gov.person("leader"),
        option_ids=[vote.options.get(role="no").pk],
        acting_user=None,
    )
    state = client.get(state_url, keys)
    assert state.status_code == 200
    html = state.content.decode()
    assert "<form" not in html
    assert 'name="option"' not in html
    assert re.search(r'id="vote-progress" hx-swap-oob="innerHTML">1 av 3 har röstat<', html)

    # The vote closes: now the panel is drawn again, without a ballot, with the result.
    vote_close(vote=vote, acting_user=None)
    html = client.get(state_url, keys).content.decode()
    assert '<section id="vote-panel" class="card vote-panel"' in html
    assert 'hx-swap-oob="true"' in html
    assert 'name="option"' not in html
    assert "Avslag: 0 för, 1 emot." in html  # the page is in Swedish, the default


def test_a_proxy_vote_for_someone_outside_the_cooperative_names_nobody(
    gov: Gov,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    meeting = open_meeting(gov.vs_a, present=[gov.person(p) for p in UNIT_A])
    vote = vote_open(meeting=meeting, question="Ny bil?", method="secret", acting_user=None)
    stranger = PersonFactory(first_name="Hemliga", last_name="Utomstående")
    yes = vote.options.get(role="yes").pk

    response = client_for("cooperator").post(
        f"/governance/votes/{vote.pk}/cast/",
        {"option": yes, "on_behalf_of": stranger.pk},
        follow=True,
    )

    assert "Utomstående" not in response.content.decode()
    assert not Ballot.objects.filter(vote=vote).exists()
    assert not VoterReceipt.objects.filter(vote=vote).exists()


def test_the_chair_cannot_check_in_someone_outside_the_body_nor_learn_their_name(
    gov: Gov,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    meeting = open_meeting(gov.vs_a, present=[])
    outsider = gov.person("leader_b")  # same cooperative, another unit

    response = client_for("leader").post(
        f"/governance/meetings/{meeting.pk}/check-in/", {"person": outsider.pk}, follow=True
    )

    assert not meeting.attendances.filter(person=outsider).exists()
    assert "Leader_B" not in response.content.decode()


def test_only_someone_at_the_meeting_can_be_named_its_chair(gov: Gov, client_for) -> None:  # type: ignore[no-untyped-def]
    meeting = open_meeting(gov.vs_a, present=[])
    outsider = gov.person("leader_b")

    response = client_for("leader").post(
        f"/api/v1/meetings/{meeting.pk}/officers",
        {"chair_id": outsider.pk},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "chair_id"
    assert "Leader_B" not in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.chair_id is None


def test_the_chair_checks_people_in_with_one_tap_each(gov: Gov, client_for) -> None:  # type: ignore[no-untyped-def]
    meeting = open_meeting(gov.vs_a, present=[])
    leader = client_for("leader")
    url = f"/governance/meetings/{meeting.pk}/attendance/"

    page = leader.get(url).content.decode()
    buttons = re.findall(
        r'<button type="submit" class="checkin-button" name="person" value="(\d+)"', page
    )
    assert sorted(map(int, buttons)) == sorted(gov.person(p).pk for p in UNIT_A)
    assert "Leader_B" not in page  # unit B's leader is not in unit A's meeting

    response = leader.post(
        f"/governance/meetings/{meeting.pk}/check-in/", {"person": gov.person("cooperator").pk}
    )

    assert response.status_code == 302
    assert response["Location"] == url
    assert meeting.attendances.filter(person=gov.person("cooperator")).exists()
    page = leader.get(url).content.decode()
    assert "1 av 3 är här" in page
    assert page.count('class="checkin-button"') == 2


def test_a_member_cannot_check_in_someone_else(gov: Gov, client_for) -> None:  # type: ignore[no-untyped-def]
    meeting = open_meeting(gov.vs_a, present=[])

    client_for("cooperator").post(
        f"/governance/meetings/{meeting.pk}/check-in/", {"person": gov.person("participant").pk}
    )

    # Not the chair: the button checks in the one who pressed it, nobody else.
    assert list(meeting.attendances.values_list("person_id", flat=True)) == [
        gov.person("cooperator").pk
    ]
    assert (
        client_for("cooperator").get(f"/governance/meetings/{meeting.pk}/attendance/").status_code
        == 404
    )


def test_a_guest_is_invited_checked_in_and_may_chair_but_has_no_vote(
    gov: Gov,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    meeting = open_meeting(gov.vs_a, present=[gov.person(p) for p in UNIT_A])
    guest = gov.person("leader_b")
    assert client_for("leader_b").get(f"/governance/meetings/{meeting.pk}/live/").status_code == 404

    client_for("admin").post(f"/governance/meetings/{meeting.pk}/guests/", {"person": guest.pk})
    client_for("leader").post(f"/governance/meetings/{meeting.pk}/check-in/", {"person": guest.pk})
    named = client_for("leader").post(
        f"/api/v1/meetings/{meeting.pk}/officers",
        {"chair_id": guest.pk},
        content_type="application/json",
    )

    assert meeting.guests.filter(person=guest).exists()
    assert meeting.attendances.filter(person=guest).exists()
    assert named.status_code == 200
    assert named.json()["chair_id"] == guest.pk
    # The guest sees the meeting they were invited to and runs it as its chair, without a vote.
    live = client_for("leader_b").get(f"/governance/meetings/{meeting.pk}/live/")
    assert live.status_code == 200
    assert "Du är här utan rösträtt i det här organet." not in live.content.decode()  # no vote open
    vote = vote_open(meeting=meeting, question="Ny bil?", method="secret", acting_user=None)
    page = client_for("leader_b").get(f"/governance/meetings/{meeting.pk}/live/").content.decode()
    assert "Du är här utan rösträtt i det här organet." in page
    assert 'name="option"' not in page
    assert f"/governance/votes/{vote.pk}/close/" in page  # the chair closes the vote


def test_a_leader_cannot_invite_someone_they_cannot_see(gov: Gov, client_for) -> None:  # type: ignore[no-untyped-def]
    meeting = open_meeting(gov.vs_a, present=[])

    response = client_for("leader").post(
        f"/governance/meetings/{meeting.pk}/guests/",
        {"person": gov.person("leader_b").pk},
        follow=True,
    )

    assert not meeting.guests.exists()
    assert "Personen finns inte." in response.content.decode()
    assert "Leader_B" not in response.content.decode()


def test_the_api_refuses_a_proxy_vote_for_a_stranger_naming_nobody(gov: Gov, client_for) -> None:  # type: ignore[no-untyped-def]
    meeting = open_meeting(gov.vs_a, present=[gov.person(p) for p in UNIT_A])
    vote = vote_open(meeting=meeting, question="Ny bil?", method="secret", acting_user=None)
    stranger = PersonFactory(
        cooperative=gov.world.cooperative, first_name="Hemliga", last_name="Utomstående"
    )

    response = client_for("cooperator").post(
        f"/api/v1/votes/{vote.pk}/cast",
        {"option_ids": [vote.options.get(role="yes").pk], "on_behalf_of_id": stranger.pk},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "on_behalf_of_id"
    assert "Utomstående" not in response.content.decode()
    assert not VoterReceipt.objects.filter(vote=vote).exists()


def test_the_chair_sees_the_rule_and_how_many_have_voted(gov: Gov, client_for) -> None:  # type: ignore[no-untyped-def]
    meeting = open_meeting(gov.vs_a, present=[gov.person(p) for p in UNIT_A])
    vote = vote_open(meeting=meeting, question="Ny bil?", method="secret", acting_user=None)
    vote_cast(
        vote=vote,
        person=gov.person("participant"),
        option_ids=[vote.options.get(role="yes").pk],
        acting_user=None,
    )

    page = client_for("leader").get(f"/governance/meetings/{meeting.pk}/live/").content.decode()

    assert "1 av 3 har röstat" in page
    # A question not on an item is decided by simple majority; a tie by the chair.
    assert "<strong>Enkel majoritet</strong>" in page
    assert "bifall om fler röstar för än emot" in page
    assert "ordförandens utslagsröst" in page


def test_closing_a_vote_asks_first_and_says_what_will_happen(gov: Gov, client_for) -> None:  # type: ignore[no-untyped-def]
    meeting = open_meeting(gov.vs_a, present=[gov.person(p) for p in UNIT_A])
    vote = vote_open(meeting=meeting, question="Ny bil?", method="secret", acting_user=None)
    vote_cast(
        vote=vote,
        person=gov.person("cooperator"),
        option_ids=[vote.options.get(role="yes").pk],
        acting_user=None,
    )
    leader = client_for("leader")
    url = f"/governance/votes/{vote.pk}/close/"

    asked = leader.get(url)
    unconfirmed = leader.post(url)
    vote.refresh_from_db()
    assert vote.is_open
    assert asked.status_code == 200
    assert unconfirmed.status_code == 200
    html = asked.content.decode()
    assert "1 av 3 närvarande röster har röstat" in html
    assert 'name="confirmed" value="yes"' in html

    closed = leader.post(url, {"confirmed": "yes"})

    vote.refresh_from_db()
    assert closed.status_code == 302
    assert not vote.is_open
    assert vote.yes_count == 1
    # The meeting's page keeps the result in words, beside the rule it was counted by.
    detail = leader.get(f"/governance/meetings/{meeting.pk}/").content.decode()
    assert "Enkel majoritet, sluten omröstning: Bifall: 1 för, 0 emot." in detail


def test_closing_a_vote_by_acclamation_carries_the_chairs_count_through_the_question(
    gov: Gov,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    meeting = open_meeting(gov.vs_a, present=[gov.person(p) for p in UNIT_A])
    vote = vote_open(meeting=meeting, question="Fika?", method="acclamation", acting_user=None)
    leader = client_for("leader")
    url = f"/governance/votes/{vote.pk}/close/"

    html = leader.get(url, {"yes": "2", "no": "1", "abstain": "0"}).content.decode()
    assert "2 för, 1 emot, 0 avstod" in html
    assert '<input type="hidden" name="yes" value="2">' in html
    leader.post(url, {"confirmed": "yes", "yes": "2", "no": "1", "abstain": "0"})

    vote.refresh_from_db()
    assert (vote.yes_count, vote.no_count, vote.abstain_count) == (2, 1, 0)


def test_closing_a_meeting_asks_first_and_warns_of_an_open_vote(gov: Gov, client_for) -> None:  # type: ignore[no-untyped-def]
    meeting = open_meeting(gov.vs_a, present=[gov.person(p) for p in UNIT_A])
    vote = vote_open(meeting=meeting, question="Ny bil?", method="secret", acting_user=None)
    leader = client_for("leader")
    url = f"/governance/meetings/{meeting.pk}/close/"

    html = leader.get(url).content.decode()
    assert "En omröstning pågår fortfarande" in html
    assert "3 incheckade" in html
    vote_close(vote=vote, acting_user=None)
    assert leader.post(url).status_code == 200
    meeting.refresh_from_db()
    assert meeting.status == "open"

    assert leader.post(url, {"confirmed": "yes"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "closed"


def test_once_the_meeting_is_closed_the_page_stops_asking(gov: Gov, client_for) -> None:  # type: ignore[no-untyped-def]
    meeting = open_meeting(gov.vs_a, present=[gov.person("cooperator")])
    client = client_for("cooperator")
    keys = _keys(client.get(f"/governance/meetings/{meeting.pk}/live/").content.decode())
    meeting_close(meeting=meeting, acting_user=None)

    state = client.get(f"/governance/meetings/{meeting.pk}/live/state/", keys)

    # htmx stops polling on 286; the answer still carries the closed meeting's panel.
    assert state.status_code == 286
    assert "Mötet är avslutat" in state.content.decode()


def test_a_negative_count_is_refused_before_the_question(gov: Gov, client_for) -> None:  # type: ignore[no-untyped-def]
    meeting = open_meeting(gov.vs_a, present=[gov.person(p) for p in UNIT_A])
    vote = vote_open(meeting=meeting, question="Fika?", method="acclamation", acting_user=None)

    response = client_for("leader").get(
        f"/governance/votes/{vote.pk}/close/", {"yes": "-2", "no": "1"}, follow=True
    )

    assert "Antal kan inte vara negativa." in response.content.decode()
    vote.refresh_from_db()
    assert vote.is_open
