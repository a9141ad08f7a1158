"""The meetings list: by default the upcoming meetings of the bodies I belong to; also my
unit's, all I can see, and past ones; 50 a page, in the same number of queries however
many there are."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.utils import timezone

from koop.governance.models import Meeting
from koop.governance.services import meeting_close, meeting_create
from tests.governance.helpers import Gov, at, open_meeting


def _titles(client, query: str = "") -> list[str]:  # type: ignore[no-untyped-def]
    html = client.get(f"/governance/meetings/{query}").content.decode()
    return re.findall(r'<a href="/governance/meetings/\d+/">([^<]+)</a>', html)


def _plan(body, title: str, days: int) -> Meeting:  # type: ignore[no-untyped-def]
    return meeting_create(
        body=body,
        title=title,
        starts_at=at(days),
        place="Lagret",
        acting_user=None,
        today=timezone.localdate() - __import__("datetime").timedelta(days=60),
    )


@pytest.fixture
def meetings(gov: Gov) -> dict[str, Meeting]:
    held = open_meeting(gov.vs_a, present=[gov.person("leader"), gov.person("cooperator")], days=-3)
    meeting_close(meeting=held, acting_user=None)
    return {
        "vs_next": _plan(gov.vs_a, "VS december", 10),
        "weekly": _plan(gov.weekly_a, "Veckomöte måndag", 5),
        "vs_b": _plan(gov.vs_b, "VS Cykelbudet", 12),
        "board": _plan(gov.board, "Styrelsemöte", 20),
        "assembly": _plan(gov.assembly, "Föreningsstämma", 40),
        "held": held,
    }


def test_by_default_a_member_sees_the_upcoming_meetings_that_concern_them(
    meetings,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    titles = _titles(client_for("cooperator"))

    # Soonest first; unit B's meeting and the board's are not theirs, the held one is past.
    assert titles == ["Veckomöte måndag", "VS december", "Föreningsstämma"]


def test_past_meetings_are_a_filter_away(meetings, client_for) -> None:  # type: ignore[no-untyped-def]
    assert _titles(client_for("cooperator"), "?when=past") == [meetings["held"].title]


def test_my_unit_shows_the_units_bodies_only(meetings, client_for) -> None:  # type: ignore[no-untyped-def]
    assert _titles(client_for("cooperator"), "?scope=unit") == ["Veckomöte måndag", "VS december"]


def test_all_i_can_see_follows_access(meetings, client_for) -> None:  # type: ignore[no-untyped-def]
    # The administrator sees every body but belongs only to the general assembly.
    assert _titles(client_for("admin")) == ["Föreningsstämma"]
    assert _titles(client_for("admin"), "?scope=all") == [
        "Veckomöte måndag",
        "VS december",
        "VS Cykelbudet",
        "Styrelsemöte",
        "Föreningsstämma",
    ]
    assert "VS Cykelbudet" not in _titles(client_for("cooperator"), "?scope=all")


def test_a_meeting_in_session_is_upcoming_until_it_closes(gov: Gov, client_for) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at(0, hour=17), tick=False):
        live = open_meeting(gov.vs_a, present=[gov.person("cooperator")])
    with time_machine.travel(at(1, hour=9), tick=False):  # the next morning, still open
        assert live.title in _titles(client_for("cooperator"))
        meeting_close(meeting=live, acting_user=None)
        assert live.title not in _titles(client_for("cooperator"))
        assert live.title in _titles(client_for("cooperator"), "?when=past")


def test_the_list_shows_fifty_a_page(gov: Gov, client_for) -> None:  # type: ignore[no-untyped-def]
    for n in range(55):
        _plan(gov.weekly_a, f"Möte {n:02d}", 2 + n)
    client = client_for("cooperator")

    first = _titles(client)
    second = _titles(client, "?page=2")

    assert len(first) == 50
    assert first[0] == "Möte 00"
    assert second == [f"Möte {n:02d}" for n in range(50, 55)]
    assert "Sida 1 av 2" in client.get("/governance/meetings/").content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_takes_the_same_queries_for_3_and_30_meetings(
    count: int,
    gov: Gov,
    client_for,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    for n in range(count):
        _plan(gov.vs_a if n % 2 else gov.weekly_a, f"Möte {n:02d}", 2 + n)
    client = client_for("cooperator")
    client.get("/governance/meetings/")  # the session and the principal, once

    with django_assert_max_num_queries(12):
        response = client.get("/governance/meetings/")

    assert len(_titles(client)) == count
    assert response.status_code == 200
