"""The paths a person takes every day, in a real browser: Debian's Chromium driven by
Playwright against the live server, with every request kept on 127.0.0.1."""

from __future__ import annotations

import os
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, Route, ViewportSize, sync_playwright
from pytest_django.live_server_helper import LiveServer

from koop.portal.selectors import group_figures
from tests.personas import PASSWORD, World, build_world

# Playwright's sync API runs an event loop in the test thread, which makes Django refuse
# database access from that thread unless told the access is deliberate.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
SCREENSHOT = "/tmp/koop-dashboard-phone.png"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def base_url(live_server: LiveServer) -> str:
    # The live server listens on the loopback address; naming it keeps the host check exact.
    port = urlsplit(live_server.url).port
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def browser_world(transactional_db: None) -> World:
    return build_world()


def _page(browser: Browser, viewport: ViewportSize) -> Iterator[Page]:
    # A browser set to Swedish, as the people using Koop have theirs.
    context = browser.new_context(viewport=viewport, locale="sv-SE")
    outside: list[str] = []

    def keep_local(route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", keep_local)
    page = context.new_page()
    yield page
    context.close()
    assert not outside, f"requests left 127.0.0.1: {outside}"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, DESKTOP)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, PHONE)


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/")
    assert urlsplit(page.url).path == "/login/"
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def test_leader_logs_in_and_reads_the_group_in_figures(
    page: Page, base_url: str, browser_world: World
) -> None:
    log_in(page, base_url, "leader")

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

    for path in ["/", "/units/", "/people/"]:
        phone.goto(f"{base_url}{path}")
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} is {overflow}px wider than the phone"

    phone.goto(f"{base_url}/")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.className") == "skip"
    assert phone.evaluate("document.activeElement.getBoundingClientRect().left") >= 0

    reached_menu = False
    for _ in range(10):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.closest('nav.main') !== null"):
            reached_menu = True
            break
    assert reached_menu, "Tab never reached the main menu"
    phone.keyboard.press("Enter")
    phone.wait_for_url(f"{base_url}/")
