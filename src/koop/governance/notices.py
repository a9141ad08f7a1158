"""The notice of a meeting: an e-mail with the agenda and an iCalendar invitation, and each
person's calendar feed of their meetings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from koop.governance.models import AgendaItem, Meeting

PRODID = "-//Koop//Governance//SV"


def meeting_uid(meeting: Meeting) -> str:
    return f"koop-meeting-{meeting.pk}@{meeting.body.cooperative_id}.koop"


def agenda_text(meeting: Meeting, items: Iterable[AgendaItem]) -> str:
    lines = [meeting.title, "", _("Agenda"), ""]
    for number, item in enumerate(items, start=1):
        lines.append(f"{number}. {item.title}")
    return "\n".join(lines)


def _event(meeting: Meeting, description: str) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    if meeting.place:
        event.add("location", vText(meeting.place))
    if meeting.link:
        event.add("url", meeting.link)
    event.add("description", description)
    event.add("sequence", int(meeting.notice_sent_at.timestamp()) if meeting.notice_sent_at else 0)
    event.add("status", "CONFIRMED")
    return event


def invitation_ics(meeting: Meeting, items: Iterable[AgendaItem]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = _event(meeting, agenda_text(meeting, items))
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(str(meeting.body))
    event["organizer"] = organizer
    calendar.add_component(event)
    return calendar.to_ical()


def feed_ics(meetings: Iterable[Meeting], *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(_event(meeting, str(meeting.body)))
    return calendar.to_ical()


def send_notice(
    meeting: Meeting, items: list[AgendaItem], recipients: list[tuple[str, str]]
) -> int:
    """Send one e-mail per (name, address) so nobody sees the others' addresses."""
    ics = invitation_ics(meeting, items)
    local = timezone.localtime(meeting.starts_at)
    subject = _("Notice: %(title)s, %(when)s") % {
        "title": meeting.title,
        "when": local.strftime("%Y-%m-%d %H:%M"),
    }
    where = meeting.place or meeting.link
    body = "\n".join(
        [
            _("You are called to %(title)s.") % {"title": meeting.title},
            _("When: %(when)s") % {"when": local.strftime("%Y-%m-%d %H:%M")},
            _("Where: %(where)s") % {"where": where} if where else "",
            "",
            agenda_text(meeting, items),
        ]
    )
    messages = []
    for name, address in recipients:
        message = EmailMessage(subject=subject, body=body, to=[f"{name} <{address}>"])
        message.attach("invitation.ics", ics, "text/calendar; method=REQUEST; charset=utf-8")
        messages.append(message)
    with get_connection() as connection:
        return connection.send_messages(messages) or 0


def feed_window(today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=90), dt.time()))
    end = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=400), dt.time()))
    return start, end
