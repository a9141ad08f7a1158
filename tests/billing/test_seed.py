from __future__ import annotations

import datetime as dt
import random

import pytest

from koop.billing.models import Invoice, InvoiceKind, InvoiceLine, Payment
from koop.billing.payment_refs import is_valid_ocr
from koop.billing.services import invoice_draft_add_line, invoice_draft_create, invoice_issue
from koop.demo.seed.billing import seed_billing
from koop.demo.seed.context import SeedContext
from koop.work.models import WorkOrderStatus
from tests.billing.conftest import Billing

pytestmark = pytest.mark.django_db


def test_seed_invoices_done_work_in_date_order_with_final_rows(billing: Billing) -> None:
    billing.settings.delete()
    orders = []
    for day, customer in [
        (dt.date(2024, 11, 5), billing.municipality),
        (dt.date(2024, 11, 20), billing.municipality),
        (dt.date(2024, 12, 2), billing.company),
        (dt.date(2025, 1, 15), billing.municipality),
    ]:
        orders.append(billing.done_order(customer=customer, planned_date=day))
    ctx = SeedContext(
        scale=1,
        rng=random.Random(1),
        today=dt.date(2025, 3, 14),
        cooperative=billing.world.cooperative,
    )
    seed_billing(ctx)

    invoices = list(Invoice.objects.filter(kind=InvoiceKind.INVOICE).order_by("number"))
    # November's two orders for the municipality share one invoice.
    assert len(invoices) == 3
    assert [i.issue_date for i in invoices] == sorted(i.issue_date for i in invoices)
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    for invoice in Invoice.objects.all():
        assert invoice.lines.count() == invoice.line_count
        assert sum(line.net_amount for line in invoice.lines.all()) == invoice.net_total
        assert is_valid_ocr(invoice.ocr_reference)
    assert InvoiceLine.objects.filter(work_order__isnull=False).count() == 2 * len(orders)
    for order in orders:
        order.refresh_from_db()
        assert order.status == WorkOrderStatus.INVOICED
    assert Payment.objects.exists()
    # The series continues after the seeded invoices.
    leader = billing.world.user("leader")
    draft = invoice_draft_create(
        unit=billing.world.unit_a, customer=billing.company, acting_user=leader
    )
    invoice_draft_add_line(
        draft=draft,
        description="Efter",
        quantity="1",
        unit_price="10",
        vat_rate="25",
        business_area=billing.area,
        acting_user=leader,
    )
    assert invoice_issue(draft=draft, acting_user=leader).number == len(numbers) + 1
