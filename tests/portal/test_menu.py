"""The main menu shows only what the principal may open, and a participant only their own
page, the meetings they may attend and their details."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from koop.people.factories import PersonFactory, RoleAssignmentFactory, UserFactory
from tests.governance.objects import objects as governance_objects
from tests.participants.cases import participant_case
from tests.personas import World
from tests.signin import log_in

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "finance", "vd", "board", "leader", "cooperator", "participant", "leader_b"]


def menu_of(client: Client, path: str = "/") -> list[tuple[str, str]]:
    """(label, address) of each link in the main menu of the page at ``path``."""
    response = client.get(path, follow=True)
    body = response.content.decode()
    nav = re.search(r'<nav class="main".*?</nav>', body, re.S)
    if nav is None:
        return []
    return [
        (label, url) for url, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav[0])
    ]


@pytest.fixture
def busy(world: World) -> World:
    """A world where every persona has something: the participant's case, governance."""
    participant_case(world)
    governance_objects(world)
    return world


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_link_in_the_menu_opens_for_the_one_who_sees_it(
    persona: str, busy: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for(persona)
    links = menu_of(client)
    assert links, persona
    for label, url in links:
        # Followed: a participant's "My page" is the home, which sends them on.
        assert client.get(url, follow=True).status_code == 200, f"{persona}: {label} ({url})"


def test_a_participant_sees_only_their_page_meetings_and_details(
    busy: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("participant")
    person = busy.persons["participant"]
    assert menu_of(client, "/participants/me/") == [
        ("Min sida", "/"),
        ("Möten", "/governance/meetings/"),
        ("Mina uppgifter", f"/people/{person.pk}/"),
    ]
    # "My page" goes through the home, which sends them on to their own page.
    response = client.get("/")
    assert response["Location"] == "/participants/me/"
    body = client.get("/participants/me/").content.decode()
    assert '<a href="/" aria-current="page">Min sida</a>' in body


def test_a_participant_without_a_page_of_their_own_has_a_my_page_that_opens(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = client_for("participant")
    assert [url for _label, url in menu_of(client)] == [
        "/",
        "/governance/meetings/",
        f"/people/{world.persons['participant'].pk}/",
    ]
    assert client.get("/").status_code == 200


def test_democracy_is_in_everyones_menu_but_the_participants(
    busy: World, client_for: Callable[[str], Client]
) -> None:
    for persona in ["admin", "finance", "vd", "board", "leader", "cooperator"]:
        assert ("Demokrati", "/governance/") in menu_of(client_for(persona)), persona
        assert ("I siffror", "/figures/") in menu_of(client_for(persona)), persona


def test_the_menu_follows_each_roles_access(
    busy: World, client_for: Callable[[str], Client]
) -> None:
    def urls(persona: str) -> set[str]:
        return {url for _label, url in menu_of(client_for(persona))}

    # The books: central roles and unit leaders; not a cooperator or the board.
    assert "/ledger/" in urls("leader")
    assert "/ledger/" not in urls("cooperator")
    assert "/ledger/" not in urls("board")
    # Work: those who work in a unit and the central roles.
    assert "/work-orders/" in urls("cooperator")
    assert "/work-orders/" not in urls("board")
    # The audit trail is the administrators'.
    assert "/audit/" in urls("admin")
    assert "/audit/" not in urls("vd")


def test_the_django_admin_is_linked_only_for_staff(
    world: World, client_for: Callable[[str], Client]
) -> None:
    # The administrator persona has Koop's role but is not staff: the admin would refuse.
    assert "/admin/" not in {url for _l, url in menu_of(client_for("admin"))}
    user = UserFactory(username="staff", is_staff=True)
    PersonFactory(cooperative=world.cooperative, user=user)
    RoleAssignmentFactory(user=user, role="admin")
    client = log_in(Client(), user)  # staff sign in with a second factor
    assert ("Administration", "/admin/") in menu_of(client)


def test_the_current_page_is_marked_in_the_menu(
    busy: World, client_for: Callable[[str], Client]
) -> None:
    body = client_for("leader").get("/work-orders/").content.decode()
    assert '<a href="/work-orders/" aria-current="page">' in body
    assert body.count('aria-current="page"') == 1


def test_no_menu_before_signing_in(client: Client) -> None:
    body = client.get("/login/").content.decode()
    assert '<nav class="main"' not in body
    assert "data-menu-toggle" not in body
    # The language switch is there all the same.
    assert 'name="language" value="en"' in body


def test_the_menu_button_names_what_it_opens_and_says_whether_it_is_open(
    world: World, client_for: Callable[[str], Client]
) -> None:
    body = client_for("leader").get("/").content.decode()
    button = re.search(r"<button[^>]*data-menu-toggle[^>]*>", body)
    assert button is not None
    assert 'aria-expanded="false"' in button[0]
    assert 'aria-controls="menu-panel"' in button[0]
    assert 'id="menu-panel"' in body
    # No inline script or event handler: a Content Security Policy may forbid them.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)
    assert not re.search(r"\son[a-z]+=", body)
    assert '<script src="/static/koop/menu.js">' in body or "koop/menu." in body
