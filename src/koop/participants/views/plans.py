"""The development plan: goals, steps, follow-up meetings, and the exit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koop.core.access import principal_of
from koop.core.errors import KoopValidationError
from koop.core.forms import add_service_errors
from koop.participants.access import access_agreement
from koop.participants.forms import ExitForm, GoalForm, MeetingForm
from koop.participants.models import DevelopmentPlan
from koop.participants.services import exit_record, goal_add, meeting_record
from koop.participants.views._common import form_page


@login_required
def plan_view(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = access_agreement(principal_of(request), agreement_id)
    plan = (
        DevelopmentPlan.objects.filter(agreement=agreement)
        .prefetch_related("goals__steps", "meetings")
        .first()
    )
    return render(
        request,
        "participants/plan.html",
        {
            "agreement": agreement,
            "plan": plan,
            "exit": getattr(agreement, "exit", None),
        },
    )


def _form_view(
    request: HttpRequest, agreement_id: int, form_class: type, title: str, service: object
) -> HttpResponse:
    agreement = access_agreement(principal_of(request), agreement_id, write=True)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(
                agreement=agreement,
                acting_user=request.user,  # type: ignore[operator]  # a service function
                **form.cleaned_data,
            )
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("participants:plan", agreement_id=agreement.pk)
    return form_page(request, form, title, f"/participants/agreements/{agreement.pk}/plan/")


@login_required
def goal_create(request: HttpRequest, agreement_id: int) -> HttpResponse:
    return _form_view(request, agreement_id, GoalForm, _("New goal"), goal_add)


@login_required
def meeting_create(request: HttpRequest, agreement_id: int) -> HttpResponse:
    return _form_view(request, agreement_id, MeetingForm, _("Follow-up meeting"), meeting_record)


@login_required
def exit_create(request: HttpRequest, agreement_id: int) -> HttpResponse:
    return _form_view(request, agreement_id, ExitForm, _("Exit"), exit_record)
