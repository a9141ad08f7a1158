"""Signing in through the pages, as a person does: the password, then the second step."""

from __future__ import annotations

import re

from django.http import HttpResponse
from django.test import Client

from koop.accounts import totp
from koop.accounts.session import PENDING_KEY_KEY
from tests.personas import PASSWORD


def password_step(
    client: Client, username: str, password: str = PASSWORD, **extra: str
) -> HttpResponse:
    return client.post("/login/", {"username": username, "password": password}, **extra)


def pending_key(client: Client) -> str:
    """The secret of the authenticator app being set up, as the setup page holds it."""
    key = client.session[PENDING_KEY_KEY]
    assert isinstance(key, str)
    return key


def shown_secret(html: str) -> str:
    """The secret as the setup page writes it out for typing by hand."""
    found = re.search(r'<code class="secret" id="totp-secret">([A-Z2-7 ]+)</code>', html)
    assert found, "no secret on the page"
    return found.group(1)


def recovery_codes_on(html: str) -> list[str]:
    return re.findall(r"<li><code>([A-Z0-9-]{19})</code></li>", html)


def enrol(client: Client) -> list[str]:
    """Set up an authenticator app through the setup page; the recovery codes shown."""
    assert client.get("/account/two-factor/").status_code == 200
    answer = client.post("/account/two-factor/", {"token": totp.current_code(pending_key(client))})
    assert answer.status_code == 200, answer.content.decode()[:500]
    codes = recovery_codes_on(answer.content.decode())
    assert len(codes) == 10
    return codes
