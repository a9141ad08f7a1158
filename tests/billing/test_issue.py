from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from koop.billing.models import Invoice, InvoiceDraft, InvoiceDraftLine, InvoiceLine
from koop.billing.services import (
    invoice_draft_add_line,
    invoice_draft_add_work_orders,
    invoice_draft_create,
    invoice_draft_delete,
    invoice_draft_update,
    invoice_issue,
)
from koop.core.errors import KoopValidationError
from koop.work.models import WorkOrder, WorkOrderStatus
from tests.billing.conftest import TODAY, Billing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(dt.datetime(2025, 3, 14, 10, 0), tick=False):
        yield


def _fields(error: KoopValidationError) -> set[str | None]:
    return {p.field for p in error.problems}


def test_issue_numbers_dates_and_marks_work_orders_invoiced(billing: Billing) -> None:
    leader = billing.world.user("leader")
    orders = [billing.done_order(), billing.done_order()]
    draft = invoice_draft_create(
        unit=billing.world.unit_a,
        customer=billing.municipality,
        work_orders=orders,
        acting_user=leader,
    )
    assert draft.lines.count() == 4

    invoice = invoice_issue(draft=draft, acting_user=leader)

    assert invoice.number == 1
    assert invoice.issue_date == TODAY
    assert invoice.due_date == TODAY + dt.timedelta(days=30)
    assert invoice.ocr_reference == "133"  # 1, length digit 3, Luhn digit 3
    assert invoice.buyer_reference == billing.municipality.buyer_reference
    assert invoice.seller["bankgiro"] == "56781230"
    assert invoice.period_start == invoice.period_end == dt.date(2025, 3, 3)
    # 2 × (4 h × 450.00 + 10 × 19.90) = 2 × 1999.00
    assert invoice.net_total == Decimal("3998.00")
    assert invoice.vat_total == Decimal("999.50")
    assert invoice.payable == Decimal("4997.50")
    assert not InvoiceDraft.objects.filter(pk=draft.pk).exists()
    for order in orders:
        order.refresh_from_db()
        assert order.status == WorkOrderStatus.INVOICED
        assert order.invoice_ref == "1"
    assert set(invoice.lines.values_list("work_order_id", flat=True)) == {o.pk for o in orders}
    assert set(invoice.lines.values_list("business_area_id", flat=True)) == {billing.area.pk}

    second = invoice_draft_create(
        unit=billing.world.unit_a, customer=billing.company, acting_user=leader
    )
    invoice_draft_add_line(
        draft=second,
        description="Hyra släpvagn",
        quantity="1",
        unit_price="300",
        vat_rate="25",
        business_area=billing.area,
        acting_user=leader,
    )
    assert invoice_issue(draft=second, acting_user=leader).number == 2


def test_vat_is_rounded_once_per_rate_not_per_line(billing: Billing) -> None:
    """Three lines of 0.10 kr at 25 %: per line 0.03 each (0.09), per rate 0.30 × 25 % = 0.08
    (EN 16931 BR-CO-17 takes the per-rate figure)."""
    leader = billing.world.user("leader")
    draft = invoice_draft_create(
        unit=billing.world.unit_a, customer=billing.company, acting_user=leader
    )
    for _ in range(3):
        invoice_draft_add_line(
            draft=draft,
            description="Skruv",
            quantity="1",
            unit_price="0.10",
            vat_rate="25",
            business_area=billing.area,
            acting_user=leader,
        )
    invoice_draft_add_line(
        draft=draft,
        description="Cykeltransport",
        quantity="1.5",
        unit_price="333.33",
        vat_rate="12",
        business_area=billing.area,
        acting_user=leader,
    )
    invoice = invoice_issue(draft=draft, acting_user=leader)
    vat = {row.rate: (row.taxable_amount, row.vat_amount) for row in invoice.vat_amounts.all()}
    assert vat == {
        Decimal("25.00"): (Decimal("0.30"), Decimal("0.08")),
        # 1.5 × 333.33 = 499.995 -> 500.00; 12 % = 60.00
        Decimal("12.00"): (Decimal("500.00"), Decimal("60.00")),
    }
    assert invoice.net_total == Decimal("500.30")
    assert invoice.vat_total == Decimal("60.08")
    assert invoice.gross_total == invoice.payable == Decimal("560.38")
    assert [line.vat_category for line in invoice.lines.all()] == ["S", "S", "S", "S"]


def test_zero_rate_lines_are_exempt_with_a_reason(billing: Billing) -> None:
    leader = billing.world.user("leader")
    draft = invoice_draft_create(
        unit=billing.world.unit_a, customer=billing.company, acting_user=leader
    )
    invoice_draft_add_line(
        draft=draft,
        description="Handledning",
        quantity="2",
        unit_price="500",
        vat_rate="0",
        business_area=billing.area,
        acting_user=leader,
    )
    invoice = invoice_issue(draft=draft, acting_user=leader)
    row = invoice.vat_amounts.get()
    assert (row.category, row.vat_amount) == ("E", Decimal("0.00"))
    assert "mervärdesskattelagen" in row.exemption_reason


def test_a_negative_quantity_is_refused_pointing_to_credit_notes(billing: Billing) -> None:
    leader = billing.world.user("leader")
    draft = invoice_draft_create(
        unit=billing.world.unit_a, customer=billing.company, acting_user=leader
    )
    with pytest.raises(KoopValidationError) as caught:
        invoice_draft_add_line(
            draft=draft,
            description="Retur",
            quantity="-1",
            unit_price="100",
            vat_rate="25",
            business_area=billing.area,
            acting_user=leader,
        )
    assert _fields(caught.value) == {"quantity"}
    assert "credit note" in str(caught.value)
    assert not InvoiceDraftLine.objects.exists()


def test_issuing_an_empty_invoice_is_refused_and_takes_no_number(billing: Billing) -> None:
    leader = billing.world.user("leader")
    draft = invoice_draft_create(
        unit=billing.world.unit_a, customer=billing.company, acting_user=leader
    )
    with pytest.raises(KoopValidationError) as caught:
        invoice_issue(draft=draft, acting_user=leader)
    assert _fields(caught.value) == {"lines"}
    assert "empty" in str(caught.value)
    assert not Invoice.objects.exists()
    invoice_draft_add_line(
        draft=draft,
        description="Tjänst",
        quantity="1",
        unit_price="100",
        vat_rate="25",
        business_area=billing.area,
        acting_user=leader,
    )
    assert invoice_issue(draft=draft, acting_user=leader).number == 1


def test_mixing_customers_on_one_invoice_is_refused(billing: Billing) -> None:
    leader = billing.world.user("leader")
    ours = billing.done_order()
    theirs = billing.done_order(customer=billing.company)
    with pytest.raises(KoopValidationError) as caught:
        invoice_draft_create(
            unit=billing.world.unit_a,
            customer=billing.municipality,
            work_orders=[ours, theirs],
            acting_user=leader,
        )
    assert _fields(caught.value) == {"work_orders"}
    assert "another customer" in str(caught.value)
    assert not InvoiceDraft.objects.exists()
    assert not InvoiceDraftLine.objects.exists()


def test_a_work_order_is_invoiced_only_once(billing: Billing) -> None:
    leader = billing.world.user("leader")
    order = billing.done_order()
    first = invoice_draft_create(
        unit=billing.world.unit_a,
        customer=billing.municipality,
        work_orders=[order],
        acting_user=leader,
    )
    # A second draft with the same order while the first is open is refused too.
    with pytest.raises(KoopValidationError, match="already on invoice draft"):
        invoice_draft_create(
            unit=billing.world.unit_a,
            customer=billing.municipality,
            work_orders=[order],
            acting_user=leader,
        )
    invoice_issue(draft=first, acting_user=leader)
    order.refresh_from_db()
    with pytest.raises(KoopValidationError) as caught:
        invoice_draft_create(
            unit=billing.world.unit_a,
            customer=billing.municipality,
            work_orders=[order],
            acting_user=leader,
        )
    assert "already invoiced" in str(caught.value)
    assert InvoiceDraft.objects.count() == 0
    assert Invoice.objects.count() == 1


def test_issue_refuses_a_work_order_invoiced_meanwhile_and_saves_nothing(
    billing: Billing,
) -> None:
    leader = billing.world.user("leader")
    order = billing.done_order()
    draft = invoice_draft_create(
        unit=billing.world.unit_a,
        customer=billing.municipality,
        work_orders=[order],
        acting_user=leader,
    )
    WorkOrder.objects.filter(pk=order.pk).update(
        status=WorkOrderStatus.INVOICED, invoice_ref="Fortnox 77", invoiced_at="2025-03-10T10:00Z"
    )
    with pytest.raises(KoopValidationError, match="already invoiced"):
        invoice_issue(draft=draft, acting_user=leader)
    assert not Invoice.objects.exists()
    assert not InvoiceLine.objects.exists()
    assert InvoiceDraft.objects.filter(pk=draft.pk).exists()
    # The number was not used up: the next invoice is still number 1.
    free = invoice_draft_create(
        unit=billing.world.unit_a, customer=billing.company, acting_user=leader
    )
    invoice_draft_add_line(
        draft=free,
        description="Tjänst",
        quantity="1",
        unit_price="100",
        vat_rate="25",
        business_area=billing.area,
        acting_user=leader,
    )
    assert invoice_issue(draft=free, acting_user=leader).number == 1


def test_a_public_customer_needs_a_buyer_reference_at_issue(billing: Billing) -> None:
    leader = billing.world.user("leader")
    draft = invoice_draft_create(
        unit=billing.world.unit_a,
        customer=billing.municipality,
        work_orders=[billing.done_order()],
        acting_user=leader,
    )
    invoice_draft_update(draft=draft, buyer_reference="  ", acting_user=leader)
    with pytest.raises(KoopValidationError) as caught:
        invoice_issue(draft=draft, acting_user=leader)
    assert _fields(caught.value) == {"buyer_reference"}
    assert not Invoice.objects.exists()


def test_a_vat_rate_not_in_force_is_refused(billing: Billing) -> None:
    leader = billing.world.user("leader")
    draft = invoice_draft_create(
        unit=billing.world.unit_a, customer=billing.company, acting_user=leader
    )
    with pytest.raises(KoopValidationError) as caught:
        invoice_draft_add_line(
            draft=draft,
            description="Tjänst",
            quantity="1",
            unit_price="100",
            vat_rate="20",
            business_area=billing.area,
            acting_user=leader,
        )
    assert _fields(caught.value) == {"vat_rate"}


def test_work_orders_of_another_unit_are_refused(billing: Billing) -> None:
    leader = billing.world.user("leader")
    order_b = billing.done_order(unit=billing.world.unit_b)
    with pytest.raises(KoopValidationError, match="another unit"):
        invoice_draft_create(
            unit=billing.world.unit_a,
            customer=billing.municipality,
            work_orders=[order_b],
            acting_user=leader,
        )


def test_a_draft_can_be_extended_edited_and_deleted(billing: Billing) -> None:
    leader = billing.world.user("leader")
    order = billing.done_order()
    draft = invoice_draft_create(
        unit=billing.world.unit_a, customer=billing.municipality, acting_user=leader
    )
    invoice_draft_add_work_orders(draft=draft, work_orders=[order], acting_user=leader)
    assert draft.lines.count() == 2
    invoice_draft_update(draft=draft, note="Tack för uppdraget", acting_user=leader)
    invoice_draft_delete(draft=draft, acting_user=leader)
    assert not InvoiceDraft.objects.exists()
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.DONE


def test_issue_needs_invoice_settings(billing: Billing) -> None:
    leader = billing.world.user("leader")
    billing.settings.delete()
    draft = invoice_draft_create(
        unit=billing.world.unit_a, customer=billing.company, acting_user=leader
    )
    invoice_draft_add_line(
        draft=draft,
        description="Tjänst",
        quantity="1",
        unit_price="100",
        vat_rate="25",
        business_area=billing.area,
        acting_user=leader,
    )
    with pytest.raises(KoopValidationError) as caught:
        invoice_issue(draft=draft, acting_user=leader)
    assert _fields(caught.value) == {"settings"}


def _issue_queries(billing: Billing, line_count: int) -> int:
    """Queries of issuing a draft of ``line_count`` free lines at three VAT rates."""
    leader = billing.world.user("leader")
    draft = invoice_draft_create(
        unit=billing.world.unit_a, customer=billing.company, acting_user=leader
    )
    for i in range(line_count):
        invoice_draft_add_line(
            draft=draft,
            description=f"Rad {i + 1}",
            quantity="2",
            unit_price="450.00",
            vat_rate=("25", "12", "6")[i % 3],
            business_area=billing.area,
            acting_user=leader,
        )
    with CaptureQueriesContext(connection) as queries:
        invoice_issue(draft=draft, acting_user=leader)
    return len(queries.captured_queries)


def test_issuing_costs_the_same_queries_for_twelve_lines_as_for_two(billing: Billing) -> None:
    _issue_queries(billing, 3)  # the first issue makes the counter, cost centre, fiscal year

    two = _issue_queries(billing, 2)
    twelve = _issue_queries(billing, 12)

    assert twelve == two
