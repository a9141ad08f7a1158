"""A session ends after a working day without use; passwords are checked by Django's
validators, including against common passwords and the person's own details."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import Client

from koop.core.models import AuditEntry
from tests.personas import World
from tests.security.helpers import password_step

START = dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_a_session_unused_for_a_working_day_ends(world: World) -> None:
    client = Client()
    with time_machine.travel(START, tick=False):
        password_step(client, "cooperator")
        assert client.get("/").status_code == 200
    with time_machine.travel(START + dt.timedelta(hours=9, minutes=50), tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(START + dt.timedelta(hours=20), tick=False):
        answer = client.get("/")
        assert answer.status_code == 302
        assert answer["Location"].startswith("/login/")


def test_a_session_in_use_lasts_beyond_a_working_day(world: World) -> None:
    client = Client()
    with time_machine.travel(START, tick=False):
        password_step(client, "cooperator")
    for hours in (6, 12, 18, 24):
        with time_machine.travel(START + dt.timedelta(hours=hours), tick=False):
            assert client.get("/").status_code == 200, hours


def test_a_session_is_not_written_on_every_request(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("cooperator")
    client.get("/")
    before = client.cookies["sessionid"]["expires"]
    answer = client.get("/")
    assert "sessionid" not in answer.cookies  # no new cookie: the session was not saved
    assert client.cookies["sessionid"]["expires"] == before


def _change(client: Client, new: str) -> int:
    return client.post(
        "/account/password/",
        {"old_password": "koop-test", "new_password1": new, "new_password2": new},
        **EN,
    ).status_code


def test_a_common_a_numeric_and_a_name_like_password_are_refused(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("cooperator")
    for weak, reason in [
        ("password123", "too common"),
        ("48151623420815", "entirely numeric"),
        ("cooperator1", "too similar to the username"),
    ]:
        answer = client.post(
            "/account/password/",
            {"old_password": "koop-test", "new_password1": weak, "new_password2": weak},
            **EN,
        )
        assert answer.status_code == 422, weak
        assert reason in answer.content.decode(), weak


def test_a_good_new_password_is_taken_and_audited(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("cooperator")
    other = client_for("cooperator")
    assert _change(client, "lingon-Sylt-kvarn-42") == 302
    assert client.get("/").status_code == 200  # this session goes on
    assert other.get("/").status_code == 302  # other sessions end with the old password
    assert password_step(Client(), "cooperator", "lingon-Sylt-kvarn-42").status_code == 302
    assert AuditEntry.objects.filter(action="password_change").count() == 1
