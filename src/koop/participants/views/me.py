"""The participant's own page: easy words, large targets, only their own data."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from koop.core.access import principal_of, require
from koop.participants.models import Agreement, DevelopmentPlan
from koop.participants.selectors import (
    attendance_of,
    current_placement,
    has_own_page,
    next_meeting,
)
from koop.people.models import Person


@login_required
def my_page(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    require(principal.person_id is not None)
    person = Person.objects.get(pk=principal.person_id or 0)
    require(has_own_page(principal))
    today = timezone.localdate()
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
    return render(
        request,
        "participants/me.html",
        {
            "person": person,
            "placement": placement,
            "agreement": agreement,
            "schedule": list(placement.schedule.all()) if placement else [],
            "attendance": list(
                attendance_of(person=person, first=monday - dt.timedelta(days=21), last=today)
            ),
            "plan": plan,
            "next_meeting": next_meeting(person, on=today),
        },
    )
