"""403, 404 and 500 pages: the layout, the menu where the principal is known, and words in
the visitor's language. The 500 page asks the database nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client, override_settings

from tests.personas import World

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.portal.error_urls")]


def english(client: Client) -> Client:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_a_missing_page_has_the_layout_the_menu_and_swedish_words(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("leader").get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert '<html lang="sv">' in body
    assert "<title>Sidan kunde inte hittas · Koop</title>" in body
    assert '<header class="top">' in body
    assert '<nav class="main"' in body
    assert '<a href="/work-orders/">Arbetsordrar</a>' in body
    assert 'href="/">Till startsidan</a>' in body


def test_a_missing_page_speaks_english_in_english(
    world: World, client_for: Callable[[str], Client]
) -> None:
    body = english(client_for("leader")).get("/no/such/page/").content.decode()
    assert '<html lang="en">' in body
    assert "<h1>Page not found</h1>" in body
    assert '<a href="/work-orders/">Work orders</a>' in body


def test_an_object_one_may_not_see_answers_the_same_404_page(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("leader").get(f"/units/{world.unit_b.pk}/")
    assert response.status_code == 404
    assert "<h1>Sidan kunde inte hittas</h1>" in response.content.decode()


def test_a_missing_page_for_a_visitor_not_signed_in_has_no_menu(client: Client) -> None:
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>Sidan kunde inte hittas</h1>" in body
    assert '<nav class="main"' not in body


def test_a_forbidden_page_has_the_layout_and_the_menu(
    world: World, client_for: Callable[[str], Client]
) -> None:
    response = client_for("leader").get("/test/forbidden/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "<h1>Inte tillåtet</h1>" in body
    assert '<nav class="main"' in body
    english_body = english(client_for("leader")).get("/test/forbidden/").content.decode()
    assert "<h1>Not allowed</h1>" in english_body


def test_an_expired_form_says_so_in_the_layout(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "leader", "password": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "<h1>Formuläret har gått ut</h1>" in body
    assert '<header class="top">' in body


@override_settings(DEBUG=False)
def test_a_broken_page_has_the_layout_and_the_menu_from_what_was_already_known(
    world: World,
    client_for: Callable[[str], Client],
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    client = client_for("leader")
    client.raise_request_exception = False
    response = client.get("/test/broken/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "<h1>Något gick fel</h1>" in body
    assert '<header class="top">' in body
    # The principal was read before the error: the menu needs nothing more.
    assert '<a href="/work-orders/">Arbetsordrar</a>' in body
    assert "leader" in body  # the user's name, already known


def test_a_broken_page_speaks_english_in_english(
    world: World, client_for: Callable[[str], Client]
) -> None:
    client = english(client_for("leader"))
    client.raise_request_exception = False
    body = client.get("/test/broken/").content.decode()
    assert "<h1>Something went wrong</h1>" in body
    assert '<html lang="en">' in body
