"""A work order's life: the transitions table, the history, and what a closed order refuses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from koop.core.errors import KoopValidationError
from koop.work.factories import MaterialRowFactory, TimeRowFactory
from koop.work.models import (
    TRANSITIONS,
    TimeRow,
    WorkOrder,
    WorkOrderStatus,
    WorkOrderStatusChange,
)
from koop.work.services import (
    material_row_add,
    time_row_add,
    work_order_mark_invoiced,
    work_order_transition,
    work_order_update,
)
from tests.work.conftest import WorkWorld

S = WorkOrderStatus


def _walk(ww: WorkWorld, order: WorkOrder, *states: str) -> None:
    for state in states:
        if state == S.DONE and not order.time_rows.exists():
            time_row_add(
                work_order=order,
                person=ww.world.persons["cooperator"],
                date=order.planned_date,
                hours=Decimal(1),
                service=ww.service,
                acting_user=ww.world.user("leader"),
            )
        work_order_transition(work_order=order, to=state, acting_user=ww.world.user("leader"))


def test_a_new_order_is_a_draft_with_its_first_history_row(ww: WorkWorld) -> None:
    order = ww.order()
    assert order.status == S.DRAFT
    [first] = WorkOrderStatusChange.objects.filter(work_order=order)
    assert (first.from_status, first.to_status) == ("", "draft")
    assert first.by == ww.world.user("leader")


def test_the_whole_path_is_kept_in_the_history(ww: WorkWorld) -> None:
    order = ww.order(agreement=ww.agreement)
    _walk(ww, order, S.PLANNED, S.IN_PROGRESS, S.DONE)
    work_order_mark_invoiced(work_order=order, invoice_ref="F-1", acting_user=None)
    moves = list(
        WorkOrderStatusChange.objects.filter(work_order=order).values_list(
            "from_status", "to_status"
        )
    )
    assert moves == [
        ("", "draft"),
        ("draft", "planned"),
        ("planned", "in_progress"),
        ("in_progress", "done"),
        ("done", "invoiced"),
    ]


@pytest.mark.parametrize("start", [S.DRAFT, S.PLANNED, S.IN_PROGRESS])
def test_an_open_order_can_be_cancelled(ww: WorkWorld, start: str) -> None:
    order = ww.order()
    path = {S.DRAFT: [], S.PLANNED: [S.PLANNED], S.IN_PROGRESS: [S.PLANNED, S.IN_PROGRESS]}
    _walk(ww, order, *path[start])
    work_order_transition(
        work_order=order, to=S.CANCELLED, note="Kunden ställde in", acting_user=None
    )
    order.refresh_from_db()
    assert order.status == S.CANCELLED
    assert WorkOrderStatusChange.objects.filter(work_order=order).last().note == (  # type: ignore[union-attr]
        "Kunden ställde in"
    )


def test_a_transition_not_in_the_table_is_refused_naming_the_allowed_ones(
    ww: WorkWorld,
) -> None:
    order = ww.order()
    with pytest.raises(KoopValidationError) as error:
        work_order_transition(work_order=order, to=S.DONE, acting_user=None)
    assert error.value.problems[0].field == "to"
    assert "Draft" in str(error.value)
    assert "Planned" in str(error.value)
    order.refresh_from_db()
    assert order.status == S.DRAFT
    assert WorkOrderStatusChange.objects.filter(work_order=order).count() == 1


def test_a_done_order_cannot_be_cancelled_or_reopened(ww: WorkWorld) -> None:
    order = ww.order(agreement=ww.agreement)
    _walk(ww, order, S.PLANNED, S.IN_PROGRESS, S.DONE)
    for target in (S.CANCELLED, S.IN_PROGRESS, S.DRAFT):
        with pytest.raises(KoopValidationError):
            work_order_transition(work_order=order, to=target, acting_user=None)


def test_invoiced_is_reached_only_through_billing(ww: WorkWorld) -> None:
    order = ww.order(agreement=ww.agreement)
    _walk(ww, order, S.PLANNED, S.IN_PROGRESS, S.DONE)
    with pytest.raises(KoopValidationError, match="invoice"):
        work_order_transition(work_order=order, to=S.INVOICED, acting_user=None)


def test_an_unknown_state_is_refused(ww: WorkWorld) -> None:
    with pytest.raises(KoopValidationError) as error:
        work_order_transition(work_order=ww.order(), to="finished", acting_user=None)
    assert error.value.problems[0].field == "to"


def test_done_needs_time_or_material(ww: WorkWorld) -> None:
    order = ww.order()
    _walk(ww, order, S.PLANNED, S.IN_PROGRESS)
    with pytest.raises(KoopValidationError, match="Register time or material"):
        work_order_transition(work_order=order, to=S.DONE, acting_user=None)


def test_a_done_order_takes_no_more_time_or_material(ww: WorkWorld) -> None:
    order = ww.order(agreement=ww.agreement)
    _walk(ww, order, S.PLANNED, S.IN_PROGRESS, S.DONE)
    with pytest.raises(KoopValidationError) as error:
        time_row_add(
            work_order=order,
            person=ww.world.persons["cooperator"],
            date=order.planned_date,
            hours=Decimal(2),
            service=ww.service,
            acting_user=None,
        )
    assert error.value.problems[0].field == "work_order"
    with pytest.raises(KoopValidationError):
        material_row_add(
            work_order=order, article=ww.article, quantity=Decimal(1), acting_user=None
        )
    with pytest.raises(KoopValidationError):
        work_order_update(work_order=order, description="Ändrad", acting_user=None)
    assert TimeRow.objects.filter(work_order=order).count() == 1


# --- the database's own guard ----------------------------------------------------------


def test_database_refuses_a_state_change_outside_the_table(ww: WorkWorld) -> None:
    order = ww.order()
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkOrder.objects.filter(pk=order.pk).update(status=S.DONE)
    order.refresh_from_db()
    assert order.status == S.DRAFT


def test_database_refuses_rows_on_a_done_order(ww: WorkWorld) -> None:
    order = ww.order(agreement=ww.agreement)
    _walk(ww, order, S.PLANNED, S.IN_PROGRESS, S.DONE)
    with pytest.raises(IntegrityError), transaction.atomic():
        TimeRowFactory(work_order=order, person=ww.world.persons["cooperator"])
    with pytest.raises(IntegrityError), transaction.atomic():
        MaterialRowFactory(work_order=order)
    with pytest.raises(IntegrityError), transaction.atomic():
        TimeRow.objects.filter(work_order=order).update(hours=Decimal(8))
    with pytest.raises(IntegrityError), transaction.atomic():
        TimeRow.objects.filter(work_order=order).delete()


def test_database_keeps_an_invoiced_order_as_it_was(ww: WorkWorld) -> None:
    order = ww.order(agreement=ww.agreement)
    _walk(ww, order, S.PLANNED, S.IN_PROGRESS, S.DONE)
    work_order_mark_invoiced(work_order=order, invoice_ref="F-7", acting_user=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkOrder.objects.filter(pk=order.pk).update(description="Något annat")
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkOrder.objects.filter(pk=order.pk).update(invoice_ref="F-8")
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkOrder.objects.filter(pk=order.pk).delete()
    order.refresh_from_db()
    assert (order.status, order.invoice_ref) == (S.INVOICED, "F-7")


def test_database_lets_an_open_order_change(ww: WorkWorld) -> None:
    order = ww.order()
    WorkOrder.objects.filter(pk=order.pk).update(description="Ny text", status=S.PLANNED)
    order.refresh_from_db()
    assert (order.description, order.status) == ("Ny text", S.PLANNED)


def test_the_transitions_table_never_leaves_invoiced_or_cancelled() -> None:
    assert TRANSITIONS[S.INVOICED] == frozenset()
    assert TRANSITIONS[S.CANCELLED] == frozenset()
    assert set(TRANSITIONS) == set(S.values)


def test_the_planned_date_must_fall_inside_the_agreement(ww: WorkWorld) -> None:
    with pytest.raises(KoopValidationError) as error:
        ww.order(agreement=ww.agreement, planned_date=dt.date(2027, 2, 1))
    assert error.value.problems[0].field == "agreement"
    assert "2027-02-01" in str(error.value)


def test_database_refuses_a_row_for_an_order_that_does_not_exist_yet(ww: WorkWorld) -> None:
    """Foreign keys are checked at commit; the open-order guard must not wave such a row by."""
    with pytest.raises(IntegrityError, match="open work order"), transaction.atomic():
        TimeRow.objects.create(
            work_order_id=999_999,
            person=ww.world.persons["cooperator"],
            date=dt.date(2025, 3, 3),
            hours=Decimal(1),
            description="Arbete",
            hourly_price=Decimal(400),
            vat_rate=Decimal(25),
        )
