"""A unit leader running their unit's meeting cannot name a person of another unit (a
leader or a participant there) as its chair or secretary, check them in or invite them,
by page or API, and the refusal never gives the name back."""

from __future__ import annotations

import datetime as dt

import pytest

from koop.participants.factories import AgreementFactory
from koop.people.factories import PersonFactory
from tests.governance.helpers import Gov, open_meeting


@pytest.fixture
def others(gov: Gov):  # type: ignore[no-untyped-def]
    participant_b = PersonFactory(
        cooperative=gov.world.cooperative, first_name="Deltagarbe", last_name="Bortasson"
    )
    today = dt.date.today()
    AgreementFactory(
        person=participant_b,
        unit=gov.world.unit_b,
        consented=True,
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=30),
    )
    return {"Leader_B": gov.person("leader_b"), "Deltagarbe": participant_b}


def _unnamed(response, name: str) -> None:  # type: ignore[no-untyped-def]
    assert name not in response.content.decode()
    assert "Bortasson" not in response.content.decode()


def test_another_units_people_are_never_officers_of_a_unit_meeting(
    gov: Gov,
    client_for,
    others,  # type: ignore[no-untyped-def]
) -> None:
    meeting = open_meeting(gov.vs_a, present=[gov.person("leader")])
    leader = client_for("leader")
    for name, person in others.items():
        for field in ("chair", "secretary"):
            page = leader.post(
                f"/governance/meetings/{meeting.pk}/officers/", {field: person.pk}, follow=True
            )
            _unnamed(page, name)
            api = leader.post(
                f"/api/v1/meetings/{meeting.pk}/officers",
                {f"{field}_id": person.pk},
                content_type="application/json",
            )
            assert api.status_code == 422
            assert api.json()["detail"][0]["field"] == f"{field}_id"
            _unnamed(api, name)
    meeting.refresh_from_db()
    assert (meeting.chair_id, meeting.secretary_id) == (None, None)
    # The form offers only the meeting's own people.
    form = leader.get(f"/governance/meetings/{meeting.pk}/officers/")
    for name in others:
        _unnamed(form, name)


def test_another_units_people_are_never_checked_in_or_invited_to_a_unit_meeting(
    gov: Gov,
    client_for,
    others,  # type: ignore[no-untyped-def]
) -> None:
    meeting = open_meeting(gov.vs_a, present=[gov.person("leader")])
    leader = client_for("leader")
    for name, person in others.items():
        page = leader.post(
            f"/governance/meetings/{meeting.pk}/check-in/", {"person": person.pk}, follow=True
        )
        _unnamed(page, name)
        api = leader.post(
            f"/api/v1/meetings/{meeting.pk}/attendance",
            {"person_id": person.pk},
            content_type="application/json",
        )
        assert api.status_code == 422
        _unnamed(api, name)
        invite = leader.post(
            f"/governance/meetings/{meeting.pk}/guests/", {"person": person.pk}, follow=True
        )
        _unnamed(invite, name)
        api_invite = leader.post(
            f"/api/v1/meetings/{meeting.pk}/guests",
            {"person_id": person.pk},
            content_type="application/json",
        )
        assert api_invite.status_code == 422
        _unnamed(api_invite, name)
        assert not meeting.attendances.filter(person=person).exists()
        assert not meeting.guests.filter(person=person).exists()
