"""The development plan: goals, steps, follow-up meetings, the exit and the follow-ups
after it. The participant reads the plan; their unit leader and supervisor (and the
administrators and the regional manager) change it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koop.core.access import principal_of
from koop.core.errors import KoopValidationError, NotFound
from koop.core.forms import add_service_errors
from koop.participants.access import access_agreement, may_write_for
from koop.participants.forms import (
    ExitFollowUpForm,
    ExitForm,
    GoalForm,
    GoalStatusForm,
    MeetingForm,
    StepDoneForm,
    StepForm,
)
from koop.participants.models import (
    Agreement,
    DevelopmentPlan,
    ExitFollowUp,
    GoalStatus,
    PlanGoal,
    PlanStep,
)
from koop.participants.services import (
    exit_follow_up_record,
    exit_record,
    goal_add,
    goal_set_status,
    meeting_record,
    step_add,
    step_complete,
)
from koop.participants.views._common import form_page


@login_required
def plan_view(request: HttpRequest, agreement_id: int) -> HttpResponse:
    principal = principal_of(request)
    agreement = access_agreement(principal, agreement_id)
    plan = (
        DevelopmentPlan.objects.filter(agreement=agreement)
        .prefetch_related("goals__steps", "meetings")
        .first()
    )
    meetings = list(plan.meetings.all()) if plan is not None else []
    exit_ = getattr(agreement, "exit", None)
    return render(
        request,
        "participants/plan.html",
        {
            "agreement": agreement,
            "plan": plan,
            "next_meeting": meetings[0].next_on if meetings else None,
            "exit": exit_,
            "follow_ups": list(exit_.follow_ups.all()) if exit_ is not None else [],
            "can_write": may_write_for(principal, agreement.person),
            "goal_statuses": GoalStatus.choices,
        },
    )


def _goal_of(agreement: Agreement, goal_id: int) -> PlanGoal:
    goal = PlanGoal.objects.filter(pk=goal_id, plan__agreement=agreement).first()
    if goal is None:
        raise NotFound
    return goal


def _plan_url(agreement: Agreement) -> str:
    return f"/participants/agreements/{agreement.pk}/plan/"


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


@login_required
def step_create(request: HttpRequest, agreement_id: int, goal_id: int) -> HttpResponse:
    agreement = access_agreement(principal_of(request), agreement_id, write=True)
    goal = _goal_of(agreement, goal_id)
    form = StepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            step_add(goal=goal, acting_user=request.user, **form.cleaned_data)
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("participants:plan", agreement_id=agreement.pk)
    title = _("New step towards: %(goal)s") % {"goal": goal.text}
    return form_page(request, form, title, _plan_url(agreement))


@login_required
@require_POST
def goal_status(request: HttpRequest, agreement_id: int, goal_id: int) -> HttpResponse:
    agreement = access_agreement(principal_of(request), agreement_id, write=True)
    goal = _goal_of(agreement, goal_id)
    form = GoalStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
    else:
        goal_set_status(goal=goal, status=form.cleaned_data["status"], acting_user=request.user)
        messages.success(request, _("Saved."))
    return redirect("participants:plan", agreement_id=agreement.pk)


@login_required
@require_POST
def step_done(request: HttpRequest, agreement_id: int, step_id: int) -> HttpResponse:
    agreement = access_agreement(principal_of(request), agreement_id, write=True)
    step = PlanStep.objects.filter(pk=step_id, goal__plan__agreement=agreement).first()
    if step is None:
        raise NotFound
    form = StepDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("done_on", [])))
    else:
        step_complete(step=step, done_on=form.cleaned_data["done_on"], acting_user=request.user)
        messages.success(request, _("Saved."))
    return redirect("participants:plan", agreement_id=agreement.pk)


@login_required
def exit_follow_up(request: HttpRequest, agreement_id: int, follow_up_id: int) -> HttpResponse:
    agreement = access_agreement(principal_of(request), agreement_id, write=True)
    follow_up = ExitFollowUp.objects.filter(pk=follow_up_id, exit__agreement=agreement).first()
    if follow_up is None:
        raise NotFound
    initial = (
        {"done_on": follow_up.done_on, "outcome": follow_up.outcome, "note": follow_up.note}
        if follow_up.done_on
        else {}
    )
    form = ExitFollowUpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            exit_follow_up_record(
                follow_up=follow_up, acting_user=request.user, **form.cleaned_data
            )
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("participants:plan", agreement_id=agreement.pk)
    title = _("Follow-up %(months)s months after exit") % {"months": follow_up.months}
    return form_page(request, form, title, _plan_url(agreement))
