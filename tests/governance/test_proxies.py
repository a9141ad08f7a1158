"""Proxies: only where the statutes allow them, at most their number per holder, and only
held by someone present who may vote. Every refusal saves nothing."""

from __future__ import annotations

import pytest

from koop.core.errors import KoopValidationError
from koop.governance.models import BodyRule, Proxy
from koop.governance.services import body_rule_update, meeting_invite_guest, proxy_register
from koop.people.factories import PersonFactory
from tests.governance.helpers import Gov, open_meeting


@pytest.fixture
def assembly(gov: Gov):  # type: ignore[no-untyped-def]
    return open_meeting(gov.assembly, present=[gov.person("leader"), gov.person("board")])


def _refused(gov: Gov, meeting, member: str | object, holder: str | object, field: str) -> str:  # type: ignore[no-untyped-def]
    before = Proxy.objects.count()
    with pytest.raises(KoopValidationError) as caught:
        proxy_register(
            meeting=meeting,
            member=gov.person(member) if isinstance(member, str) else member,
            holder=gov.person(holder) if isinstance(holder, str) else holder,
            acting_user=None,
        )
    assert caught.value.problems[0].field == field
    assert Proxy.objects.count() == before
    return str(caught.value.problems[0].message)


def test_a_proxy_needs_a_holder_who_is_checked_in(gov: Gov, assembly) -> None:  # type: ignore[no-untyped-def]
    message = _refused(gov, assembly, "cooperator", "participant", "holder")
    assert "checked in" in message


def test_a_proxy_holder_must_be_entitled_to_vote(gov: Gov, assembly) -> None:  # type: ignore[no-untyped-def]
    guest = PersonFactory(cooperative=gov.world.cooperative)  # not a member
    from koop.governance.services import attendance_check_in, meeting_invite_guest

    meeting_invite_guest(meeting=assembly, person=guest, acting_user=None)
    attendance_check_in(meeting=assembly, person=guest, acting_user=None)
    message = _refused(gov, assembly, "cooperator", guest, "holder")
    assert "cannot hold a proxy" in message


def test_only_an_entitled_absent_member_is_represented(gov: Gov, assembly) -> None:  # type: ignore[no-untyped-def]
    outsider = PersonFactory(cooperative=gov.world.cooperative)
    assert "neither a member" in _refused(gov, assembly, outsider, "leader", "member")
    meeting_invite_guest(meeting=assembly, person=outsider, acting_user=None)
    assert "not entitled" in _refused(gov, assembly, outsider, "leader", "member")
    assert "present" in _refused(gov, assembly, "board", "leader", "member")
    assert "themself" in _refused(gov, assembly, "leader", "leader", "holder")


def test_a_holder_represents_at_most_the_statutes_number(gov: Gov, assembly) -> None:  # type: ignore[no-untyped-def]
    rule = BodyRule.objects.get(body_kind="general_assembly")
    body_rule_update(rule=rule, max_proxies_per_holder=2, acting_user=None)
    proxy_register(
        meeting=assembly,
        member=gov.person("cooperator"),
        holder=gov.person("leader"),
        acting_user=None,
    )
    proxy_register(
        meeting=assembly,
        member=gov.person("participant"),
        holder=gov.person("leader"),
        acting_user=None,
    )
    assert "at most 2" in _refused(gov, assembly, "admin", "leader", "holder")
    assert "already represented" in _refused(gov, assembly, "cooperator", "board", "member")


def test_the_api_records_a_proxy_and_refuses_where_the_statutes_do_not_allow_them(
    gov: Gov,
    assembly,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    board = client_for("board")
    ok = board.post(
        f"/api/v1/meetings/{assembly.pk}/proxies",
        {"member_id": gov.person("cooperator").pk, "holder_id": gov.person("leader").pk},
        content_type="application/json",
    )
    assert ok.status_code == 200
    listed = client_for("participant").get(f"/api/v1/meetings/{assembly.pk}/proxies").json()
    assert [(p["member_id"], p["holder_id"]) for p in listed] == [
        (gov.person("cooperator").pk, gov.person("leader").pk)
    ]
    vs = open_meeting(gov.vs_a, present=[gov.person("leader"), gov.person("cooperator")])
    refused = client_for("leader").post(
        f"/api/v1/meetings/{vs.pk}/proxies",
        {"member_id": gov.person("participant").pk, "holder_id": gov.person("leader").pk},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["field"] == "holder"
    assert Proxy.objects.count() == 1


def test_the_proxy_page_shows_the_refusal_beside_the_holder_field(
    gov: Gov,
    assembly,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    board = client_for("board")
    url = f"/governance/meetings/{assembly.pk}/proxies/"
    refused = board.post(
        url, {"member": gov.person("cooperator").pk, "holder": gov.person("participant").pk}
    )
    assert refused.status_code == 422
    assert "holder" in refused.context["form"].errors
    assert Proxy.objects.count() == 0
    ok = board.post(url, {"member": gov.person("cooperator").pk, "holder": gov.person("leader").pk})
    assert ok.status_code == 302
    assert gov.person("cooperator").full_name in board.get(url).content.decode()
    # Members read the proxies; only the meeting's runners record them.
    assert client_for("participant").post(url, {}).status_code == 404
