"""Failed sign-ins lock an account, and an address, for a while: the login page says so
in the reader's language, the audit trail records it, and an administrator can lift it."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, RequestFactory

from koop.accounts.lockout import client_ip
from koop.core.models import AuditEntry
from tests.personas import World
from tests.security.helpers import password_step
from tests.signin import log_in

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _fail(client: Client, username: str, times: int, **extra: str) -> None:
    for _ in range(times):
        answer = password_step(client, username, "not-the-password", **extra)
        assert answer.status_code in (200, 429)


def test_the_limit_is_five_failures_and_the_lock_lasts_half_an_hour() -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]


@time_machine.travel(START, tick=False)
def test_failed_sign_ins_lock_the_account_even_for_the_right_password(world: World) -> None:
    client = Client()
    _fail(client, "cooperator", 4)
    assert password_step(Client(), "cooperator").status_code == 302  # not yet
    Client().post("/logout/")
    _fail(client, "cooperator", 1)
    answer = password_step(Client(), "cooperator", **EN)
    assert answer.status_code == 429
    html = answer.content.decode()
    assert "Signing in is locked for now" in html
    assert "Try again in 30 minutes" in html
    assert "_auth_user_id" not in client.session


@time_machine.travel(START, tick=False)
def test_the_lock_message_is_in_swedish_by_default(world: World) -> None:
    _fail(Client(), "cooperator", 5)
    answer = password_step(Client(), "cooperator")
    assert answer.status_code == 429
    html = answer.content.decode()
    assert "Inloggningen är spärrad för tillfället" in html
    assert "Försök igen om 30 minuter" in html


@time_machine.travel(START, tick=False)
def test_failures_from_one_address_lock_it_for_every_account(world: World) -> None:
    """An address takes four times an account's failures: an office shares one."""
    assert settings.KOOP_SIGN_IN_ADDRESS_FAILURE_LIMIT == 20
    address = {"REMOTE_ADDR": "192.0.2.10"}
    for i in range(19):
        password_step(Client(), f"guess{i}", "guess", **address)
    assert password_step(Client(), "board", **address).status_code == 302
    Client().post("/logout/")
    password_step(Client(), "guess19", "guess", **address)
    assert password_step(Client(), "board", **address).status_code == 429
    # Another address is not locked.
    assert password_step(Client(), "board", REMOTE_ADDR="192.0.2.11").status_code == 302
    assert AuditEntry.objects.filter(action="sign_in_lock_out").count() == 1


def test_the_address_is_the_one_nginx_saw() -> None:
    factory = RequestFactory()
    # nginx appends the address it saw to what the client sent.
    forwarded = factory.get("/", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7")
    assert client_ip(forwarded) == "198.51.100.7"
    assert client_ip(factory.get("/", REMOTE_ADDR="203.0.113.5")) == "203.0.113.5"


def test_the_lock_ends_after_half_an_hour(world: World) -> None:
    with time_machine.travel(START, tick=False):
        _fail(Client(), "cooperator", 5)
        assert password_step(Client(), "cooperator").status_code == 429
    with time_machine.travel(START + dt.timedelta(minutes=31), tick=False):
        assert password_step(Client(), "cooperator").status_code == 302


@time_machine.travel(START, tick=False)
def test_a_lock_out_writes_one_audit_row(world: World) -> None:
    _fail(Client(), "cooperator", 8)
    entries = AuditEntry.objects.filter(action="sign_in_lock_out")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.object_type == "auth.user"
    assert entry.object_id == str(world.user("cooperator").pk)
    assert entry.after["username"] == "cooperator"
    assert entry.after["ip_address"] == "127.0.0.1"
    assert entry.after["failures"] == 5


@time_machine.travel(START, tick=False)
def test_an_administrator_lifts_the_lock_in_the_admin(world: World) -> None:
    _fail(Client(), "cooperator", 5)
    assert password_step(Client(), "cooperator").status_code == 429
    staff = get_user_model().objects.create_superuser("backoffice", "bo@example.se", "x-secret")
    admin = log_in(Client(), staff)
    attempts = AccessAttempt.objects.filter(username="cooperator")
    page = admin.get("/admin/axes/accessattempt/", **EN)
    assert page.status_code == 200
    assert "Lift the sign-in lock" in page.content.decode()
    answer = admin.post(
        "/admin/axes/accessattempt/",
        {"action": "unlock", "_selected_action": [a.pk for a in attempts]},
    )
    assert answer.status_code == 302
    assert not AccessAttempt.objects.filter(username="cooperator").exists()
    entry = AuditEntry.objects.get(action="sign_in_unlock")
    assert entry.actor_id == staff.pk
    assert entry.before["failures"] == 6  # the try while locked counts too
    assert password_step(Client(), "cooperator").status_code == 302


def test_the_admin_offers_no_delete_around_the_audit(world: World) -> None:
    staff = get_user_model().objects.create_superuser("backoffice", "bo@example.se", "x-secret")
    admin = log_in(Client(), staff)
    page = admin.get("/admin/axes/accessattempt/").content.decode()
    assert "delete_selected" not in page


@time_machine.travel(START, tick=False)
def test_the_console_lifts_a_lock_too(world: World) -> None:
    _fail(Client(), "cooperator", 5)
    out = StringIO()
    call_command("signin", "unlock", "cooperator", stdout=out)
    assert "Lifted the lock on cooperator" in out.getvalue()
    assert password_step(Client(), "cooperator").status_code == 302
    assert AuditEntry.objects.filter(action="sign_in_unlock", actor__isnull=True).count() == 1


@pytest.mark.parametrize("persona", ["leader", "admin"])
def test_the_console_turns_off_a_lost_second_factor(world: World, persona: str) -> None:
    client = log_in(Client(), world.user(persona))
    assert client.get("/").status_code == 200
    call_command("signin", "two-factor-off", persona, stdout=StringIO())
    # Who must have one sets it up again at once.
    assert client.get("/")["Location"].startswith("/account/two-factor/")
    assert AuditEntry.objects.filter(action="two_factor_disable").count() == 1
