"""Two-factor sign-in: who must have it, setting it up after the password, the code at
every sign-in after that, recovery codes that work once, and what a session that still
owes its code may reach."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from koop.accounts import totp
from koop.accounts.models import RecoveryCode
from koop.accounts.selectors import two_factor_required
from koop.api.services import token_create
from koop.core.models import AuditEntry
from koop.participants.factories import AgreementFactory
from koop.participants.models import CaseReader, Placement
from koop.people.factories import UserFactory
from tests.personas import World
from tests.security.helpers import (
    enrol,
    password_step,
    pending_key,
    recovery_codes_on,
    shown_secret,
)
from tests.signin import authenticator_for, next_code

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


# --- who must -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "required"),
    [
        ("admin", True),
        ("finance", True),
        ("leader", True),
        ("leader_b", True),
        ("vd", False),
        ("board", False),
        ("cooperator", False),
        ("participant", False),
    ],
)
def test_two_factor_is_required_for_the_roles_that_read_the_most(
    world: World, persona: str, required: bool
) -> None:
    assert two_factor_required(world.user(persona)) is required


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False)
def test_a_supervisor_of_a_running_placement_must_have_two_factor(world: World) -> None:
    cooperator = world.user("cooperator")
    assert not two_factor_required(cooperator)
    agreement = AgreementFactory(
        person=world.persons["participant"], unit=world.unit_a, consented=True
    )
    Placement.objects.create(
        agreement=agreement,
        person=world.persons["participant"],
        unit=world.unit_a,
        supervisor=world.persons["cooperator"],
        starts_on=dt.date(2026, 1, 5),
    )
    assert two_factor_required(cooperator)


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False)
def test_a_supervisor_whose_placements_have_ended_need_not(world: World) -> None:
    agreement = AgreementFactory(
        person=world.persons["participant"], unit=world.unit_a, consented=True
    )
    Placement.objects.create(
        agreement=agreement,
        person=world.persons["participant"],
        unit=world.unit_a,
        supervisor=world.persons["cooperator"],
        starts_on=dt.date(2026, 1, 5),
        ends_on=dt.date(2026, 2, 27),
    )
    assert not two_factor_required(world.user("cooperator"))


def test_a_case_reader_and_a_django_admin_user_must_have_two_factor(world: World) -> None:
    board = world.user("board")
    CaseReader.objects.create(user=board)
    assert two_factor_required(board)
    assert two_factor_required(UserFactory(username="backoffice", is_staff=True))


def test_nobody_must_when_the_requirement_is_off(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.KOOP_REQUIRE_TWO_FACTOR = False
    assert not two_factor_required(world.user("admin"))
    client = Client()
    assert password_step(client, "leader")["Location"] == "/"
    assert client.get("/").status_code == 200


# --- setting it up after the password ------------------------------------------------


def test_a_leader_without_an_app_is_led_to_set_one_up_after_the_password(world: World) -> None:
    client = Client()
    answer = password_step(client, "leader")
    assert answer.status_code == 302
    assert answer["Location"].startswith("/account/two-factor/?next=")
    page = client.get(answer["Location"], **EN)
    assert page.status_code == 200
    html = page.content.decode()
    assert '<svg width="' in html  # the QR code, drawn here
    assert 'class="qr"' in html
    assert "<script" not in html.split("<main", 1)[1]
    # The session has no roles yet: no menu of pages it could not open.
    assert 'class="main"' not in html
    # The secret in text is the one in the session, grouped for typing.
    assert shown_secret(html).replace(" ", "") in totp.provisioning_uri(
        pending_key(client), "leader"
    )


def test_until_set_up_a_leader_reaches_only_the_setup_and_the_logout(world: World) -> None:
    client = Client()
    password_step(client, "leader")
    for url in ["/", "/participants/", "/people/", "/account/", f"/units/{world.unit_a.pk}/"]:
        answer = client.get(url)
        assert answer.status_code == 302, url
        assert answer["Location"].startswith("/account/two-factor/"), url
    assert client.get("/account/two-factor/").status_code == 200
    assert client.post("/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_until_set_up_the_api_answers_401_to_the_session(world: World) -> None:
    client = Client()
    password_step(client, "leader")
    assert client.get("/api/v1/units").status_code == 401


def test_a_bearer_token_is_a_factor_of_its_own_and_keeps_working(world: World) -> None:
    _token, raw = token_create(user=world.user("leader"), acting_user=None)
    client = Client()
    password_step(client, "leader")  # a session that owes its code besides
    answer = client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert answer.status_code == 200
    assert Client().get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_setting_up_shows_ten_recovery_codes_once_and_signs_the_session_in(world: World) -> None:
    client = Client()
    password_step(client, "leader")
    codes = enrol(client)
    assert len(set(codes)) == 10
    assert client.get("/").status_code == 200
    device = TOTPDevice.objects.get(user=world.user("leader"))
    assert device.confirmed
    # Only digests are stored; the page of the account never shows a code again.
    stored = set(RecoveryCode.objects.values_list("digest", flat=True))
    assert not stored & set(codes)
    assert not any(code in client.get("/account/").content.decode() for code in codes)
    entry = AuditEntry.objects.get(action="two_factor_enable")
    assert entry.actor_id == world.user("leader").pk
    assert entry.object_id == str(world.user("leader").pk)


def test_a_wrong_code_is_refused_at_setup(world: World) -> None:
    client = Client()
    password_step(client, "leader")
    client.get("/account/two-factor/")
    right = totp.current_code(pending_key(client))
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    answer = client.post("/account/two-factor/", {"token": wrong}, **EN)
    assert answer.status_code == 422
    assert "That code is not right" in answer.content.decode()
    assert not TOTPDevice.objects.filter(user=world.user("leader")).exists()
    assert client.get("/").status_code == 302


# --- the code at every sign-in after that ----------------------------------------------


def _leader_with_app(world: World) -> TOTPDevice:
    return authenticator_for(world.user("leader"))


def test_with_an_app_the_password_leads_to_the_code(world: World) -> None:
    device = _leader_with_app(world)
    client = Client()
    answer = password_step(client, "leader")
    assert answer["Location"].startswith("/login/verify/?next=")
    assert client.get("/participants/")["Location"].startswith("/login/verify/")
    # The setup page cannot be used to put another app in its place.
    assert client.get("/account/two-factor/")["Location"].startswith("/login/verify/")
    answer = client.post("/login/verify/", {"token": next_code(device), "next": "/people/"})
    assert answer.status_code == 302
    assert answer["Location"] == "/people/"
    assert client.get("/participants/").status_code == 200


def test_a_wrong_code_is_refused_at_sign_in(world: World) -> None:
    device = _leader_with_app(world)
    client = Client()
    password_step(client, "leader")
    wrong = f"{(int(next_code(device)) + 1) % 1_000_000:06d}"
    answer = client.post("/login/verify/", {"token": wrong}, **EN)
    assert answer.status_code == 422
    assert "That code is not right" in answer.content.decode()
    assert client.get("/").status_code == 302


def test_wrong_codes_slow_the_next_try_down(world: World) -> None:
    device = _leader_with_app(world)
    client = Client()
    password_step(client, "leader")
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        for _ in range(4):
            client.post("/login/verify/", {"token": "000000"})
        answer = client.post("/login/verify/", {"token": next_code(device)}, **EN)
        assert answer.status_code == 422
        assert "Too many wrong codes" in answer.content.decode()
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 1, tzinfo=dt.UTC), tick=False):
        answer = client.post("/login/verify/", {"token": next_code(device)})
        assert answer.status_code == 302


def test_a_code_signs_in_only_once(world: World) -> None:
    device = _leader_with_app(world)
    code = next_code(device)
    first, second = Client(), Client()
    password_step(first, "leader")
    password_step(second, "leader")
    assert first.post("/login/verify/", {"token": code}).status_code == 302
    assert second.post("/login/verify/", {"token": code}).status_code == 422


def test_a_recovery_code_signs_in_once(world: World) -> None:
    client = Client()
    password_step(client, "leader")
    codes = enrol(client)
    client.post("/logout/")

    again = Client()
    password_step(again, "leader")
    answer = again.post("/login/verify/", {"token": codes[3].lower()}, follow=True, **EN)
    assert answer.status_code == 200
    assert "You signed in with a recovery code. 9 are left" in answer.content.decode()
    assert AuditEntry.objects.filter(action="recovery_code_use").count() == 1
    again.post("/logout/")

    third = Client()
    password_step(third, "leader")
    assert third.post("/login/verify/", {"token": codes[3]}).status_code == 422
    assert third.get("/").status_code == 302


def test_new_recovery_codes_replace_the_old(world: World) -> None:
    client = Client()
    password_step(client, "leader")
    old = enrol(client)
    answer = client.post("/account/two-factor/recovery-codes/")
    new = recovery_codes_on(answer.content.decode())
    assert len(new) == 10
    assert not set(old) & set(new)
    client.post("/logout/")
    again = Client()
    password_step(again, "leader")
    assert again.post("/login/verify/", {"token": new[0]}).status_code == 302
    later = Client()
    password_step(later, "leader")
    assert later.post("/login/verify/", {"token": old[0]}).status_code == 422


def test_signing_in_again_asks_for_the_code_again(world: World) -> None:
    device = _leader_with_app(world)
    client = Client()
    password_step(client, "leader")
    client.post("/login/verify/", {"token": next_code(device)})
    assert client.get("/").status_code == 200
    # Signed in once more in the same session, by any way that signs in (here the one
    # the tests use): the code is asked again.
    client.force_login(world.user("leader"))
    assert client.get("/")["Location"].startswith("/login/verify/")


def test_an_app_removed_by_an_administrator_stops_counting_at_once(world: World) -> None:
    device = _leader_with_app(world)
    client = Client()
    password_step(client, "leader")
    client.post("/login/verify/", {"token": next_code(device)})
    assert client.get("/").status_code == 200
    device.delete()
    assert client.get("/")["Location"].startswith("/account/two-factor/")


# --- for everyone else: their own choice -----------------------------------------------


def test_a_cooperator_signs_in_with_the_password_alone(world: World) -> None:
    client = Client()
    assert password_step(client, "cooperator")["Location"] == "/"
    assert client.get("/").status_code == 200


def test_anyone_may_turn_two_factor_on_and_is_then_asked_for_the_code(world: World) -> None:
    client = Client()
    password_step(client, "cooperator")
    page = client.get("/account/", **EN).content.decode()
    assert "Turn on two-factor sign-in" in page
    enrol(client)
    assert "Make new recovery codes" in client.get("/account/", **EN).content.decode()
    client.post("/logout/")
    again = Client()
    password_step(again, "cooperator")
    assert again.get("/")["Location"].startswith("/login/verify/")


def test_who_need_not_have_it_may_turn_it_off_and_who_must_may_not(world: World) -> None:
    cooperator = Client()
    password_step(cooperator, "cooperator")
    enrol(cooperator)
    assert cooperator.get("/account/two-factor/off/").status_code == 200
    answer = cooperator.post("/account/two-factor/off/", {"confirmed": "yes"})
    assert answer.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.user("cooperator")).exists()
    assert AuditEntry.objects.filter(action="two_factor_disable").count() == 1

    leader = Client()
    password_step(leader, "leader")
    enrol(leader)
    assert leader.get("/account/two-factor/off/").status_code == 404
    assert leader.post("/account/two-factor/off/", {"confirmed": "yes"}).status_code == 404
    assert TOTPDevice.objects.filter(user=world.user("leader")).exists()


def test_the_next_address_is_followed_only_within_koop(world: World) -> None:
    device = _leader_with_app(world)
    client = Client()
    password_step(client, "leader")
    answer = client.post(
        "/login/verify/", {"token": next_code(device), "next": "https://evil.example/"}
    )
    assert answer["Location"] == "/"


def test_the_test_personas_sign_in_with_their_second_factor(client_for) -> None:  # type: ignore[no-untyped-def]
    """``client_for`` gives the personas who must have a second factor a session that has
    given it, so the whole suite runs with the requirement on."""
    leader = client_for("leader")
    assert leader.get("/participants/").status_code == 200
    assert TOTPDevice.objects.filter(user__username="leader", confirmed=True).exists()
    assert not TOTPDevice.objects.filter(user__username="cooperator").exists()
