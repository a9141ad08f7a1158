"""Headers every answer carries, and sessions that last a working day of inactivity."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

# The key under which a session keeps the time of its last renewal.
LAST_SEEN_KEY = "koop_seen"
# An active session is renewed (its expiry moved a whole SESSION_COOKIE_AGE ahead) at most
# this often: renewing on every request would write the session on every request.
RENEW_EVERY_SECONDS = 5 * 60


def permissions_policy() -> str:
    """``settings.PERMISSIONS_POLICY`` as the header spells it: ``camera=(), ...``."""
    return ", ".join(f"{name}={value}" for name, value in settings.PERMISSIONS_POLICY.items())


def is_private(request: HttpRequest) -> bool:
    """Whether the page answering ``request`` holds personal data (see
    ``PRIVATE_URL_NAMESPACES`` and ``PRIVATE_URL_NAMES`` in the settings)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    namespaces = set(match.namespaces)
    return bool(namespaces & settings.PRIVATE_URL_NAMESPACES) or (
        match.view_name in settings.PRIVATE_URL_NAMES
    )


class SecurityHeadersMiddleware:
    """Adds the Permissions-Policy header to every answer, and ``Cache-Control: no-store``
    to every answer from a page with personal data, so neither a shared computer's browser
    cache nor a proxy keeps a copy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = permissions_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        if is_private(request):
            add_never_cache_headers(response)
        return response


def session_renewed(session: SessionBase) -> None:
    """Note in ``session`` that it was just renewed (signing in saves it anyway)."""
    session[LAST_SEEN_KEY] = int(time.time())


class SessionActivityMiddleware:
    """Keeps a signed-in session alive while it is used: a session ends SESSION_COOKIE_AGE
    after its last renewal, and an active one is renewed every few minutes, so it ends a
    working day after the last request rather than a working day after signing in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if (
            session is not None
            and user is not None
            and user.is_authenticated
            and int(time.time()) - int(session.get(LAST_SEEN_KEY, 0)) >= RENEW_EVERY_SECONDS
        ):
            session_renewed(session)  # marks it modified: saved with a new expiry
        return self.get_response(request)
