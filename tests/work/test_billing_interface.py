"""What billing relies on: the invoiceable orders, their lines, and marking them invoiced."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from koop.core.errors import KoopValidationError
from koop.work.models import WorkOrder, WorkOrderStatus, WorkOrderStatusChange
from koop.work.selectors import BillableLine, work_order_billable_lines, work_orders_invoiceable
from koop.work.services import (
    material_row_add,
    time_row_add,
    work_order_mark_invoiced,
    work_order_transition,
)
from tests.work.conftest import WorkWorld


def _done_order(ww: WorkWorld, **kwargs: object) -> WorkOrder:
    w = ww.world
    leader = w.user("leader")
    order = ww.order(agreement=ww.agreement, **kwargs)
    work_order_transition(work_order=order, to="planned", acting_user=leader)
    work_order_transition(work_order=order, to="in_progress", acting_user=leader)
    for hours in ("2.5", "1.5"):
        time_row_add(
            work_order=order,
            person=w.persons["cooperator"],
            date=order.planned_date,
            hours=Decimal(hours),
            service=ww.service,
            acting_user=leader,
        )
    material_row_add(work_order=order, article=ww.article, quantity=Decimal(3), acting_user=leader)
    material_row_add(
        work_order=order,
        description="Tejp",
        quantity=Decimal("2"),
        unit_price=Decimal("19.90"),
        vat_rate=Decimal("25"),
        acting_user=leader,
    )
    work_order_transition(work_order=order, to="done", acting_user=leader)
    return order


def test_billable_lines_sum_hours_per_service_and_list_material(ww: WorkWorld) -> None:
    order = _done_order(ww)
    lines = work_order_billable_lines(order)
    area = ww.area.pk
    assert lines == [
        BillableLine(
            "Flyttarbete",
            Decimal("4.00"),
            "HUR",
            Decimal("420.00"),
            Decimal("25.00"),
            order.pk,
            area,
        ),
        BillableLine(
            "Flyttkartong",
            Decimal("3.00"),
            "EA",
            Decimal("35.00"),
            Decimal("25.00"),
            order.pk,
            area,
        ),
        BillableLine(
            "Tejp", Decimal("2.00"), "EA", Decimal("19.90"), Decimal("25.00"), order.pk, area
        ),
    ]


def test_invoiceable_lists_only_done_orders_of_that_customer_and_unit(ww: WorkWorld) -> None:
    done = _done_order(ww)
    ww.order(description="Still a draft")
    _done_order(ww, planned_date=dt.date(2025, 3, 1))
    found = list(work_orders_invoiceable(customer_id=ww.customer.pk, unit_id=ww.world.unit_a.pk))
    assert done in found
    assert len(found) == 2
    assert [o.planned_date for o in found] == sorted(o.planned_date for o in found)
    assert not work_orders_invoiceable(customer_id=ww.customer.pk, unit_id=ww.world.unit_b.pk)


def test_mark_invoiced_moves_done_to_invoiced_with_history(ww: WorkWorld) -> None:
    order = _done_order(ww)
    work_order_mark_invoiced(
        work_order=order, invoice_ref="2025-0001", acting_user=ww.world.user("finance")
    )
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.INVOICED
    assert order.invoice_ref == "2025-0001"
    last = WorkOrderStatusChange.objects.filter(work_order=order).last()
    assert last is not None
    assert (last.from_status, last.to_status) == ("done", "invoiced")
    assert last.by == ww.world.user("finance")
    assert not work_orders_invoiceable(customer_id=ww.customer.pk, unit_id=ww.world.unit_a.pk)


def test_an_order_invoiced_twice_is_refused_naming_the_first_invoice(ww: WorkWorld) -> None:
    order = _done_order(ww)
    finance = ww.world.user("finance")
    work_order_mark_invoiced(work_order=order, invoice_ref="2025-0001", acting_user=finance)
    with pytest.raises(KoopValidationError) as error:
        work_order_mark_invoiced(work_order=order, invoice_ref="2025-0002", acting_user=finance)
    assert error.value.problems[0].field == "work_order"
    assert "2025-0001" in str(error.value)
    order.refresh_from_db()
    assert order.invoice_ref == "2025-0001"


def test_an_order_not_done_cannot_be_invoiced(ww: WorkWorld) -> None:
    order = ww.order()
    with pytest.raises(KoopValidationError, match="only a done work order"):
        work_order_mark_invoiced(
            work_order=order, invoice_ref="2025-0001", acting_user=ww.world.user("finance")
        )
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.DRAFT
