"""Signing in as a person does, in a real browser: the password, setting up an
authenticator app from the page, the recovery codes, the lock-out message; and every
main page working under the Content Security Policy without a single violation."""

from __future__ import annotations

from base64 import b32decode
from binascii import hexlify

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from koop.accounts import totp
from tests.browser.kit import assert_accessible, horizontal_overflow, log_in
from tests.personas import PASSWORD, World

# Collects what the browser refuses under the policy; added through the debugging
# protocol, so the policy itself does not keep it out.
WATCH_POLICY = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""


def watch(page: Page) -> list[str]:
    """Console errors and refusals of the policy, as they happen on ``page``."""
    problems: list[str] = []
    page.add_init_script(WATCH_POLICY)
    page.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text}")
            if message.type in {"error", "warning"}
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    return problems


def refused(page: Page) -> list[str]:
    return list(page.evaluate("window.__violations || []"))


def _key_from_page(page: Page) -> str:
    secret = (page.text_content("#totp-secret") or "").replace(" ", "")
    padded = secret + "=" * (-len(secret) % 8)
    return hexlify(b32decode(padded)).decode()


def test_a_leader_sets_up_two_factor_right_after_the_password(
    any_size: Page, base_url: str, browser_world: World
) -> None:
    page = any_size
    problems = watch(page)
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", "leader")
    page.fill("#id_password", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(f"{base_url}/account/two-factor/**")
    assert page.is_visible("figure.qr svg")
    assert horizontal_overflow(page) <= 0
    assert_accessible(page)

    page.fill("#id_token", totp.current_code(_key_from_page(page)))
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("ul.recovery-codes li").count() == 10
    assert_accessible(page)
    page.click("text=Jag har sparat dem, fortsätt")
    page.wait_for_url(f"{base_url}/")
    # Signed in for real: the menu is there (folded behind its button on a phone).
    assert page.locator("nav.main").count() == 1
    assert not problems, problems
    assert not refused(page)


def test_a_wrong_code_is_refused_in_the_browser(
    page: Page, base_url: str, browser_world: World
) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", "leader")
    page.fill("#id_password", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(f"{base_url}/account/two-factor/**")
    right = totp.current_code(_key_from_page(page))
    page.fill("#id_token", f"{(int(right) + 1) % 1_000_000:06d}")
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state()
    assert page.is_visible("#error-summary")
    assert "Koden stämmer inte" in (page.text_content("#error-summary") or "")


def test_failed_sign_ins_show_the_lock_in_swedish(
    phone: Page, base_url: str, browser_world: World
) -> None:
    for _ in range(5):
        phone.goto(f"{base_url}/login/")
        phone.fill("#id_username", "cooperator")
        phone.fill("#id_password", "not-the-password")
        phone.click("form.stacked button[type=submit]")
        phone.wait_for_load_state()
    assert phone.is_visible("#locked-out")
    text = phone.text_content("#locked-out") or ""
    assert "Inloggningen är spärrad för tillfället" in text
    assert "30 minuter" in text
    assert horizontal_overflow(phone) <= 0
    assert_accessible(phone)


MAIN_PAGES = [
    ("portal:dashboard", {}),
    ("portal:unit-list", {}),
    ("organisation:cooperative", {}),
    ("people:person-list", {}),
    ("participants:list", {}),
    ("work:work-order-list", {}),
    ("work:customer-list", {}),
    ("ledger:home", {}),
    ("governance:meeting-list", {}),
    ("governance:body-list", {}),
    ("core:audit-list", {}),
    ("accounts:security", {}),
    ("accounts:setup", {}),
]


@pytest.mark.parametrize("locale", ["sv-SE", "en-GB"])
def test_every_main_page_works_under_the_policy(
    browser,  # type: ignore[no-untyped-def]
    base_url: str,
    browser_world: World,
    locale: str,
) -> None:
    from tests.browser.conftest import DESKTOP, PHONE, open_page

    for viewport in (PHONE, DESKTOP):
        for page in open_page(browser, viewport, locale=locale):
            problems = watch(page)
            log_in(page, base_url, "admin")
            unit = browser_world.unit_a.pk
            urls = [reverse(name, kwargs=kwargs) for name, kwargs in MAIN_PAGES]
            urls += [reverse("portal:unit-detail", kwargs={"unit_id": unit})]
            for url in urls:
                answer = page.goto(f"{base_url}{url}")
                assert answer is not None
                assert answer.status == 200, url
                assert page.is_visible("h1"), url
                assert not refused(page), (url, refused(page))
            assert not problems, problems
