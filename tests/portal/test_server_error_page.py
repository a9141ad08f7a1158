"""The 500 page is drawn without the database: these tests have no database at all, so
any query would fail them."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from koop.core.access import Principal, Role
from koop.portal.errors import server_error


def _never() -> object:
    raise AssertionError("the 500 page asked for something that needs the database")


def test_the_500_page_needs_no_database_when_nothing_was_known_yet() -> None:
    request = RequestFactory().get("/somewhere/")
    request.user = SimpleLazyObject(_never)  # type: ignore[assignment]
    request.principal = SimpleLazyObject(_never)  # type: ignore[attr-defined]
    with translation.override("sv"):
        response = server_error(request)
    body = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Något gick fel</h1>" in body
    assert '<nav class="main"' not in body


def test_the_500_page_shows_the_menu_of_a_principal_already_known() -> None:
    request = RequestFactory().get("/somewhere/")
    principal = Principal(
        user_id=1,
        person_id=1,
        cooperative_id=1,
        roles=frozenset({Role.UNIT_LEADER}),
        unit_roles={7: frozenset({Role.UNIT_LEADER})},
    )
    lazy = SimpleLazyObject(lambda: principal)
    str(lazy.is_authenticated)  # read during the request
    request.principal = lazy  # type: ignore[attr-defined]
    request.user = AnonymousUser()
    with translation.override("en"):
        body = server_error(request).content.decode()
    assert "<h1>Something went wrong</h1>" in body
    assert '<a href="/ledger/">Economy</a>' in body


def test_the_500_page_of_a_participant_shows_their_menu() -> None:
    request = RequestFactory().get("/somewhere/")
    request.principal = Principal(  # type: ignore[attr-defined]
        user_id=1,
        person_id=3,
        cooperative_id=1,
        roles=frozenset({Role.PARTICIPANT}),
        unit_roles={7: frozenset({Role.PARTICIPANT})},
    )
    request.user = AnonymousUser()
    with translation.override("en"):
        body = server_error(request).content.decode()
    assert '<a href="/">My page</a>' in body
    assert '<a href="/governance/meetings/">Meetings</a>' in body
