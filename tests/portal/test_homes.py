"""Each role's home: the sections it gets, what each count says, and that every count links
to a list of exactly the items it counts."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest
import time_machine
from django.test import Client

from koop.core.access import Role
from koop.people.factories import RoleAssignmentFactory
from tests.personas import World
from tests.portal.scenario import NOW, fill, unmarked_days

pytestmark = pytest.mark.django_db

COPIES = 2


@pytest.fixture
def morning(world: World) -> Iterator[World]:
    """The test world on a Wednesday morning, with ``COPIES`` of everything per unit."""
    with time_machine.travel(NOW, tick=False):
        fill(world, copies=COPIES)
        yield world


@pytest.fixture
def quiet(world: World) -> Iterator[World]:
    """The same morning with nothing to act on."""
    with time_machine.travel(NOW, tick=False):
        yield world


def home(client: Client) -> dict[str, dict[str, object]]:
    """{section key: {item key: count (or figure)}} of the client's home, in order."""
    response = client.get("/")
    assert response.status_code == 200
    return {
        section.key: {
            c.item.key: (c.figure if c.figure is not None else c.count) for c in section.counts
        }
        for section in response.context["sections"]
    }


def listed(client: Client, section: str, item: str) -> int:
    """How many rows the list behind a count holds (all pages)."""
    response = client.get(f"/home/{section}/{item}/")
    assert response.status_code == 200
    page = response.context["page"]
    assert len(response.context["rows"]) == min(page.paginator.count, 50)
    return int(page.paginator.count)


def test_a_unit_leader_lands_on_their_units_work(
    morning: World, client_for: Callable[[str], Client]
) -> None:
    counts = home(client_for("leader"))
    assert list(counts) == ["unit"]
    assert counts["unit"] == {
        "today": COPIES,
        "week": 3 * COPIES,  # today's, Friday's and Monday's (in progress)
        "to-invoice": COPIES,
        "drafts": COPIES,
        "overdue": COPIES,
        "attendance": unmarked_days(COPIES),
        "agreements-ending": COPIES,
        "participant-agreements-ending": COPIES,
        "placements-ending": COPIES,
        "decisions": COPIES,
    }


def test_every_count_of_every_home_links_to_a_list_of_exactly_its_items(
    morning: World, client_for: Callable[[str], Client]
) -> None:
    for persona in ["admin", "finance", "vd", "board", "leader", "cooperator", "leader_b"]:
        client = client_for(persona)
        response = client.get("/")
        for section in response.context["sections"]:
            for count in section.counts:
                assert f'href="{count.url}"' in response.content.decode()
                rows = listed(client, section.key, count.item.key)
                assert rows == count.count, (persona, section.key, count.item.key)


def test_a_unit_leaders_counts_are_of_their_own_units_only(
    morning: World, client_for: Callable[[str], Client]
) -> None:
    mine = home(client_for("leader"))["unit"]
    theirs = home(client_for("leader_b"))["unit"]
    assert mine == theirs  # the same morning in each unit, counted apart
    body = client_for("leader").get("/home/unit/week/").content.decode()
    assert "Möbellagret" in body
    assert "Cykelbudet" not in body


def test_overdue_invoices_show_what_is_left_to_pay(
    morning: World, client_for: Callable[[str], Client]
) -> None:
    sections = client_for("leader").get("/").context["sections"]
    overdue = next(c for c in sections[0].counts if c.item.key == "overdue")
    assert overdue.amount == Decimal("1125.00") * COPIES
    finance = client_for("finance").get("/")
    group = next(c for c in finance.context["sections"][0].counts if c.item.key == "overdue")
    assert group.count == 2 * COPIES
    assert group.amount == Decimal("1125.00") * 2 * COPIES
    # Shown the one way money is shown: 4 500,00 kr.
    assert "4\xa0500,00\xa0kr" in finance.content.decode()


def test_a_cooperator_sees_their_own_work_and_hours(
    morning: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("cooperator")
    counts = home(client)
    assert counts == {"mine": {"today": COPIES, "hours": Decimal("3.5") * COPIES}}
    body = client.get("/").content.decode()
    assert "7\xa0h" in body
    assert "My next meeting" in body or "Mitt nästa möte" in body


def test_central_finance_sees_the_groups_money(
    morning: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("finance")
    assert home(client) == {
        "finance": {
            "drafts": 2 * COPIES,
            "overdue": 2 * COPIES,
            "imports": COPIES,
            "budget": 2,  # both units made less than the 5 000 kr a copy budgeted
        }
    }
    body = client.get("/").content.decode()
    # February had turnover and no levy run: said, with the way to run it.
    assert "2026-02" in body
    assert 'href="/ledger/levy/"' in body
    assert 'href="/ledger/fortnox/"' in body


def test_the_regional_manager_sees_deficits_endings_and_this_weeks_meetings(
    morning: World, client_for: Callable[[str], Client]
) -> None:
    assert home(client_for("vd")) == {
        "region": {
            "deficit": 1,  # unit A
            "agreements-ending": 2 * COPIES,
            "participant-agreements-ending": 2 * COPIES,
            # Per unit: the meetings held today and those planned on Friday.
            "meetings": 4 * COPIES,
        }
    }


def test_a_board_member_sees_the_next_board_meeting_with_its_papers(
    morning: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("board")
    assert home(client) == {"board": {"matters": 2 * COPIES, "decisions": COPIES}}
    response = client.get("/")
    board = response.context["sections"][0]
    assert [m.title for m in board.meetings] == ["Styrelsemöte"]
    assert [d.name for d in board.papers] == ["underlag.txt"]
    body = response.content.decode()
    assert f'href="/governance/documents/{board.papers[0].pk}/"' in body
    assert f'href="/governance/meetings/{board.meetings[0].pk}/"' in body


def test_an_administrator_gets_the_central_sections(
    morning: World, client_for: Callable[[str], Client]
) -> None:
    assert set(home(client_for("admin"))) == {"finance", "region"}


def test_zero_counts_are_shown_calmly_not_hidden(
    quiet: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("leader")
    counts = home(client)["unit"]
    assert set(counts.values()) == {0}
    body = client.get("/").content.decode()
    assert body.count('class="count calm"') == len(counts)
    assert 'class="count late"' not in body
    empty = client.get("/home/unit/attendance/")
    assert "Every scheduled day this week is marked." in empty.content.decode() or (
        "Alla schemalagda dagar" in empty.content.decode()
    )


def test_several_roles_get_every_section_the_most_urgent_first(
    morning: World, client_for: Callable[[str], Client]
) -> None:
    # The board member also leads unit B: unit B has overdue invoices, unmarked days and
    # work done but not invoiced, the board only things coming up.
    RoleAssignmentFactory(
        user=morning.user("board"), role=Role.UNIT_LEADER.value, unit=morning.unit_b
    )
    assert list(home(client_for("board"))) == ["unit", "board"]


def test_the_home_links_to_the_group_in_figures(
    quiet: World, client_for: Callable[[str], Client]
) -> None:
    for persona in ["admin", "finance", "vd", "board", "leader", "cooperator"]:
        body = client_for(persona).get("/").content.decode()
        assert re.search(r'<a class="button secondary" href="/figures/">', body), persona
    figures = client_for("leader").get("/figures/")
    assert figures.status_code == 200
    assert 'id="fig-units">2<' in figures.content.decode()


def test_a_list_for_a_section_one_does_not_have_answers_404(
    morning: World, client_for: Callable[[str], Client]
) -> None:
    assert client_for("cooperator").get("/home/finance/drafts/").status_code == 404
    assert client_for("finance").get("/home/unit/drafts/").status_code == 404
    assert client_for("leader").get("/home/unit/nothing/").status_code == 404
    assert client_for("leader").get("/home/nowhere/drafts/").status_code == 404
    assert client_for("participant").get("/home/mine/today/").status_code == 404


def test_a_participant_still_lands_on_their_own_page(
    morning: World, client_for: Callable[[str], Client]
) -> None:
    from tests.participants.cases import participant_case

    participant_case(morning)
    response = client_for("participant").get("/")
    assert response.status_code == 302
    assert response["Location"] == "/participants/me/"
