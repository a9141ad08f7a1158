"""A unit's planned work: a week page (a list by day, readable on a phone) and an
iCalendar feed for calendar apps."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from koop.core.access import principal_of
from koop.work.access import access_unit_work
from koop.work.models import WorkOrder, WorkOrderStatus
from koop.work.selectors import unit_calendar

# The feed reaches from a month back to a year ahead: what a calendar app needs to show.
FEED_PAST_DAYS = 31
FEED_FUTURE_DAYS = 366


def _week_start(request: HttpRequest) -> dt.date:
    """Monday of the ISO week asked for as ``?week=2025-W10``, else of this week."""
    raw = request.GET.get("week", "")
    try:
        year, week = raw.split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        today = timezone.localdate()
        return today - dt.timedelta(days=today.weekday())


def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@login_required
def unit_calendar_view(request: HttpRequest, unit_id: int) -> HttpResponse:
    principal = principal_of(request)
    unit = access_unit_work(principal, unit_id)
    start = _week_start(request)
    end = start + dt.timedelta(days=6)
    by_day: dict[dt.date, list[WorkOrder]] = defaultdict(list)
    for order in unit_calendar(principal=principal, unit_id=unit.pk, start=start, end=end):
        by_day[order.planned_date].append(order)
    days = [(start + dt.timedelta(days=i), by_day[start + dt.timedelta(days=i)]) for i in range(7)]
    return render(
        request,
        "work/unit_calendar.html",
        {
            "unit": unit,
            "days": days,
            "week": _iso_week(start),
            "previous_week": _iso_week(start - dt.timedelta(days=7)),
            "next_week": _iso_week(start + dt.timedelta(days=7)),
            "today": timezone.localdate(),
        },
    )


_ICAL_STATUS = {
    WorkOrderStatus.DRAFT: "TENTATIVE",
    WorkOrderStatus.PLANNED: "CONFIRMED",
    WorkOrderStatus.IN_PROGRESS: "CONFIRMED",
    WorkOrderStatus.DONE: "CONFIRMED",
}


@login_required
def unit_calendar_feed(request: HttpRequest, unit_id: int) -> HttpResponse:
    principal = principal_of(request)
    unit = access_unit_work(principal, unit_id)
    today = timezone.localdate()
    orders = unit_calendar(
        principal=principal,
        unit_id=unit.pk,
        start=today - dt.timedelta(days=FEED_PAST_DAYS),
        end=today + dt.timedelta(days=FEED_FUTURE_DAYS),
    )
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    host = request.get_host().split(":")[0] or "koop"
    calendar = Calendar()
    calendar.add("prodid", "-//Koop//Work orders//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{unit.name}: arbetsordrar")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for order in orders:
        event = Event()
        event.add("uid", f"work-order-{order.pk}@{host}")
        event.add("dtstamp", stamp)
        if order.planned_start is not None:
            begins = dt.datetime.combine(order.planned_date, order.planned_start, tzinfo=zone)
            event.add("dtstart", begins)
            if order.planned_end is not None:
                event.add(
                    "dtend",
                    dt.datetime.combine(order.planned_date, order.planned_end, tzinfo=zone),
                )
            else:
                event.add("duration", dt.timedelta(hours=1))
        else:
            event.add("dtstart", order.planned_date)
            event.add("dtend", order.planned_date + dt.timedelta(days=1))
        event.add("summary", f"{order.reference}: {order.description[:80]} ({order.customer})")
        if order.place:
            event.add("location", order.place)
        names = ", ".join(p.full_name for p in order.assigned.all())
        event.add("description", f"{order.description}\n{names}".strip())
        event.add("status", _ICAL_STATUS.get(WorkOrderStatus(order.status), "CONFIRMED"))
        event.add(
            "url", request.build_absolute_uri(reverse("work:work-order-detail", args=[order.pk]))
        )
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="unit-{unit.pk}.ics"'
    return response
