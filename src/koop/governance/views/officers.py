"""A meeting's officers (chair, secretary, two adjusters) and the proxies it accepts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koop.core.access import principal_of
from koop.core.errors import KoopValidationError
from koop.core.forms import add_service_errors
from koop.governance.access import access_meeting, can_run_meeting
from koop.governance.forms import OfficersForm, ProxyForm
from koop.governance.models import Meeting, Proxy
from koop.governance.selectors import meeting_people_ids, person_at_meeting
from koop.governance.services import meeting_update_officers, proxy_register
from koop.governance.views.common import people_choices
from koop.people.models import Person


def _people_of(meeting: Meeting) -> list[tuple[int, str]]:
    """Those who may be at the meeting: the body's members and the meeting's guests (a
    chair from outside is invited as a guest first)."""
    return people_choices(meeting_people_ids(meeting))


def _person(meeting: Meeting, person_id: int | None) -> Person | None:
    return person_at_meeting(meeting, person_id)


@login_required
def officers(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(principal_of(request), meeting_id, write=True)
    form = OfficersForm(
        request.POST or None,
        people=_people_of(meeting),
        initial={
            "chair": meeting.chair_id,
            "secretary": meeting.secretary_id,
            "adjuster_1": meeting.adjuster_1_id,
            "adjuster_2": meeting.adjuster_2_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting_update_officers(
                meeting=meeting,
                chair=_person(meeting, data["chair"]),
                secretary=_person(meeting, data["secretary"]),
                adjuster_1=_person(meeting, data["adjuster_1"]),
                adjuster_2=_person(meeting, data["adjuster_2"]),
                acting_user=request.user,
            )
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting's officers were saved."))
            return redirect("governance:meeting-detail", meeting_id=meeting.pk)
    return render(
        request,
        "koop/form.html",
        {
            "form": form,
            "title": _("Officers of %(meeting)s") % {"meeting": meeting.title},
            "cancel_url": f"/governance/meetings/{meeting.pk}/",
        },
        status=422 if form.errors else 200,
    )


@login_required
def proxies(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The proxies shown at the meeting: everyone in it reads them, its runners record them."""
    principal = principal_of(request)
    meeting = access_meeting(principal, meeting_id)
    can_run = can_run_meeting(principal, meeting)
    form = None
    if can_run:
        form = ProxyForm(request.POST or None, people=_people_of(meeting))
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            member, holder = _person(meeting, data["member"]), _person(meeting, data["holder"])
            try:
                if member is None or holder is None:
                    raise KoopValidationError(_("No such person."), field="member")
                proxy_register(
                    meeting=meeting, member=member, holder=holder, acting_user=request.user
                )
            except KoopValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The proxy was recorded."))
                return redirect("governance:proxies", meeting_id=meeting.pk)
    elif request.method == "POST":
        access_meeting(principal, meeting_id, write=True)  # answers 404
    return render(
        request,
        "governance/proxies.html",
        {
            "meeting": meeting,
            "proxies": Proxy.objects.filter(meeting=meeting)
            .select_related("member", "holder")
            .order_by("holder__last_name", "member__last_name", "pk"),
            "form": form,
        },
        status=422 if form is not None and form.errors else 200,
    )
