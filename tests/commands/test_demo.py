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
    monkeypatch.setattr(demo, "start_worker", lambda: WORKER_EVENTS.append("start") or "worker")
    monkeypatch.setattr(demo, "stop_worker", lambda worker: WORKER_EVENTS.append(f"stop {worker}"))
    WORKER_EVENTS.clear()
    return calls


WORKER_EVENTS: list[str] = []


@pytest.mark.django_db
def test_demo_runs_a_worker_beside_the_server_and_stops_it_with_the_server(
    commands: list[tuple[str, dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    def serve(name: str, **kw: Any) -> None:
        commands.append((name, kw))
        if name == "serve":
            assert WORKER_EVENTS == ["start"]  # the worker runs while the server does
            raise KeyboardInterrupt

    monkeypatch.setattr(demo, "call_command", serve)
    with pytest.raises(KeyboardInterrupt):
        call_command("demo", "--port", "8124", stdout=StringIO())
    assert WORKER_EVENTS == ["start", "stop worker"]


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
