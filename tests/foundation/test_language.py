"""Swedish by default; English one click away."""

from __future__ import annotations

from django.test import Client

from tests.personas import World


def test_pages_are_swedish_without_accept_language(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    assert '<html lang="sv">' in Client().get("/login/").content.decode()
    assert '<html lang="sv">' in client_for("leader").get("/").content.decode()


def test_the_language_switch_gives_english(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("leader")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="en">' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert '<html lang="sv">' in client.get("/").content.decode()


def test_the_login_page_switches_language_before_signing_in(world: World) -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert '<html lang="en">' in client.get("/login/").content.decode()
