"""Each role's home in a real browser, at phone and at desktop size: accessible, fitting
the phone, and the menu behind its button on the phone, opened and closed by keyboard."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from playwright.sync_api import Page

from koop.billing.models import InvoiceDraft
from koop.governance.models import Meeting
from tests.browser.kit import assert_accessible, horizontal_overflow, log_in
from tests.participants.cases import participant_case
from tests.personas import World
from tests.portal.scenario import NOW, fill

HOMES = [
    ("admin", "/"),
    ("finance", "/"),
    ("vd", "/"),
    ("board", "/"),
    ("leader", "/"),
    ("cooperator", "/"),
    ("participant", "/participants/me/"),
]


@pytest.fixture
def morning(browser_world: World, immutable_rows_removed_afterwards: None) -> Iterator[World]:
    """The portal's morning (something in every count), the clock ticking from it."""
    with time_machine.travel(NOW, tick=True):
        fill(browser_world, copies=2)
        participant_case(browser_world)
        yield browser_world


def _is_phone(page: Page) -> bool:
    size = page.viewport_size
    return size is not None and size["width"] < 600


@pytest.mark.parametrize(("persona", "lands_on"), HOMES)
def test_a_roles_home_is_accessible_and_fits_the_screen(
    persona: str, lands_on: str, any_size: Page, base_url: str, morning: World
) -> None:
    page = any_size
    log_in(page, base_url, persona, lands_on=lands_on)
    assert_accessible(page)
    overflow = horizontal_overflow(page)
    assert overflow <= 0, f"{persona}'s home is {overflow}px wider than the window"
    toggle = page.locator("[data-menu-toggle]")
    menu = page.locator("nav.main")
    if _is_phone(page):
        # One line: the brand and the menu button side by side, the menu folded away.
        assert toggle.is_visible()
        assert not menu.is_visible()
        brand = page.locator("header.top .brand").bounding_box()
        button = toggle.bounding_box()
        assert brand is not None
        assert button is not None
        assert abs((brand["y"] + brand["height"] / 2) - (button["y"] + button["height"] / 2)) < 8
        assert button["height"] >= 44
        assert button["width"] >= 44
        toggle.click()
        assert menu.is_visible()
        assert_accessible(page)
        assert horizontal_overflow(page) <= 0
    else:
        assert not toggle.is_visible()
        assert menu.is_visible()


def test_the_lists_behind_a_leaders_counts_fit_a_phone(
    phone: Page, base_url: str, morning: World
) -> None:
    log_in(phone, base_url, "leader")
    links = phone.eval_on_selector_all("a.count", "els => els.map(e => e.getAttribute('href'))")
    assert len(links) == 10
    for href in links:
        phone.goto(f"{base_url}{href}")
        assert horizontal_overflow(phone) <= 0, href
    assert_accessible(phone)


def test_the_menu_button_opens_and_closes_the_menu_by_keyboard(
    phone: Page, base_url: str, morning: World
) -> None:
    log_in(phone, base_url, "leader")
    button = phone.locator("[data-menu-toggle]")
    menu = phone.locator("nav.main")
    for _ in range(5):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.matches('[data-menu-toggle]')"):
            break
    assert phone.evaluate("document.activeElement.matches('[data-menu-toggle]')")
    assert button.get_attribute("aria-expanded") == "false"

    phone.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert menu.is_visible()
    # The next Tab goes into the menu.
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.closest('nav.main') !== null")

    # Escape closes it and gives the focus back to the button.
    phone.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible()
    assert phone.evaluate("document.activeElement.matches('[data-menu-toggle]')")

    # Space opens and closes it too, as on any button.
    phone.keyboard.press("Space")
    assert menu.is_visible()
    phone.keyboard.press("Space")
    assert not menu.is_visible()
    assert button.get_attribute("aria-expanded") == "false"


def test_on_a_desktop_the_menu_is_shown_and_the_button_is_not(
    laptop: Page, base_url: str, morning: World
) -> None:
    log_in(laptop, base_url, "leader")
    assert laptop.locator("nav.main").is_visible()
    assert not laptop.locator("[data-menu-toggle]").is_visible()
    assert laptop.locator("nav.main a[href='/governance/']").is_visible()


def test_buttons_and_links_acting_as_buttons_are_at_least_44_px(
    phone: Page, base_url: str, morning: World
) -> None:
    draft = InvoiceDraft.objects.filter(unit=morning.unit_a).order_by("pk").first()
    meeting = Meeting.objects.filter(body__unit=morning.unit_a, status="open").first()
    assert draft is not None
    assert meeting is not None
    log_in(phone, base_url, "leader")
    phone.locator("[data-menu-toggle]").click()
    pages = [
        "/",
        "/home/unit/overdue/",
        "/work-orders/",
        # A table's action button (remove a line) and a meeting's secondary buttons.
        f"/invoices/drafts/{draft.pk}/",
        f"/governance/meetings/{meeting.pk}/",
    ]
    for path in pages:
        phone.goto(f"{base_url}{path}")
        if path != "/":
            phone.locator("[data-menu-toggle]").click()
        sizes = phone.evaluate(
            """() => [...document.querySelectorAll('button, .button, a.count')]
                .filter(e => e.offsetParent !== null)
                .map(e => [e.textContent.trim(), e.getBoundingClientRect()])
                .map(([t, r]) => [`${t}: ${Math.round(r.width)}x${Math.round(r.height)}`,
                                  r.width >= 44 && r.height >= 44])"""
        )
        assert sizes, f"{path} has no button to measure"
        small = [text for text, big_enough in sizes if not big_enough]
        assert small == [], f"{path}: {small}"
    # The line's remove button in the draft's table was among them.
    phone.goto(f"{base_url}/invoices/drafts/{draft.pk}/")
    assert phone.locator("td .linkbutton").count() == 1
