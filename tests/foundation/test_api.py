"""The API: who may call it (token or session), and its OpenAPI description."""

from __future__ import annotations

import json
import re

from django.test import Client

from koop.api.models import ApiToken
from koop.api.services import token_create, token_revoke
from tests.personas import World


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_personal_token_authenticates_as_its_user(world: World) -> None:
    _, raw = token_create(user=world.user("leader"), acting_user=world.user("admin"))
    client = Client()
    assert client.get("/api/v1/figures", **bearer(raw)).status_code == 200
    # The same access rules as the pages: the leader of unit A sees A, not B.
    assert client.get(f"/api/v1/units/{world.unit_a.pk}", **bearer(raw)).status_code == 200
    assert client.get(f"/api/v1/units/{world.unit_b.pk}", **bearer(raw)).status_code == 404


def test_a_participant_token_gets_404_for_the_organisation(world: World) -> None:
    _, raw = token_create(user=world.user("participant"), acting_user=None)
    client = Client()
    assert client.get("/api/v1/figures", **bearer(raw)).status_code == 200
    assert client.get("/api/v1/units", **bearer(raw)).status_code == 404


def test_a_revoked_token_is_refused(world: World) -> None:
    token, raw = token_create(user=world.user("leader"), acting_user=None)
    token_revoke(token=token, acting_user=world.user("admin"))
    assert Client().get("/api/v1/figures", **bearer(raw)).status_code == 401


def test_a_wrong_token_is_refused(world: World) -> None:
    _, raw = token_create(user=world.user("leader"), acting_user=None)
    client = Client()
    assert client.get("/api/v1/figures", **bearer(raw + "x")).status_code == 401
    assert client.get("/api/v1/figures", **bearer("koop_not-a-token")).status_code == 401
    assert client.get("/api/v1/figures", HTTP_AUTHORIZATION=raw).status_code == 401


def test_a_token_of_a_deactivated_user_is_refused(world: World) -> None:
    leader = world.user("leader")
    _, raw = token_create(user=leader, acting_user=None)
    type(leader).objects.filter(pk=leader.pk).update(is_active=False)
    assert Client().get("/api/v1/figures", **bearer(raw)).status_code == 401


def test_a_token_is_stored_only_as_a_digest(world: World) -> None:
    token, raw = token_create(user=world.user("leader"), acting_user=None)
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert raw not in json.dumps(stored, default=str)
    assert len(stored["digest"]) == 64


def test_the_session_of_a_signed_in_user_authenticates(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    assert client_for("cooperator").get("/api/v1/people").status_code == 200


def test_without_credentials_the_api_answers_401(world: World) -> None:
    response = Client().get("/api/v1/units")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")


def test_openapi_description_is_json_listing_the_endpoints(world: World) -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for path in [
        "/api/v1/figures",
        "/api/v1/units",
        "/api/v1/units/{unit_id}",
        "/api/v1/municipalities",
        "/api/v1/municipalities/{municipality_id}",
        "/api/v1/business-areas",
        "/api/v1/business-areas/{area_id}",
        "/api/v1/people",
        "/api/v1/people/{person_id}",
    ]:
        assert path in paths, path
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} >= {"http", "apiKey"}


def test_api_docs_load_nothing_from_another_host(world: World) -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    body = response.content.decode()
    external = re.findall(r"""(?:src|href)=["'](?:https?:)?//[^"']+""", body)
    assert not external, external
