"""Books to test the database's rules and the hash chain against: posted vouchers in a
fiscal year, issued invoices and a credit note, a closed vote with its ballots."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import translation

from koop.billing.factories import InvoiceSettingsFactory
from koop.billing.models import Invoice
from koop.billing.services import (
    credit_note_issue,
    invoice_draft_add_line,
    invoice_draft_create,
    invoice_issue,
)
from koop.ledger.models import FiscalYear, Voucher
from koop.ledger.services import RowSpec, voucher_post
from koop.work.factories import CompanyCustomerFactory
from tests.personas import World

D = Decimal


@pytest.fixture(autouse=True)
def _english(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Messages are asserted in English (the msgids); Swedish is the site's default."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def post(day: dt.date = dt.date(2024, 3, 1), amount: str = "100.00", series: str = "A") -> Voucher:
    return voucher_post(
        voucher_date=day,
        series=series,
        text="Kontorsmaterial",
        rows=[RowSpec(6110, D(amount)), RowSpec(1930, -D(amount))],
        acting_user=None,
    )


@pytest.fixture
def year_2024(db: None) -> FiscalYear:
    return FiscalYear.objects.create(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))


@pytest.fixture
def vouchers(year_2024: FiscalYear) -> list[Voucher]:
    """Three posted vouchers, A1 to A3."""
    return [post(amount=amount) for amount in ("100.00", "250.50", "75.25")]


def issue(
    world: World, *lines: tuple[str, str, str], day: dt.date = dt.date(2025, 3, 14)
) -> Invoice:
    """An invoice of free lines (quantity, unit price, VAT rate) to a company, in unit A."""
    user = world.user("leader")
    customer = CompanyCustomerFactory(cooperative=world.cooperative)
    draft = invoice_draft_create(unit=world.unit_a, customer=customer, acting_user=user)
    area = world.unit_a.business_areas.get()
    for i, (quantity, price, rate) in enumerate(lines, start=1):
        invoice_draft_add_line(
            draft=draft,
            description=f"Rad {i}",
            quantity=quantity,
            unit_price=price,
            vat_rate=rate,
            business_area=area,
            acting_user=user,
        )
    return invoice_issue(draft=draft, acting_user=user, issue_date=day)


@pytest.fixture
def invoices(world: World) -> list[Invoice]:
    """Invoice 1, a credit note 2 taking back part of it, and invoice 3."""
    InvoiceSettingsFactory(cooperative=world.cooperative)
    first = issue(world, ("2", "450.00", "25"), ("1.5", "19.90", "12"))
    line = first.lines.get(line_no=1)
    credit = credit_note_issue(
        invoice=first,
        acting_user=world.user("finance"),
        quantities={line.pk: "1"},
        reason="Fel antal",
        issue_date=dt.date(2025, 3, 20),
    )
    last = issue(world, ("3", "310.00", "6"), day=dt.date(2025, 3, 21))
    return [first, credit, last]
