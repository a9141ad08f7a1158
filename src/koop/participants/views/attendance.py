"""The attendance grid of a unit and the monthly attendance report."""

from __future__ import annotations

import datetime as dt

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
from koop.participants.selectors import GridRow, attendance_grid, attendance_of, week_days
from koop.participants.services import AttendanceEntry, attendance_save
from koop.participants.services.claims import month_bounds


def cell_choices() -> list[tuple[str, str]]:
    """The choices of one grid cell: present, or absent with its reason."""
    return [("", "–"), (AttendanceStatus.PRESENT.value, str(AttendanceStatus.PRESENT.label))] + [
        (f"absent:{value}", str(label)) for value, label in AbsenceReason.choices
    ]


def _monday(request: HttpRequest) -> dt.date:
    try:
        day = dt.date.fromisoformat(request.GET.get("week", "") or request.POST.get("week", ""))
    except ValueError:
        day = timezone.localdate()
    return day - dt.timedelta(days=day.weekday())


def _entries(request: HttpRequest, rows: list[GridRow]) -> list[AttendanceEntry]:
    """The cells the form filled in, plus "all present" for a day when that button was used."""
    fill = request.POST.get("fill", "")
    entries = []
    for row in rows:
        for cell in row.cells:
            value = request.POST.get(cell.field, "")
            hours = request.POST.get(f"hours-{cell.field}", "")
            if not value and fill == cell.day.isoformat() and cell.open:
                value = AttendanceStatus.PRESENT
                hours = hours or str(cell.scheduled or "")
            if not value:
                continue
            status, _sep, reason = value.partition(":")
            entries.append(
                AttendanceEntry(
                    person_id=row.person.pk,
                    day=cell.day,
                    status=status,
                    reason=reason,
                    hours=hours or None,
                )
            )
    return entries


@login_required
def attendance_grid_view(request: HttpRequest, unit_id: int) -> HttpResponse:
    principal = principal_of(request)
    write = request.method == "POST"
    unit = access_attendance_unit(principal, unit_id, write=write)
    monday = _monday(request)
    days = week_days(monday)
    rows = attendance_grid(unit=unit, days=days)
    errors: dict[str, list[str]] = {}
    if write:
        try:
            saved = attendance_save(
                unit=unit, entries=_entries(request, rows), acting_user=request.user
            )
        except KoopValidationError as error:
            errors = error.as_dict()
        else:
            messages.success(
                request,
                _("Attendance saved: %(new)s new, %(changed)s changed.")
                % {"new": saved.created, "changed": saved.corrected},
            )
            return redirect(f"{request.path}?week={monday.isoformat()}")
    for row in rows:
        for cell in row.cells:
            # After a refused save the form shows what was typed, not what is stored.
            cell.shown_value = request.POST.get(cell.field, "") if errors else cell.value
            cell.shown_hours = (
                request.POST.get(f"hours-{cell.field}", "") if errors else cell.hours_text
            )
    today = timezone.localdate()
    active = request.GET.get("day", "")
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
    records = list(
        attendance_of(person=agreement.person, first=first, last=last).filter(agreement=agreement)
    )
    cooperative = Cooperative.objects.get(pk=agreement.person.cooperative_id)
    body = pdf.attendance_report(
        agreement=agreement, month=first, records=records, cooperative_name=str(cooperative)
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="narvaro-{agreement.person_id}-{first:%Y-%m}.pdf"'
    )
    return response
