"""The attendance grid of a unit and the monthly attendance report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.core.access import Principal, found, principal_of
from koop.core.errors import KoopValidationError, NotFound
from koop.organisation.models import Cooperative
from koop.participants import pdf
from koop.participants.access import access_attendance_unit, access_participant
from koop.participants.models import AbsenceReason, Agreement, AttendanceStatus
from koop.participants.selectors import (
    GridCell,
    GridRow,
    attendance_awaiting_confirmation,
    attendance_grid,
    attendance_that_happened,
    week_days,
)
from koop.participants.services import AttendanceEntry, attendance_save
from koop.participants.services.claims import month_bounds


def cell_choices() -> list[tuple[str, str]]:
    """The choices of one grid cell: nothing, present, or absent with its reason."""
    return [("", "–"), (AttendanceStatus.PRESENT.value, str(AttendanceStatus.PRESENT.label))] + [
        (f"absent:{value}", str(label)) for value, label in AbsenceReason.choices
    ]


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _monday(request: HttpRequest) -> dt.date:
    day = _day(request.GET.get("week", "") or request.POST.get("week", ""))
    day = day or timezone.localdate()
    return day - dt.timedelta(days=day.weekday())


def _on_the_form(cell: GridCell) -> bool:
    """Whether the page showed an input for the cell (a mark that may only be removed,
    on a day to come or outside the placement, has one too)."""
    return cell.markable or cell.removable


def _entries(request: HttpRequest, rows: list[GridRow]) -> list[AttendanceEntry]:
    """The cells changed since the page was loaded, and the reports ticked as confirmed.

    A cell left as the page showed it is not sent, so a mark someone else made meanwhile
    is never overwritten by a stale page; a cell emptied that showed a mark removes it."""
    entries = []
    for row in rows:
        for cell in row.cells:
            if not _on_the_form(cell) or cell.field not in request.POST:
                continue
            value = request.POST.get(cell.field, "")
            hours = request.POST.get(f"hours-{cell.field}", "").strip()
            was = request.POST.get(f"was-{cell.field}", "")
            was_hours = request.POST.get(f"was-hours-{cell.field}", "").strip()
            confirm = request.POST.get(f"confirm-{cell.field}") == "1"
            if not value and not was:
                continue
            if value == was and hours == was_hours and not confirm:
                continue
            status, _sep, reason = value.partition(":")
            entries.append(
                AttendanceEntry(
                    person_id=row.person.pk,
                    day=cell.day,
                    status=status,
                    reason=reason,
                    hours=hours or None,
                    confirm=confirm,
                )
            )
    return entries


@dataclass(frozen=True)
class ErrorItem:
    anchor: str  # the id of the cell's input, or "" for a problem of the whole grid
    where: str
    message: str


def _error_items(errors: dict[str, list[str]], rows: list[GridRow]) -> list[ErrorItem]:
    places = {
        cell.field: f"{row.person.full_name}, {cell.day.isoformat()}"
        for row in rows
        for cell in row.cells
    }
    items = []
    for field, problems in errors.items():
        for message in problems:
            if field in places:
                items.append(ErrorItem(field, places[field], message))
            else:
                items.append(ErrorItem("", "", message))
    return items


@login_required
def attendance_grid_view(request: HttpRequest, unit_id: int) -> HttpResponse:
    principal = principal_of(request)
    write = request.method == "POST"
    unit = access_attendance_unit(principal, unit_id, write=write)
    monday = _monday(request)
    days = week_days(monday)
    today = timezone.localdate()
    rows = attendance_grid(unit=unit, days=days, today=today)
    errors: dict[str, list[str]] = {}
    if write:
        fill_day = _day(request.POST.get("fill", ""))
        try:
            saved = attendance_save(
                unit=unit,
                entries=_entries(request, rows),
                fill_day=fill_day,
                acting_user=request.user,
            )
        except KoopValidationError as error:
            errors = error.as_dict()
        else:
            messages.success(
                request,
                _(
                    "Attendance saved: %(new)s new, %(changed)s changed, %(removed)s removed, "
                    "%(confirmed)s confirmed."
                )
                % {
                    "new": saved.created + saved.filled,
                    "changed": saved.corrected,
                    "removed": saved.removed,
                    "confirmed": saved.confirmed,
                },
            )
            return redirect(f"{request.path}?week={monday.isoformat()}")
    for row in rows:
        for cell in row.cells:
            if errors:
                # After a refused save the form shows what was typed, and keeps what the
                # page first showed, so the next save still compares with that.
                cell.shown_value = request.POST.get(cell.field, "")
                cell.shown_hours = request.POST.get(f"hours-{cell.field}", "")
                cell.was_value = request.POST.get(f"was-{cell.field}", "")
                cell.was_hours = request.POST.get(f"was-hours-{cell.field}", "")
                cell.confirm_ticked = request.POST.get(f"confirm-{cell.field}") == "1"
            else:
                cell.shown_value = cell.was_value = cell.value
                cell.shown_hours = cell.was_hours = cell.hours_text
    active = request.GET.get("day", "") or request.POST.get("fill", "")
    active_index = next(
        (i for i, d in enumerate(days) if d.isoformat() == active),
        days.index(today) if today in days else 0,
    )
    return render(
        request,
        "participants/attendance_grid.html",
        {
            "unit": unit,
            "rows": rows,
            "days": days,
            "monday": monday,
            "previous_week": monday - dt.timedelta(days=7),
            "next_week": monday + dt.timedelta(days=7),
            "choices": cell_choices(),
            "errors": errors,
            "error_items": _error_items(errors, rows),
            "active_index": active_index,
            "today": today,
            "can_write": _can_write(principal, unit_id),
        },
        status=422 if errors else 200,
    )


def _can_write(principal: Principal, unit_id: int) -> bool:
    try:
        access_attendance_unit(principal, unit_id, write=True)
    except NotFound:
        return False
    return True


@login_required
def attendance_report_view(
    request: HttpRequest, agreement_id: int, year: int, month: int
) -> HttpResponse:
    principal = principal_of(request)
    agreement = found(
        Agreement.objects.select_related(
            "referral__body", "referral__support_kind", "person", "unit"
        )
        .filter(pk=agreement_id)
        .first()
    )
    access_participant(principal, agreement.person_id)
    if not 1 <= month <= 12:
        found(None)
    first, last = month_bounds(dt.date(year, month, 1))
    today = timezone.localdate()
    # Only what happened: no day to come, nothing outside a placement, nothing unconfirmed.
    records = list(
        attendance_that_happened(on=today)
        .filter(agreement=agreement, day__gte=first, day__lte=last)
        .order_by("day")
    )
    unconfirmed = (
        attendance_awaiting_confirmation()
        .filter(agreement=agreement, day__gte=first, day__lte=min(last, today))
        .count()
    )
    cooperative = Cooperative.objects.get(pk=agreement.person.cooperative_id)
    body = pdf.attendance_report(
        agreement=agreement,
        month=first,
        records=records,
        cooperative_name=str(cooperative),
        unconfirmed=unconfirmed,
        until=min(last, today),
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="narvaro-{agreement.person_id}-{first:%Y-%m}.pdf"'
    )
    return response
