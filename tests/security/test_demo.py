"""``koop demo`` signs in with the password alone, and its login page says so."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from koop.demo.management.commands import demo
from tests.personas import World
from tests.security.helpers import password_step

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """``koop demo`` run without migrating, seeding or serving (recorded instead)."""
    calls: list[str] = []
    monkeypatch.setattr(demo, "call_command", lambda name, **kw: calls.append(name))
    monkeypatch.setattr(demo, "ensure_free", lambda host, port: None)
    return calls


def test_the_demo_turns_the_requirement_off_and_says_so(world: World, served: list[Any]) -> None:
    assert settings.KOOP_REQUIRE_TWO_FACTOR
    assert "two-factor" not in Client().get("/login/", **EN).content.decode().lower()
    out = StringIO()
    call_command("demo", stdout=out)
    assert served[-1] == "serve"
    assert "Two-factor sign-in is off in the demo." in out.getvalue()
    assert settings.KOOP_REQUIRE_TWO_FACTOR is False
    page = Client().get("/login/", **EN).content.decode()
    assert "Two-factor sign-in is off in this demo" in page
    swedish = Client().get("/login/").content.decode()
    assert "Tvåstegsinloggning är avstängd i den här demon" in swedish
    leader = Client()
    assert password_step(leader, "leader")["Location"] == "/"
    assert leader.get("/participants/").status_code == 200


def test_the_lock_message_in_the_demo_keeps_the_notice(world: World, served: list[Any]) -> None:
    call_command("demo", stdout=StringIO())
    for _ in range(5):
        password_step(Client(), "board", "wrong", **EN)
    answer = password_step(Client(), "board", **EN)
    assert answer.status_code == 429
    assert "Two-factor sign-in is off in this demo" in answer.content.decode()
