"""The participant's own page: easy words, large targets, only their own data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koop.core.access import principal_of, require
from koop.core.errors import KoopValidationError
from koop.participants.access import access_own_attendance
from koop.participants.models import Agreement, Attendance, DevelopmentPlan
from koop.participants.selectors import (
    attendance_of,
    current_placement,
    has_own_page,
    next_meeting,
)
from koop.participants.services import attendance_self_report
from koop.people.models import Person


def _context(person: Person, today: dt.date) -> dict[str, Any]:
    placement = current_placement(person, on=today)
    agreement = (
        placement.agreement
        if placement is not None
        else Agreement.objects.filter(person=person).order_by("-starts_on").first()
    )
    plan = (
        DevelopmentPlan.objects.filter(agreement=agreement).prefetch_related("goals__steps").first()
        if agreement is not None
        else None
    )
    monday = today - dt.timedelta(days=today.weekday())
    attendance = list(
        attendance_of(person=person, first=monday - dt.timedelta(days=21), last=today)
    )
    today_record: Attendance | None = next((a for a in attendance if a.day == today), None)
    return {
        "person": person,
        "today": today,
        "placement": placement,
        "agreement": agreement,
        "schedule": list(placement.schedule.all()) if placement else [],
        "attendance": list(reversed(attendance)),
        "today_record": today_record,
        # The participant may tell us about today while placed and nobody has marked it.
        "can_report": placement is not None
        and (today_record is None or today_record.awaiting_confirmation),
        "plan": plan,
        "next_meeting": next_meeting(person, on=today),
    }


@login_required
def my_page(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    require(principal.person_id is not None)
    person = Person.objects.get(pk=principal.person_id or 0)
    require(has_own_page(principal))
    return render(request, "participants/me.html", _context(person, timezone.localdate()))


@login_required
@require_POST
def my_absence(request: HttpRequest) -> HttpResponse:
    """The participant's "I am sick today" / "I am away today"."""
    principal = principal_of(request)
    person = access_own_attendance(principal, principal.person_id or 0)
    try:
        attendance_self_report(
            person=person, kind=request.POST.get("kind", ""), acting_user=request.user
        )
    except KoopValidationError as error:
        context = _context(person, timezone.localdate())
        context["report_errors"] = [str(p.message) for p in error.problems]
        return render(request, "participants/me.html", context, status=422)
    messages.success(request, _("Thank you. Your supervisor can now see it."))
    return redirect("participants:me")
