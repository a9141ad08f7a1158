"""The development plan, follow-up meetings, the exit and what happened afterwards."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koop.participants.models.agreement import Agreement


class DevelopmentPlan(models.Model):
    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="plan")
    summary = models.TextField(_("summary"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("development plan")
        verbose_name_plural = _("development plans")

    def __str__(self) -> str:
        return f"{self.agreement}"


class GoalStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    REACHED = "reached", _("Reached")
    DROPPED = "dropped", _("Dropped")


class PlanGoal(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("goal"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    target_on = models.DateField(_("target date"), null=True, blank=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class PlanStep(models.Model):
    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="steps")
    text = models.CharField(_("step"), max_length=300)
    due_on = models.DateField(_("by"), null=True, blank=True)
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class FollowUpMeeting(models.Model):
    """A three-party follow-up (trepartssamtal): the notes and the date of the next one."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("held on"))
    notes = models.TextField(_("notes"), blank=True)
    next_on = models.DateField(_("next meeting"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("follow-up meeting")
        verbose_name_plural = _("follow-up meetings")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_on__isnull=True) | Q(next_on__gt=models.F("held_on")),
                name="meeting_next_after_held",
                violation_error_message=_("The next meeting comes after this one."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on}"


class ExitOutcome(models.TextChoices):
    EMPLOYED_HERE = "employed_here", _("Employment in the cooperative")
    EMPLOYED_WITH_SUPPORT = "employed_with_support", _("Employment elsewhere, with support")
    EMPLOYED_WITHOUT_SUPPORT = (
        "employed_without_support",
        _("Employment elsewhere, without support"),
    )
    STUDIES = "studies", _("Studies")
    OTHER_PROGRAMME = "other_programme", _("Another programme")
    SICK_LEAVE = "sick_leave", _("Sick leave")
    MOVED = "moved", _("Moved")
    OTHER = "other", _("Other")


class Exit(models.Model):
    """How and when a participant's agreement ended: the figures impact reports stand on."""

    agreement = models.OneToOneField(Agreement, on_delete=models.PROTECT, related_name="exit")
    exited_on = models.DateField(_("exit date"))
    outcome = models.CharField(_("outcome"), max_length=30, choices=ExitOutcome.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("exit")
        verbose_name_plural = _("exits")
        ordering = ["-exited_on"]

    def __str__(self) -> str:
        return f"{self.exited_on} {self.get_outcome_display()}"


class ExitFollowUp(models.Model):
    """Where the person is 6 and 12 months after the exit."""

    exit = models.ForeignKey(Exit, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(_("months after exit"))
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=30, choices=ExitOutcome.choices, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("follow-up after exit")
        verbose_name_plural = _("follow-ups after exit")
        ordering = ["months"]
        constraints = [
            models.UniqueConstraint(fields=["exit", "months"], name="exit_follow_up_once"),
            models.CheckConstraint(condition=Q(months__in=[6, 12]), name="exit_follow_up_months"),
        ]

    def __str__(self) -> str:
        return f"{self.months} mån: {self.get_outcome_display() or '—'}"
