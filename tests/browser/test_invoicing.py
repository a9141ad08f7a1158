"""The unit leader's invoicing path in a real browser, on a phone and on a desktop: open a
work order, register time, mark it done, press "Fakturera", check the draft, issue it
through the confirmation page and see the invoice with its number."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from playwright.sync_api import Page

from koop.billing.factories import InvoiceSettingsFactory
from koop.billing.models import Invoice
from koop.work.factories import AgreementFactory, CustomerFactory, PriceListItemFactory
from koop.work.models import PriceItemKind, WorkOrder, WorkOrderStatus
from koop.work.services import material_row_add, work_order_create, work_order_transition
from tests.browser.kit import assert_accessible, horizontal_overflow, log_in
from tests.personas import World

NBSP = "\xa0"


@dataclass(frozen=True)
class Invoicing:
    world: World
    order: WorkOrder


@pytest.fixture
def invoicing(immutable_rows_removed_afterwards: None, browser_world: World) -> Invoicing:
    """A work order of unit A in progress under an agreement with a price list, one
    article already on it; the invoice settings in place."""
    w = browser_world
    InvoiceSettingsFactory(cooperative=w.cooperative)
    customer = CustomerFactory(cooperative=w.cooperative, name="Norrköpings kommun")
    agreement = AgreementFactory(
        cooperative=w.cooperative,
        customer=customer,
        business_area=w.unit_a.business_areas.get(),
        units=[w.unit_a],
        valid_from=dt.date(2020, 1, 1),
        valid_to=None,
    )
    PriceListItemFactory(agreement=agreement, name="Flyttarbete", price=Decimal("420"))
    article = PriceListItemFactory(
        agreement=agreement, kind=PriceItemKind.ARTICLE, name="Flyttkartong", price=Decimal("35")
    )
    leader = w.user("leader")
    order = work_order_create(
        unit=w.unit_a,
        customer=customer,
        agreement=agreement,
        description="Flytt av arkivet till Rådhuset",
        planned_date=dt.date.today(),
        acting_user=leader,
    )
    for state in ("planned", "in_progress"):
        work_order_transition(work_order=order, to=state, acting_user=leader)
    material_row_add(work_order=order, article=article, quantity=Decimal(4), acting_user=leader)
    return Invoicing(w, order)


def _text(page: Page, selector: str) -> str:
    return (page.text_content(selector) or "").replace(NBSP, " ")


def _check(page: Page) -> None:
    """The page, with any message it shows, passes the accessibility check and fits the
    window."""
    assert_accessible(page)
    _fits(page)


def _fits(page: Page) -> None:
    overflow = horizontal_overflow(page)
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the window"


def test_the_leader_invoices_a_work_order_from_the_field(
    any_size: Page, base_url: str, invoicing: Invoicing
) -> None:
    page = any_size
    order = invoicing.order
    log_in(page, base_url, "leader", lands_on=None)

    # The work order, with the time form on top.
    page.goto(f"{base_url}/work-orders/{order.pk}/")
    _check(page)
    page.fill("#register-time input[name=hours]", "3,5")  # a decimal comma, as typed
    page.click("#register-time button[type=submit]")
    page.wait_for_url(f"{base_url}/work-orders/{order.pk}/")
    assert "3,5 h" in _text(page, "ul.messages")

    # Mark it done: the state buttons give way to "Fakturera".
    page.click("#state-buttons button[value=done]")
    page.wait_for_url(f"{base_url}/work-orders/{order.pk}/")
    assert page.locator("#invoicing button[type=submit]").text_content() == "Fakturera"
    _check(page)
    page.click("#invoicing button[type=submit]")

    # The draft, with the order's rows priced from the agreement's price list.
    page.wait_for_url(f"{base_url}/invoices/drafts/*/")
    assert "gjordes av" in _text(page, "ul.messages")
    _check(page)
    lines = _text(page, "table.lines tbody")
    assert "Flyttarbete" in lines
    assert "420,00 kr" in lines
    assert "1 470,00 kr" in lines  # 3,5 h × 420
    assert "Flyttkartong" in lines
    assert "140,00 kr" in lines  # 4 × 35
    assert "2 012,50 kr" in _text(page, "dl.totals")  # 1 610,00 + 25 % VAT

    # Issuing asks first and shows the invoice as it will be.
    page.click("#draft-actions a.primary")
    page.wait_for_url(f"{base_url}/invoices/drafts/*/issue/")
    _check(page)
    consequences = _text(page, "ul.consequences")
    assert "nästa nummer i fakturaserien, 1" in consequences
    assert "kreditfaktura" in consequences
    assert "Peppol" in consequences  # a municipality: a public buyer
    assert "2 012,50 kr" in _text(page, ".invoice-preview")
    assert not Invoice.objects.exists()
    page.click("button[name=confirmed][value=yes]")

    # The issued invoice, with its number.
    invoice = Invoice.objects.get()
    page.wait_for_url(f"{base_url}/invoices/{invoice.pk}/")
    assert _text(page, "h1").split()[:2] == ["Faktura", "1"]
    assert "Faktura 1 har utfärdats." in _text(page, "ul.messages")
    _check(page)
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.INVOICED
    assert invoice.payable == Decimal("2012.50")
