"""The main pages with the demo's own data, as each role opens them on a phone and at a
desk: every one fits its window and has no serious or critical accessibility problem."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from koop.billing.models import Invoice
from koop.demo.seed import run_seed
from koop.demo.seed.people import DEMO_PASSWORD
from koop.governance.models import Meeting
from koop.ledger.models import Voucher
from koop.organisation.models import Unit
from koop.work.models import WorkOrder
from tests.browser.conftest import DESKTOP, PHONE, open_page
from tests.browser.kit import assert_accessible, horizontal_overflow, log_in


def _pages() -> dict[str, list[str]]:
    unit = Unit.objects.get(name="Möbellagret")
    invoice = Invoice.objects.filter(unit=unit).order_by("-pk").first()
    order = WorkOrder.objects.filter(unit=unit).order_by("-pk").first()
    voucher = Voucher.objects.order_by("-pk").first()
    meeting = Meeting.objects.filter(body__unit=unit).order_by("-starts_at").first()
    assert invoice is not None
    assert order is not None
    assert voucher is not None
    assert meeting is not None
    return {
        "ekonomi": [
            "/",
            "/invoices/",
            "/invoices/overdue/",
            f"/invoices/{invoice.pk}/",
            "/ledger/",
            "/ledger/vouchers/",
            f"/ledger/vouchers/{voucher.pk}/",
            "/customers/",
            "/figures/",
        ],
        "ledare": [
            "/",
            "/work-orders/",
            f"/work-orders/{order.pk}/",
            f"/units/{unit.pk}/invoices/",
            f"/invoices/{invoice.pk}/",
            f"/participants/units/{unit.pk}/attendance/",
            "/participants/",
            "/governance/meetings/",
            f"/governance/meetings/{meeting.pk}/",
        ],
        "vd": ["/", "/units/", "/governance/meetings/"],
        "styrelse": ["/", "/governance/meetings/"],
        "kooperator": ["/", "/work-orders/"],
        "deltagare": ["/participants/me/"],
    }


@pytest.mark.django_db(transaction=True)
def test_the_main_pages_fit_and_are_accessible_at_both_sizes(
    browser: Browser, base_url: str
) -> None:
    run_seed(scale=1, seed=1)
    pages = _pages()
    problems: list[str] = []
    for viewport, size in ((PHONE, "phone"), (DESKTOP, "desktop")):
        for login, paths in pages.items():
            for page in open_page(browser, viewport):
                log_in(page, base_url, login, lands_on=None, password=DEMO_PASSWORD)
                for path in paths:
                    answer = page.goto(f"{base_url}{path}")
                    assert answer is not None
                    assert answer.status == 200, (login, path)
                    if (overflow := horizontal_overflow(page)) > 0:
                        problems.append(f"{size} {login} {path}: {overflow} px too wide")
                    try:
                        assert_accessible(page)
                    except AssertionError as error:
                        problems.append(f"{size} {login} {error}")
    assert not problems, "\n".join(problems)
