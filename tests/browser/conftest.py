"""The browser kit: Debian's Chromium driven by Playwright against the live server, a
page at phone and at desktop size, every request kept on 127.0.0.1. Every test in this
folder is marked ``browser``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, ViewportSize, sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.personas import World, build_world

# Playwright's sync API runs an event loop in the test thread, which makes Django refuse
# database access from that thread unless told the access is deliberate.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

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
LAPTOP: ViewportSize = {"width": 1366, "height": 768}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.browser)


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


def open_page(browser: Browser, viewport: ViewportSize, *, locale: str = "sv-SE") -> Iterator[Page]:
    """A fresh browser context at ``viewport`` (set to Swedish, as the people using Koop
    have theirs) that fails the test if any request leaves 127.0.0.1."""
    context = browser.new_context(viewport=viewport, locale=locale)
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
    yield from open_page(browser, DESKTOP)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    yield from open_page(browser, PHONE)


@pytest.fixture
def laptop(browser: Browser) -> Iterator[Page]:
    yield from open_page(browser, LAPTOP)


@pytest.fixture(params=["phone", "desktop"])
def any_size(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """The same test at phone and at desktop size."""
    yield from open_page(browser, PHONE if request.param == "phone" else DESKTOP)
