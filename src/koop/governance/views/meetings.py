"""Pages for meetings: the list (filtered and paged), planning one, its page, calling,
opening and closing it (closing asks for confirmation first)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from koop.core.access import principal_of
from koop.core.errors import KoopValidationError
from koop.core.forms import add_service_errors
from koop.governance.access import (
    access_body,
    access_meeting,
    bodies_visible,
    can_keep_minutes,
    can_run_meeting,
)
from koop.governance.economy import economic_reports
from koop.governance.forms import MeetingForm
from koop.governance.models import VoteStatus
from koop.governance.results import result_text, rule_label
from koop.governance.selectors import (
    bodies_of_person,
    decisions_pending,
    meeting_date,
    meeting_people_ids,
    meetings_listed,
    voting_register,
)
from koop.governance.services import (
    meeting_close,
    meeting_create,
    meeting_open,
    meeting_send_notice,
)
from koop.governance.views.common import post_then_redirect
from koop.people.models import Person

PER_PAGE = 50
SCOPES = {
    "mine": gettext_lazy("Mine"),
    "unit": gettext_lazy("My unit"),
    "all": gettext_lazy("All I can see"),
}
WHEN = {"upcoming": gettext_lazy("Upcoming"), "past": gettext_lazy("Past")}


@login_required
def meeting_list_view(request: HttpRequest) -> HttpResponse:
    """Meetings of the bodies I belong to (``mine``), of my units' bodies (``unit``) or of
    every body I see (``all``); upcoming or past. By default: upcoming, mine."""
    principal = principal_of(request)
    scope = request.GET.get("scope", "mine")
    scope = scope if scope in SCOPES else "mine"
    when = request.GET.get("when", "upcoming")
    when = when if when in WHEN else "upcoming"
    now = timezone.now()
    bodies = bodies_visible(principal)
    guest_id = None
    if scope == "mine":
        person = (
            Person.objects.filter(pk=principal.person_id).first() if principal.person_id else None
        )
        if person is None:
            bodies = bodies.none()
        else:
            bodies = bodies.filter(pk__in=bodies_of_person(person, timezone.localdate()))
            guest_id = person.pk
    elif scope == "unit":
        bodies = bodies.filter(unit_id__in=list(principal.unit_roles))
    meetings = meetings_listed(bodies, upcoming=when == "upcoming", now=now, guest_id=guest_id)
    page = Paginator(meetings, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/meeting_list.html",
        {
            "page": page,
            "meetings": page.object_list,
            "scope": scope,
            "when": when,
            "scopes": list(SCOPES.items()),
            "whens": list(WHEN.items()),
        },
    )


@login_required
def meeting_create_view(request: HttpRequest, body_id: int) -> HttpResponse:
    principal = principal_of(request)
    body = access_body(principal, body_id, write=True)
    form = MeetingForm(request.POST or None, initial={"title": body.name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meeting_create(
                body=body,
                title=data["title"],
                kind=data["kind"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                link=data["link"],
                acting_user=request.user,
            )
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting was planned."))
            return redirect("governance:meeting-detail", meeting_id=meeting.pk)
    return render(
        request,
        "koop/form.html",
        {
            "form": form,
            "title": _("New meeting: %(body)s") % {"body": body},
            "cancel_url": f"/governance/bodies/{body.pk}/",
        },
        status=422 if form.errors else 200,
    )


@login_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    principal = principal_of(request)
    meeting = access_meeting(principal, meeting_id)
    register = voting_register(meeting)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "items": meeting.items.select_related("matter").order_by("position", "pk"),
            "register": register,
            "pending": decisions_pending(meeting.body, before=meeting.starts_at),
            "economic_reports": economic_reports(
                meeting.body, meeting_date(meeting), principal_of(request)
            ),
            "decisions": meeting.decisions.select_related("responsible").order_by("pk"),
            "votes": [
                (v, rule_label(v), result_text(v))
                for v in meeting.votes.prefetch_related("options").order_by("opened_at", "pk")
            ],
            "can_run": can_run_meeting(principal, meeting),
            "can_keep_minutes": can_keep_minutes(principal, meeting),
            "may_attend": principal.person_id is not None
            and principal.person_id in meeting_people_ids(meeting),
            "checked_in": principal.person_id is not None
            and meeting.attendances.filter(person_id=principal.person_id).exists(),
        },
    )


@login_required
@require_POST
def meeting_notice(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(principal_of(request), meeting_id, write=True)
    return post_then_redirect(
        request,
        lambda: meeting_send_notice(meeting=meeting, acting_user=request.user),
        _("The notice is being sent."),
        f"/governance/meetings/{meeting.pk}/",
    )


@login_required
@require_POST
def meeting_open_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(principal_of(request), meeting_id, write=True)
    return post_then_redirect(
        request,
        lambda: meeting_open(meeting=meeting, acting_user=request.user),
        _("The meeting is open."),
        f"/governance/meetings/{meeting.pk}/live/",
    )


@login_required
def meeting_close_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """GET (or a POST without ``confirmed=yes``): what closing the meeting will do; POST
    with ``confirmed=yes``: close it."""
    meeting = access_meeting(principal_of(request), meeting_id, write=True)
    if request.method == "POST" and request.POST.get("confirmed") == "yes":
        return post_then_redirect(
            request,
            lambda: meeting_close(meeting=meeting, acting_user=request.user),
            _("The meeting is closed."),
            f"/governance/meetings/{meeting.pk}/",
        )
    consequences = [
        _(
            "The meeting ends: nobody can check in, vote or have a decision recorded at it "
            "any more."
        ),
        _("%(here)d checked in, %(votes)d vote(s) held, %(decisions)d decision(s) recorded.")
        % {
            "here": meeting.attendances.count(),
            "votes": meeting.votes.filter(status=VoteStatus.CLOSED).count(),
            "decisions": meeting.decisions.count(),
        },
        _(
            "Then the secretary writes the minutes, and the adjusters approve them; once "
            "approved they are locked."
        ),
    ]
    if meeting.votes.filter(status=VoteStatus.OPEN).exists():
        consequences.insert(0, _("A vote is still open: close it first, or this is refused."))
    return render(
        request,
        "koop/confirm.html",
        {
            "title": _("Close the meeting"),
            "question": meeting.title,
            "consequences": consequences,
            "confirm_label": _("Close the meeting"),
            "cancel_url": f"/governance/meetings/{meeting.pk}/live/",
            "action_url": f"/governance/meetings/{meeting.pk}/close/",
            "danger": True,
        },
    )
