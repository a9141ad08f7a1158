"""What browser tests do again and again: log in, check a page fits, check accessibility."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from playwright.sync_api import Page

from tests.personas import PASSWORD
from tests.signin import authenticator_for, needs_second_factor, next_code

AXE = Path(__file__).with_name("vendor") / "axe-4.14.1.min.js"


def log_in(
    page: Page,
    base_url: str,
    username: str,
    *,
    lands_on: str | None = "/",
    password: str = PASSWORD,
) -> None:
    """Log in through the login form; ``lands_on`` is the path the role's home redirects to
    (None: wherever it goes). A persona who must give a second factor has an authenticator
    app (set up here if not yet), and its current code is typed on the next page."""
    user = get_user_model().objects.get(username=username)
    device = authenticator_for(user) if needs_second_factor(user) else None
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state()
    if device is not None:
        page.wait_for_url(f"{base_url}/login/verify/**")
        page.fill("#id_token", next_code(device))
        page.click("form.stacked button[type=submit]")
        page.wait_for_load_state()
    if lands_on is not None:
        page.wait_for_url(f"{base_url}{lands_on}")


def horizontal_overflow(page: Page) -> int:
    """How many pixels the page is wider than its window (0 or less: it fits)."""
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


def axe_violations(page: Page, *, impacts: tuple[str, ...] = ("serious", "critical")) -> list[Any]:
    """axe-core's violations on the page as it is now, of the given impacts, each with the
    rule, its help text and the elements it found."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the debugging protocol, so a Content Security Policy that
        # forbids inline scripts does not keep it out.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result
        if v["impact"] in impacts
    ]


def assert_accessible(page: Page) -> None:
    """No serious or critical axe-core violation on the page."""
    violations = axe_violations(page)
    where = urlsplit(page.url).path
    assert not violations, f"{where}: " + json.dumps(violations, indent=2, ensure_ascii=False)
