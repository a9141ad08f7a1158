"""The paths a person takes every day, in a real browser: Debian's Chromium driven by
Playwright against the live server, with every request kept on 127.0.0.1."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import Page

from koop.portal.selectors import group_figures
from tests.browser.kit import axe_violations, horizontal_overflow, log_in
from tests.personas import World

SCREENSHOT = "/tmp/koop-dashboard-phone.png"


def test_leader_logs_in_and_reads_the_group_in_figures(
    page: Page, base_url: str, browser_world: World
) -> None:
    log_in(page, base_url, "leader")
    page.click("a[href='/figures/']")
    page.wait_for_url(f"{base_url}/figures/")

    expected = group_figures(cooperative_id=browser_world.cooperative.pk, on=timezone.localdate())
    assert page.text_content("#fig-units") == "2"
    assert page.text_content("#fig-municipalities") == "2"
    assert page.text_content("#fig-employees") == str(expected.employees)
    assert page.text_content("#fig-members") == str(expected.members)
    # Fewer than five people reported: the share is never shown.
    assert page.text_content("#fig-women") == "–"
    # The stylesheet, served by Koop itself, has been applied.
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"


def test_leader_opens_the_unit_list_and_switches_to_english(
    page: Page, base_url: str, browser_world: World
) -> None:
    log_in(page, base_url, "leader")
    assert page.get_attribute("html", "lang") == "sv"

    page.click("nav.main a[href='/units/']")
    page.wait_for_url(f"{base_url}/units/")
    assert page.is_visible("text=Möbellagret")
    assert page.is_visible("text=Cykelbudet")

    page.click("button[name=language][value=en]")
    page.wait_for_url(f"{base_url}/units/")
    assert page.get_attribute("html", "lang") == "en"
    assert page.text_content("h1") == "Units"
    assert page.is_visible("nav.main >> text=In figures")
    assert page.is_visible("button[name=language][value=sv]")


def test_dashboard_fits_a_phone_and_the_menu_is_reachable_by_keyboard(
    phone: Page, base_url: str, browser_world: World
) -> None:
    log_in(phone, base_url, "leader")
    phone.screenshot(path=SCREENSHOT, full_page=True)

    for path in ["/", "/figures/", "/units/", "/people/"]:
        phone.goto(f"{base_url}{path}")
        overflow = horizontal_overflow(phone)
        assert overflow <= 0, f"{path} is {overflow}px wider than the phone"

    phone.goto(f"{base_url}/")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.className") == "skip"
    assert phone.evaluate("document.activeElement.getBoundingClientRect().left") >= 0

    # On a phone the menu is behind its button: open it, then Tab reaches the menu.
    reached_menu = False
    for _ in range(10):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.matches('[data-menu-toggle]')"):
            phone.keyboard.press("Enter")
        if phone.evaluate("document.activeElement.closest('nav.main') !== null"):
            reached_menu = True
            break
    assert reached_menu, "Tab never reached the main menu"
    phone.keyboard.press("Enter")
    phone.wait_for_url(f"{base_url}/")


def test_the_accessibility_check_finds_what_a_page_lacks(page: Page, base_url: str) -> None:
    # The check itself can fail: a page with an unlabelled image and button does.
    page.goto(f"{base_url}/login/")
    assert axe_violations(page) == []
    page.set_content(
        "<html lang=sv><body><main>"
        "<img src='/static/koop/none.png'><button></button>"
        "</main></body></html>"
    )
    rules = {v["rule"] for v in axe_violations(page)}
    assert {"image-alt", "button-name"} <= rules
