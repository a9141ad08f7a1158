"""``koop demo`` migrates, seeds an empty database, prints the logins and then serves."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from koop.demo import seed as seeding
from koop.demo.management.commands import demo
from koop.demo.seed import FOUNDATION_STEPS
from koop.organisation.models import Unit
from tests.personas import World


@pytest.fixture
def commands(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """The management commands ``koop demo`` calls, recorded instead of run (the test
    database is already migrated, and serving would block)."""
    calls: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(demo, "call_command", lambda name, **kw: calls.append((name, kw)))
    monkeypatch.setattr(demo, "ensure_free", lambda host, port: None)
    # The foundation's steps are enough to show the logins, and much faster than all.
    monkeypatch.setattr(seeding, "STEPS", FOUNDATION_STEPS)
    return calls


@pytest.mark.django_db
def test_demo_seeds_an_empty_database_prints_the_logins_and_serves(
    commands: list[tuple[str, dict[str, Any]]],
) -> None:
    out = StringIO()
    call_command("demo", "--port", "8123", stdout=out)
    printed = out.getvalue()
    assert "http://127.0.0.1:8123/" in printed
    for login in ("admin", "ekonomi", "vd", "styrelse", "ledare", "kooperator", "deltagare"):
        assert f"\n{login} " in printed
    assert "koop-demo" in printed
    assert "Unit leader (Möbellagret)" in printed
    assert "people …" in printed  # progress while seeding
    assert Unit.objects.exists()
    assert [name for name, _ in commands] == ["migrate", "collectstatic", "serve"]
    assert commands[-1][1]["bind"] == "127.0.0.1:8123"


def test_demo_leaves_a_database_with_data_as_it_is(
    world: World, commands: list[tuple[str, dict[str, Any]]]
) -> None:
    units = Unit.objects.count()
    out = StringIO()
    call_command("demo", stdout=out)
    assert Unit.objects.count() == units
    assert "not seeding" in out.getvalue()
    assert "No demo logins" in out.getvalue()
    assert commands[-1][1]["bind"] == "127.0.0.1:8000"
