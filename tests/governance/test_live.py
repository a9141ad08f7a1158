"""The live meeting page: the polled state never carries a form, the ballot stays as the
voter left it, people are looked up within the meeting, and a refusal names nobody the
chair cannot see."""

from __future__ import annotations

import re

from koop.governance.models import Ballot, VoterReceipt
from koop.governance.services import vote_cast, vote_close, vote_open
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
    assert 'id="vote-panel"' in html and 'hx-swap-oob="true"' in html
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
