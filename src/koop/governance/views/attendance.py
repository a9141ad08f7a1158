"""Checking people in at a meeting: oneself, or the chair checking in everyone entitled
to be there (the body's members on the meeting date and the meeting's guests) with one
tap per person, and inviting guests."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koop.core.access import principal_of
from koop.core.errors import KoopValidationError
from koop.governance.access import access_meeting, can_run_meeting
from koop.governance.models import Attendance, MeetingStatus
from koop.governance.selectors import (
    body_voter_ids,
    meeting_date,
    meeting_guest_ids,
    meeting_people_ids,
    person_at_meeting,
)
from koop.governance.services import attendance_check_in, meeting_invite_guest
from koop.governance.services.attendance import not_at_meeting
from koop.governance.views.common import me, post_then_redirect
from koop.people.models import Person
from koop.people.selectors import person_visible_q


def _attendance_url(meeting_id: int, search: str = "") -> str:
    query = f"?{urlencode({'q': search})}" if search else ""
    return f"/governance/meetings/{meeting_id}/attendance/{query}"


@login_required
def attendance(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The chair's check-in list: everyone who may be at the meeting, those not yet here
    first, each with one button."""
    principal = principal_of(request)
    meeting = access_meeting(principal, meeting_id, write=True)
    search = request.GET.get("q", "").strip()
    people_ids = meeting_people_ids(meeting)
    guests = meeting_guest_ids(meeting)
    voters = body_voter_ids(meeting.body, meeting_date(meeting))
    here = {
        a.person_id: a.checked_in_at
        for a in Attendance.objects.filter(meeting=meeting).only("person_id", "checked_in_at")
    }
    people = Person.objects.filter(pk__in=people_ids).order_by("last_name", "first_name", "pk")
    for word in search.split():
        people = people.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    rows = [
        {
            "person": p,
            "guest": p.pk in guests,
            "votes": p.pk in voters,
            "here_at": here.get(p.pk),
        }
        for p in people
    ]
    latest = (
        Attendance.objects.filter(meeting=meeting)
        .select_related("person")
        .order_by("-checked_in_at", "-pk")
        .first()
    )
    invitable = (
        Person.objects.filter(
            person_visible_q(principal, on=timezone.localdate()),
            cooperative_id=meeting.body.cooperative_id,
        )
        .exclude(pk__in=people_ids)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
    return render(
        request,
        "governance/attendance.html",
        {
            "meeting": meeting,
            "waiting": [r for r in rows if r["here_at"] is None],
            "present": [r for r in rows if r["here_at"] is not None],
            "here_count": len(here),
            "people_count": len(people_ids),
            "latest": latest,
            "search": search,
            "is_open": meeting.status != MeetingStatus.CLOSED,
            "invitable": invitable,
        },
    )


@login_required
@require_POST
def check_in(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Check oneself in, or (for those who run the meeting) the person named in ``person``,
    then go back to the check-in list."""
    principal = principal_of(request)
    meeting = access_meeting(principal, meeting_id)
    person_id = request.POST.get("person", "")
    by_chair = bool(person_id) and can_run_meeting(principal, meeting)
    search = request.POST.get("q", "").strip()

    def act() -> object:
        if by_chair:
            person = person_at_meeting(meeting, int(person_id) if person_id.isdigit() else 0)
            if person is None:
                raise not_at_meeting("person")
        else:
            person = me(principal)
        return attendance_check_in(meeting=meeting, person=person, acting_user=request.user)

    return post_then_redirect(
        request,
        act,
        _("Checked in."),
        _attendance_url(meeting.pk, search)
        if by_chair
        else f"/governance/meetings/{meeting.pk}/live/",
    )


@login_required
@require_POST
def guest_invite(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Invite someone the runner can see (and who is not in the body) to the meeting."""
    principal = principal_of(request)
    meeting = access_meeting(principal, meeting_id, write=True)
    raw = request.POST.get("person", "")

    def act() -> object:
        person = (
            Person.objects.filter(
                person_visible_q(principal, on=timezone.localdate()),
                cooperative_id=meeting.body.cooperative_id,
                pk=int(raw) if raw.isdigit() else 0,
            )
            .distinct()
            .first()
        )
        if person is None:
            raise KoopValidationError(_("No such person."), field="person")
        return meeting_invite_guest(meeting=meeting, person=person, acting_user=request.user)

    return post_then_redirect(
        request, act, _("The guest was invited."), _attendance_url(meeting.pk)
    )
