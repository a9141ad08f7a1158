"""``koop token``: a token made on the console opens the API until it is revoked."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from koop.api.models import ApiToken
from koop.core.models import AuditEntry
from tests.personas import World


def _create(username: str, *extra: str) -> str:
    out, err = StringIO(), StringIO()
    call_command("token", "create", username, *extra, stdout=out, stderr=err)
    assert "shown only now" in err.getvalue()
    return out.getvalue().strip()


def test_a_created_token_opens_the_api_until_it_is_revoked(world: World) -> None:
    token = _create("admin", "--name", "reporting")
    assert token.startswith("koop_")
    client = Client()
    response = client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert {unit["name"] for unit in response.json()["items"]} >= {"Möbellagret", "Cykelbudet"}

    out = StringIO()
    call_command("token", "revoke", token[:12], stdout=out)
    assert "Revoked" in out.getvalue()
    assert client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    actions = AuditEntry.objects.filter(object_type="api.apitoken").values_list("action", flat=True)
    assert sorted(actions) == ["api_token_create", "api_token_revoke"]


def test_only_the_digest_of_a_token_is_stored(world: World) -> None:
    token = _create("leader")
    stored = ApiToken.objects.get()
    assert stored.prefix == token[:12]
    assert token not in (stored.digest, stored.prefix)
    assert stored.name == ""


def test_a_token_carries_the_access_rules_of_its_user(world: World) -> None:
    token = _create("leader")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get(f"/api/v1/units/{world.unit_a.pk}").status_code == 200
    assert client.get(f"/api/v1/units/{world.unit_b.pk}").status_code == 404


def test_a_token_for_an_unknown_user_is_refused_by_name(world: World) -> None:
    with pytest.raises(CommandError, match="nobody"):
        call_command("token", "create", "nobody")
    assert not ApiToken.objects.exists()


def test_revoking_an_unknown_prefix_is_refused(world: World) -> None:
    with pytest.raises(CommandError, match="koop_nothere"):
        call_command("token", "revoke", "koop_nothere")


def test_revoking_twice_says_it_was_already_revoked(world: World) -> None:
    token = _create("vd")
    call_command("token", "revoke", token, stdout=StringIO())
    out = StringIO()
    call_command("token", "revoke", token[:12], stdout=out)
    assert "already revoked" in out.getvalue()


def test_the_list_shows_prefixes_never_tokens(world: World) -> None:
    token = _create("admin", "--name", "reporting")
    _create("leader")
    out = StringIO()
    call_command("token", "list", stdout=out)
    listing = out.getvalue()
    assert token[:12] in listing
    assert token not in listing
    assert "reporting" in listing
    out = StringIO()
    call_command("token", "list", "leader", stdout=out)
    assert token[:12] not in out.getvalue()
    assert "leader" in out.getvalue()
    with pytest.raises(CommandError, match="nobody"):
        call_command("token", "list", "nobody")
