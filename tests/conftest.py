from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import World, build_world


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:  # type: ignore[no-untyped-def]
    """The personas' passwords are hashed with a fast hasher: tests measure behaviour, and
    the production hasher's cost would make building a world take seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def client_for(world: World):  # type: ignore[no-untyped-def]
    """``client_for("leader")`` is a test client logged in as that persona."""

    def make(persona: str) -> Client:
        client = Client()
        client.force_login(world.user(persona))
        return client

    return make
