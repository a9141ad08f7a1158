"""What a home counts, one item each: the objects behind a count, the columns of the list
the count links to, and how each object reads as a row of it.

The home's count and the list are computed by the same function, so a count always says
how many rows its list has. Every selector called here is scoped to the principal: the
unit leader's items to the units they lead, the central items to the whole cooperative."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from koop.billing.models import Invoice, InvoiceDraft
from koop.billing.selectors import drafts_waiting, invoices_overdue, invoices_overdue_summary
from koop.governance.models import Decision, Matter, Meeting
from koop.governance.selectors import (
    decisions_pending_in,
    matters_to_prepare,
    meetings_starting,
)
from koop.ledger.access import visible_cost_centre_ids
from koop.ledger.models import ImportJob
from koop.ledger.selectors import (
    UnitResult,
    import_jobs_failed,
    units_behind_budget,
    units_in_deficit,
)
from koop.participants.models import Agreement as ParticipantAgreement
from koop.participants.models import Placement
from koop.participants.selectors import (
    UnmarkedDay,
    attendance_unmarked,
    participant_agreements_ending,
    placements_ending,
)
from koop.portal.scope import Scope
from koop.work.models import Agreement, TimeRow, WorkOrder
from koop.work.selectors import (
    agreements_ending_in_units,
    hours_registered,
    time_rows_registered,
    work_orders_assigned,
    work_orders_planned,
    work_orders_to_invoice,
)

# How far ahead an agreement or a placement "ends soon".
ENDING_WITHIN_DAYS = 30


@dataclass(frozen=True)
class Cell:
    value: Any
    # How the list shows it: "text", "day", "when", "money", "hours"
    kind: str = "text"


@dataclass(frozen=True)
class Row:
    url: str
    cells: tuple[Cell, ...]
    # Which cell carries the link to the object's own page (the one naming it).
    link: int = 1


@dataclass(frozen=True)
class Column:
    heading: str | Promise
    numeric: bool = False


class Tone:
    """How a count with something in it asks for attention; a zero is always calm."""

    LATE = "late"  # overdue, failed, behind: acted on first
    TODAY = "today"  # today's work
    SOON = "soon"  # coming up


NOTHING_HERE = _("Nothing here right now.")
REPORTED_ABSENT = _("Reported absent by the participant: to confirm")


@dataclass(frozen=True)
class Item:
    key: str
    label: str | Promise
    tone: str
    objects: Callable[[Scope], QuerySet[Any] | list[Any]]
    columns: tuple[Column, ...]
    row: Callable[[Any], Row]
    # What the count shows when it is not the number of objects (hours this week).
    figure: Callable[[Scope], Decimal] | None = None
    figure_kind: str = "num"
    # An amount beside the count (what is left to pay on overdue invoices).
    amount: Callable[[Scope], Decimal] | None = None
    empty: str | Promise = NOTHING_HERE
    # What the list says under its heading about how it is counted.
    note: str | Promise = ""


# --- rows --------------------------------------------------------------------------------


def _short(text: str, words: int = 12) -> str:
    return Truncator(text).words(words)


def _time_span(order: WorkOrder) -> str:
    if order.planned_start is None:
        return "—"
    start = order.planned_start.strftime("%H:%M")
    return f"{start}–{order.planned_end:%H:%M}" if order.planned_end else start


def _order_row(order: WorkOrder) -> Row:
    return Row(
        reverse("work:work-order-detail", args=[order.pk]),
        (
            Cell(order.planned_date, "day"),
            Cell(_time_span(order)),
            Cell(f"{order.reference} {_short(order.description, 8)}"),
            Cell(str(order.customer)),
            Cell(order.unit.name),
            Cell(order.get_status_display()),
        ),
        link=2,
    )


ORDER_COLUMNS = (
    Column(_("Date")),
    Column(_("Time")),
    Column(_("Work order")),
    Column(_("Customer")),
    Column(_("Unit")),
    Column(_("Status")),
)


def _draft_row(draft: InvoiceDraft) -> Row:
    return Row(
        reverse("billing:draft-detail", args=[draft.pk]),
        (Cell(draft.created_at, "day"), Cell(str(draft.customer)), Cell(draft.unit.name)),
    )


DRAFT_COLUMNS = (Column(_("Started")), Column(_("Customer")), Column(_("Unit")))


def _invoice_row(invoice: Invoice) -> Row:
    return Row(
        reverse("billing:invoice-detail", args=[invoice.pk]),
        (
            Cell(str(invoice.number)),
            Cell(str(invoice.customer)),
            Cell(invoice.unit.name),
            Cell(invoice.due_date, "day"),
            Cell(invoice.outstanding, "money"),  # type: ignore[attr-defined]  # annotated by the selector
        ),
        link=0,
    )


INVOICE_COLUMNS = (
    Column(_("Invoice")),
    Column(_("Customer")),
    Column(_("Unit")),
    Column(_("Due date")),
    Column(_("Left to pay"), numeric=True),
)


def _unmarked_row(unmarked: UnmarkedDay) -> Row:
    monday = unmarked.day - dt.timedelta(days=unmarked.day.weekday())
    url = reverse("participants:attendance-grid", args=[unmarked.unit.pk])
    return Row(
        f"{url}?week={monday.isoformat()}",
        (
            Cell(unmarked.day, "day"),
            Cell(unmarked.person.full_name),
            Cell(unmarked.unit.name),
            Cell(unmarked.hours, "hours"),
            Cell(REPORTED_ABSENT if unmarked.reported else ""),
        ),
        link=0,
    )


def _agreement_row(agreement: Agreement) -> Row:
    return Row(
        reverse("work:agreement-detail", args=[agreement.pk]),
        (
            Cell(agreement.valid_to, "day"),
            Cell(agreement.title),
            Cell(str(agreement.customer)),
            Cell(", ".join(u.name for u in agreement.units.all())),
        ),
    )


AGREEMENT_COLUMNS = (
    Column(_("Ends")),
    Column(_("Customer agreement")),
    Column(_("Customer")),
    Column(_("Units")),
)


def _participant_agreement_row(agreement: ParticipantAgreement) -> Row:
    return Row(
        reverse("participants:detail", args=[agreement.person_id]),
        (
            Cell(agreement.ends_on, "day"),
            Cell(agreement.person.full_name),
            Cell(agreement.unit.name),
        ),
    )


def _placement_row(placement: Placement) -> Row:
    return Row(
        reverse("participants:detail", args=[placement.person_id]),
        (
            Cell(placement.ends_on, "day"),
            Cell(placement.person.full_name),
            Cell(placement.unit.name),
        ),
    )


PARTICIPANT_COLUMNS = (Column(_("Ends")), Column(_("Participant")), Column(_("Unit")))


def _decision_row(decision: Decision) -> Row:
    return Row(
        reverse("governance:decision-execution", args=[decision.pk]),
        (
            Cell(decision.due_on, "day"),
            Cell(_short(decision.text)),
            Cell(f"{decision.meeting.body.name}, {decision.meeting.date}"),
            Cell(decision.responsible.full_name if decision.responsible else "—"),
            Cell(decision.get_execution_status_display()),
        ),
    )


DECISION_COLUMNS = (
    Column(_("Due")),
    Column(_("Decision")),
    Column(_("Taken at")),
    Column(_("Responsible")),
    Column(_("Status")),
)


def _time_row(row: TimeRow) -> Row:
    order = row.work_order
    return Row(
        reverse("work:work-order-detail", args=[order.pk]),
        (
            Cell(row.date, "day"),
            Cell(f"{order.reference} {_short(order.description, 8)}"),
            Cell(str(order.customer)),
            Cell(row.hours, "hours"),
        ),
    )


def _job_row(job: ImportJob) -> Row:
    return Row(
        reverse("ledger:sie-job", args=[job.pk]),
        (Cell(job.created_at, "when"), Cell(job.file_name), Cell(_short(job.message, 16))),
    )


def _unit_result_row(result: UnitResult) -> Row:
    return Row(
        reverse("ledger:report-unit", args=[result.unit_id]),
        (Cell(result.name), Cell(result.result, "money")),
        link=0,
    )


def _budget_row(result: UnitResult) -> Row:
    return Row(
        reverse("ledger:report-unit", args=[result.unit_id]),
        (
            Cell(result.name),
            Cell(result.result, "money"),
            Cell(result.budget, "money"),
            Cell(result.behind_by, "money"),
        ),
        link=0,
    )


def _meeting_row(meeting: Meeting) -> Row:
    return Row(
        reverse("governance:meeting-detail", args=[meeting.pk]),
        (
            Cell(meeting.starts_at, "when"),
            Cell(meeting.title),
            Cell(meeting.body.name),
            Cell(meeting.get_status_display()),
        ),
    )


MEETING_COLUMNS = (Column(_("When")), Column(_("Meeting")), Column(_("Body")), Column(_("Status")))


def _matter_row(matter: Matter) -> Row:
    return Row(
        reverse("governance:matter-detail", args=[matter.pk]),
        (
            Cell(matter.submitted_at, "day"),
            Cell(matter.title),
            Cell(matter.get_submission_display()),
            Cell(matter.body.name),
            Cell(matter.get_status_display()),
        ),
    )


# --- the objects behind each count ---------------------------------------------------------


def _unit_orders_today(s: Scope) -> QuerySet[WorkOrder]:
    return work_orders_planned(
        principal=s.principal, unit_ids=s.led_units, start=s.today, end=s.today
    )


def _unit_orders_week(s: Scope) -> QuerySet[WorkOrder]:
    return work_orders_planned(
        principal=s.principal, unit_ids=s.led_units, start=s.monday, end=s.sunday
    )


def _unit_to_invoice(s: Scope) -> QuerySet[WorkOrder]:
    return work_orders_to_invoice(principal=s.principal, unit_ids=s.led_units)


def _unit_drafts(s: Scope) -> QuerySet[InvoiceDraft]:
    return drafts_waiting(cooperative_id=s.cooperative_id, unit_ids=s.led_units)


def _unit_overdue(s: Scope) -> QuerySet[Invoice]:
    return invoices_overdue(cooperative_id=s.cooperative_id, unit_ids=s.led_units, today=s.today)


def _unit_overdue_amount(s: Scope) -> Decimal:
    return invoices_overdue_summary(
        cooperative_id=s.cooperative_id, unit_ids=s.led_units, today=s.today
    ).outstanding


def _unit_unmarked(s: Scope) -> list[UnmarkedDay]:
    return attendance_unmarked(
        principal=s.principal, unit_ids=s.led_units, first=s.monday, last=s.today
    )


def _unit_agreements_ending(s: Scope) -> QuerySet[Agreement]:
    return agreements_ending_in_units(
        principal=s.principal, unit_ids=s.led_units, today=s.today, within_days=ENDING_WITHIN_DAYS
    )


def _group_agreements_ending(s: Scope) -> QuerySet[Agreement]:
    return agreements_ending_in_units(
        principal=s.principal, unit_ids=None, today=s.today, within_days=ENDING_WITHIN_DAYS
    )


def _unit_participants_ending(s: Scope) -> QuerySet[ParticipantAgreement]:
    return participant_agreements_ending(
        principal=s.principal, unit_ids=s.led_units, on=s.today, days=ENDING_WITHIN_DAYS
    )


def _group_participants_ending(s: Scope) -> QuerySet[ParticipantAgreement]:
    return participant_agreements_ending(
        principal=s.principal, unit_ids=None, on=s.today, days=ENDING_WITHIN_DAYS
    )


def _unit_placements_ending(s: Scope) -> QuerySet[Placement]:
    return placements_ending(
        principal=s.principal, unit_ids=s.led_units, on=s.today, days=ENDING_WITHIN_DAYS
    )


def _unit_decisions(s: Scope) -> QuerySet[Decision]:
    return decisions_pending_in(s.unit_bodies())


def _my_orders_today(s: Scope) -> QuerySet[WorkOrder]:
    return work_orders_assigned(principal=s.principal, start=s.today, end=s.today)


def _my_time_rows(s: Scope) -> QuerySet[TimeRow]:
    return time_rows_registered(principal=s.principal, start=s.monday, end=s.sunday)


def _my_hours(s: Scope) -> Decimal:
    return hours_registered(principal=s.principal, start=s.monday, end=s.sunday)


def _group_drafts(s: Scope) -> QuerySet[InvoiceDraft]:
    return drafts_waiting(cooperative_id=s.cooperative_id, unit_ids=None)


def _group_overdue(s: Scope) -> QuerySet[Invoice]:
    return invoices_overdue(cooperative_id=s.cooperative_id, unit_ids=None, today=s.today)


def _group_overdue_amount(s: Scope) -> Decimal:
    return invoices_overdue_summary(
        cooperative_id=s.cooperative_id, unit_ids=None, today=s.today
    ).outstanding


def _failed_imports(s: Scope) -> QuerySet[ImportJob]:
    return import_jobs_failed()


def year_to_date(s: Scope) -> tuple[dt.date, dt.date]:
    return s.today.replace(month=1, day=1), s.today


def complete_months(s: Scope) -> tuple[dt.date, dt.date]:
    """This year's months that have ended (empty in January: the end is before the start)."""
    return s.today.replace(month=1, day=1), s.today.replace(day=1) - dt.timedelta(days=1)


def _behind_budget(s: Scope) -> list[UnitResult]:
    start, end = complete_months(s)
    if end < start:
        return []
    return units_behind_budget(
        start=start, end=end, cost_centre_ids=visible_cost_centre_ids(s.principal)
    )


def _in_deficit(s: Scope) -> list[UnitResult]:
    start, end = year_to_date(s)
    return units_in_deficit(
        start=start, end=end, cost_centre_ids=visible_cost_centre_ids(s.principal)
    )


def _meetings_this_week(s: Scope) -> QuerySet[Meeting]:
    return meetings_starting(s.bodies, start=s.week_starts_at, end=s.week_ends_at)


def _board_matters(s: Scope) -> QuerySet[Matter]:
    return matters_to_prepare(s.board) if s.board is not None else Matter.objects.none()


def _board_decisions(s: Scope) -> QuerySet[Decision]:
    if s.board is None:
        return Decision.objects.none()
    return decisions_pending_in(s.board_bodies())


# --- the items of each section, in the order a home shows them -------------------------------

UNIT_ITEMS = (
    Item(
        "today", _("Work orders today"), Tone.TODAY, _unit_orders_today, ORDER_COLUMNS, _order_row
    ),
    Item(
        "week", _("Work orders this week"), Tone.SOON, _unit_orders_week, ORDER_COLUMNS, _order_row
    ),
    Item(
        "to-invoice",
        _("Done, not yet invoiced"),
        Tone.TODAY,
        _unit_to_invoice,
        ORDER_COLUMNS,
        _order_row,
    ),
    Item("drafts", _("Invoice drafts"), Tone.SOON, _unit_drafts, DRAFT_COLUMNS, _draft_row),
    Item(
        "overdue",
        _("Overdue invoices"),
        Tone.LATE,
        _unit_overdue,
        INVOICE_COLUMNS,
        _invoice_row,
        amount=_unit_overdue_amount,
    ),
    Item(
        "attendance",
        _("Attendance not yet marked this week"),
        Tone.LATE,
        _unit_unmarked,
        (
            Column(_("Day")),
            Column(_("Participant")),
            Column(_("Unit")),
            Column(_("Scheduled")),
            Column(_("Note")),
        ),
        _unmarked_row,
        empty=_("Every scheduled day this week is marked."),
        note=_(
            "Each participant's scheduled days from Monday up to today that staff have not "
            "marked, and absences they reported that are not confirmed yet."
        ),
    ),
    Item(
        "agreements-ending",
        _("Customer agreements ending within 30 days"),
        Tone.SOON,
        _unit_agreements_ending,
        AGREEMENT_COLUMNS,
        _agreement_row,
    ),
    Item(
        "participant-agreements-ending",
        _("Three-party agreements ending within 30 days"),
        Tone.SOON,
        _unit_participants_ending,
        PARTICIPANT_COLUMNS,
        _participant_agreement_row,
    ),
    Item(
        "placements-ending",
        _("Placements ending within 30 days"),
        Tone.SOON,
        _unit_placements_ending,
        PARTICIPANT_COLUMNS,
        _placement_row,
    ),
    Item(
        "decisions",
        _("Decisions to carry out"),
        Tone.SOON,
        _unit_decisions,
        DECISION_COLUMNS,
        _decision_row,
        empty=_("Every decision is carried out."),
    ),
)

MY_ITEMS = (
    Item(
        "today", _("My work orders today"), Tone.TODAY, _my_orders_today, ORDER_COLUMNS, _order_row
    ),
    Item(
        "hours",
        _("My hours this week"),
        Tone.SOON,
        _my_time_rows,
        (Column(_("Date")), Column(_("Work order")), Column(_("Customer")), Column(_("Hours"))),
        _time_row,
        figure=_my_hours,
        figure_kind="hours",
        empty=_("No hours registered this week yet."),
    ),
)

FINANCE_ITEMS = (
    Item(
        "drafts", _("Invoice drafts waiting"), Tone.SOON, _group_drafts, DRAFT_COLUMNS, _draft_row
    ),
    Item(
        "overdue",
        _("Overdue invoices in the group"),
        Tone.LATE,
        _group_overdue,
        INVOICE_COLUMNS,
        _invoice_row,
        amount=_group_overdue_amount,
    ),
    Item(
        "imports",
        _("Failed SIE imports"),
        Tone.LATE,
        _failed_imports,
        (Column(_("Started")), Column(_("File")), Column(_("What went wrong"))),
        _job_row,
    ),
    Item(
        "budget",
        _("Units behind budget this year"),
        Tone.LATE,
        _behind_budget,
        (
            Column(_("Unit")),
            Column(_("Result"), numeric=True),
            Column(_("Budget"), numeric=True),
            Column(_("Behind by"), numeric=True),
        ),
        _budget_row,
        empty=_("No unit is behind its budget (months that have ended)."),
        note=_("Result against budget over this year's months that have ended."),
    ),
)

REGION_ITEMS = (
    Item(
        "deficit",
        _("Units in deficit this year"),
        Tone.LATE,
        _in_deficit,
        (Column(_("Unit")), Column(_("Result, year to date"), numeric=True)),
        _unit_result_row,
        empty=_("No unit is in deficit this year."),
        note=_("Revenue less costs in the books, from 1 January up to today."),
    ),
    Item(
        "agreements-ending",
        _("Customer agreements ending within 30 days"),
        Tone.SOON,
        _group_agreements_ending,
        AGREEMENT_COLUMNS,
        _agreement_row,
    ),
    Item(
        "participant-agreements-ending",
        _("Three-party agreements ending within 30 days"),
        Tone.SOON,
        _group_participants_ending,
        PARTICIPANT_COLUMNS,
        _participant_agreement_row,
    ),
    Item(
        "meetings",
        _("Meetings this week"),
        Tone.TODAY,
        _meetings_this_week,
        MEETING_COLUMNS,
        _meeting_row,
        empty=_("No meetings this week."),
    ),
)

BOARD_ITEMS = (
    Item(
        "matters",
        _("Matters to prepare"),
        Tone.SOON,
        _board_matters,
        (
            Column(_("Submitted")),
            Column(_("Matter")),
            Column(_("Submitted as")),
            Column(_("To")),
            Column(_("Status")),
        ),
        _matter_row,
    ),
    Item(
        "decisions",
        _("Board decisions not yet carried out"),
        Tone.SOON,
        _board_decisions,
        DECISION_COLUMNS,
        _decision_row,
        empty=_("Every decision is carried out."),
    ),
)
