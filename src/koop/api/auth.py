"""API authentication: a session cookie (as the pages use) or ``Authorization: Bearer``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from koop.api.services import token_authenticate
from koop.people.selectors import principal_for_user


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(token)
        if user is None:
            return None
        request.user = user  # type: ignore[assignment]  # any authenticated user model
        request.principal = principal_for_user(user)  # type: ignore[attr-defined]
        return user


API_AUTH = [BearerToken(), SessionAuth()]
