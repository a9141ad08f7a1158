"""Minutes (the secretary writes, the adjusters approve, then PDF) and calendar feeds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koop.core.access import principal_of, require
from koop.core.errors import KoopValidationError
from koop.core.forms import add_service_errors
from koop.governance import notices
from koop.governance.access import access_meeting, can_keep_minutes
from koop.governance.forms import MinutesForm
from koop.governance.models import CalendarToken, Meeting, Minutes, MinutesStatus
from koop.governance.pdf import minutes_pdf
from koop.governance.selectors import bodies_of_person
from koop.governance.services import (
    calendar_token_for,
    minutes_approve,
    minutes_draft_text,
    minutes_save,
)
from koop.governance.views.common import me, post_then_redirect


@login_required
def minutes_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    principal = principal_of(request)
    meeting = access_meeting(principal, meeting_id)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    editable = can_keep_minutes(principal, meeting) and (
        minutes is None or minutes.status == MinutesStatus.DRAFT
    )
    form = None
    if editable:
        text = minutes.text if minutes else minutes_draft_text(meeting)
        form = MinutesForm(request.POST or None, initial={"text": text})
        if request.method == "POST" and form.is_valid():
            try:
                minutes_save(
                    meeting=meeting, text=form.cleaned_data["text"], acting_user=request.user
                )
            except KoopValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The minutes were saved."))
                return redirect("governance:minutes", meeting_id=meeting.pk)
    elif request.method == "POST":
        raise Http404
    adjusters = {meeting.adjuster_1_id, meeting.adjuster_2_id} - {None}
    approvals = list(minutes.approvals.select_related("adjuster")) if minutes else []
    approved = {a.adjuster_id for a in approvals}
    return render(
        request,
        "governance/minutes.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "form": form,
            "approvals": approvals,
            "can_approve": minutes is not None
            and minutes.status == MinutesStatus.DRAFT
            and principal.person_id in adjusters
            and principal.person_id not in approved,
        },
        status=422 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def minutes_approve_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    principal = principal_of(request)
    meeting = access_meeting(principal, meeting_id)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    require(minutes is not None)
    assert minutes is not None
    return post_then_redirect(
        request,
        lambda: minutes_approve(minutes=minutes, adjuster=me(principal), acting_user=request.user),
        _("You approved the minutes."),
        f"/governance/meetings/{meeting.pk}/minutes/",
    )


@login_required
def minutes_pdf_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(principal_of(request), meeting_id)
    minutes = Minutes.objects.filter(meeting=meeting, status=MinutesStatus.LOCKED).first()
    require(minutes is not None)
    assert minutes is not None
    response = HttpResponse(minutes_pdf(minutes), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="minutes-{meeting.pk}.pdf"'
    return response


@login_required
def meeting_ics(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(principal_of(request), meeting_id)
    ics = notices.invitation_ics(meeting, meeting.items.order_by("position", "pk"))
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    require(principal.person_id is not None)
    person = me(principal)
    if request.method == "POST":
        calendar_token_for(person=person, acting_user=request.user, renew=True)
        messages.success(
            request, _("Your calendar address was renewed; the old one no longer works.")
        )
        return redirect("governance:calendar")
    token = calendar_token_for(person=person, acting_user=request.user)
    url = request.build_absolute_uri(f"/governance/calendar/{token.token}.ics")
    return render(request, "governance/calendar.html", {"feed_url": url})


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No login: calendar apps cannot sign in, so the secret address is the key."""
    found = CalendarToken.objects.filter(token=token).select_related("person").first()
    if found is None:
        raise Http404
    start, end = notices.feed_window(timezone.localdate())
    bodies = bodies_of_person(found.person, timezone.localdate())
    meetings = (
        Meeting.objects.filter(body__in=bodies, starts_at__gte=start, starts_at__lte=end)
        .select_related("body")
        .order_by("starts_at")
    )
    ics = notices.feed_ics(meetings, name=_("Koop meetings"))
    return HttpResponse(ics, content_type="text/calendar; charset=utf-8")
