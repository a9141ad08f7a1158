"""The development plan, follow-up meetings, the exit and the follow-ups after it."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from koop.core.audit import audit_record, snapshot
from koop.core.errors import KoopValidationError
from koop.core.validation import validate_model
from koop.participants.models import (
    Agreement,
    AgreementChange,
    AgreementChangeKind,
    DevelopmentPlan,
    Exit,
    ExitFollowUp,
    ExitOutcome,
    FollowUpMeeting,
    Placement,
    PlanGoal,
    PlanStep,
)
from koop.participants.services._common import Actor, database_rules, user_or_none
from koop.people.models import Person

FOLLOW_UP_MONTHS = (6, 12)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def plan_for(agreement: Agreement) -> DevelopmentPlan:
    plan, _created = DevelopmentPlan.objects.get_or_create(agreement=agreement)
    return plan


def goal_add(
    *, agreement: Agreement, text: str, acting_user: Actor, target_on: dt.date | None = None
) -> PlanGoal:
    with transaction.atomic():
        goal = PlanGoal(plan=plan_for(agreement), text=text.strip(), target_on=target_on)
        validate_model(goal)
        goal.save()
        audit_record(
            actor=acting_user, action="goal_add", obj=goal, before=None, after=snapshot(goal)
        )
    return goal


def goal_set_status(*, goal: PlanGoal, status: str, acting_user: Actor) -> PlanGoal:
    with transaction.atomic():
        goal = PlanGoal.objects.select_for_update().get(pk=goal.pk)
        before = snapshot(goal)
        goal.status = status
        validate_model(goal)
        goal.save(update_fields=["status"])
        audit_record(
            actor=acting_user,
            action="goal_set_status",
            obj=goal,
            before=before,
            after=snapshot(goal),
        )
    return goal


def step_add(
    *, goal: PlanGoal, text: str, acting_user: Actor, due_on: dt.date | None = None
) -> PlanStep:
    with transaction.atomic():
        step = PlanStep(goal=goal, text=text.strip(), due_on=due_on)
        validate_model(step)
        step.save()
        audit_record(
            actor=acting_user, action="step_add", obj=step, before=None, after=snapshot(step)
        )
    return step


def step_complete(*, step: PlanStep, done_on: dt.date, acting_user: Actor) -> PlanStep:
    with transaction.atomic():
        step = PlanStep.objects.select_for_update().get(pk=step.pk)
        before = snapshot(step)
        step.done_on = done_on
        step.save(update_fields=["done_on"])
        audit_record(
            actor=acting_user, action="step_complete", obj=step, before=before, after=snapshot(step)
        )
    return step


def meeting_record(
    *,
    agreement: Agreement,
    held_on: dt.date,
    acting_user: Actor,
    notes: str = "",
    next_on: dt.date | None = None,
) -> FollowUpMeeting:
    """A three-party follow-up (trepartssamtal) held, and when the next one is."""
    with transaction.atomic():
        meeting = FollowUpMeeting(
            plan=plan_for(agreement),
            held_on=held_on,
            notes=notes.strip(),
            next_on=next_on,
            recorded_by=user_or_none(acting_user),
        )
        validate_model(meeting)
        meeting.save()
        audit_record(
            actor=acting_user,
            action="meeting_record",
            obj=meeting,
            before=None,
            after=snapshot(meeting),
        )
    return meeting


def exit_record(
    *,
    agreement: Agreement,
    exited_on: dt.date,
    outcome: str,
    acting_user: Actor,
    note: str = "",
) -> Exit:
    """The participant leaves: the agreement and any placement end on ``exited_on`` and the
    follow-ups at 6 and 12 months are scheduled."""
    if outcome not in ExitOutcome.values:
        raise KoopValidationError(_("Choose an outcome."), field="outcome")
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=agreement.person_id)
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if Exit.objects.filter(agreement=agreement).exists():
            raise KoopValidationError(_("The exit is already recorded."), field="exited_on")
        if not agreement.starts_on <= exited_on <= agreement.ends_on:
            raise KoopValidationError(
                _("The exit date lies inside the agreement's period (%(start)s–%(end)s).")
                % {"start": agreement.starts_on, "end": agreement.ends_on},
                field="exited_on",
            )
        if agreement.attendance.filter(day__gt=exited_on).exists():
            raise KoopValidationError(
                _("Attendance is recorded after the exit date; correct it first."),
                field="exited_on",
            )
        if exited_on < agreement.ends_on:
            AgreementChange.objects.create(
                agreement=agreement,
                kind=AgreementChangeKind.EARLY_END,
                previous_ends_on=agreement.ends_on,
                new_ends_on=exited_on,
                reason=_("Exit: %(outcome)s") % {"outcome": ExitOutcome(outcome).label},
                recorded_by=user_or_none(acting_user),
            )
            agreement.ends_on = exited_on
            agreement.ended_early_on = exited_on
            agreement.save(update_fields=["ends_on", "ended_early_on"])
        if Placement.objects.filter(agreement=agreement, starts_on__gt=exited_on).exists():
            raise KoopValidationError(
                _("A placement starts after the exit date."), field="exited_on"
            )
        with database_rules():
            for placement in Placement.objects.filter(agreement=agreement).exclude(
                ends_on__lte=exited_on
            ):
                placement.ends_on = exited_on
                placement.save(update_fields=["ends_on"])
        exit_ = Exit(
            agreement=agreement,
            exited_on=exited_on,
            outcome=outcome,
            note=note.strip(),
            recorded_by=user_or_none(acting_user),
        )
        validate_model(exit_)
        exit_.save()
        ExitFollowUp.objects.bulk_create(
            ExitFollowUp(exit=exit_, months=m, due_on=add_months(exited_on, m))
            for m in FOLLOW_UP_MONTHS
        )
        audit_record(
            actor=acting_user, action="exit_record", obj=exit_, before=None, after=snapshot(exit_)
        )
    return exit_


def exit_follow_up_record(
    *,
    follow_up: ExitFollowUp,
    done_on: dt.date,
    outcome: str,
    acting_user: Actor,
    note: str = "",
) -> ExitFollowUp:
    if outcome not in ExitOutcome.values:
        raise KoopValidationError(_("Choose an outcome."), field="outcome")
    with transaction.atomic():
        follow_up = ExitFollowUp.objects.select_for_update().get(pk=follow_up.pk)
        before = snapshot(follow_up)
        follow_up.done_on = done_on
        follow_up.outcome = outcome
        follow_up.note = note.strip()
        follow_up.save(update_fields=["done_on", "outcome", "note"])
        audit_record(
            actor=acting_user,
            action="exit_follow_up_record",
            obj=follow_up,
            before=before,
            after=snapshot(follow_up),
        )
    return follow_up
