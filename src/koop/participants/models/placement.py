"""Where a participant works, with whom, and on which days; attendance day by day."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from koop.organisation.models import BusinessArea, Unit
from koop.participants.models.agreement import Agreement
from koop.people.models import Person


class Placement(models.Model):
    """A participant's time in one unit under one supervisor (handledare).

    A move between units ends one placement and starts the next, so the history stays. A
    person's placements never overlap (a database trigger refuses it)."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=pgettext_lazy("placement", "agreement"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="participant_placements",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="participant_placements",
    )
    business_area = models.ForeignKey(
        BusinessArea,
        verbose_name=_("business area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participant_placements",
    )
    supervisor = models.ForeignKey(
        Person,
        verbose_name=_("supervisor"),
        on_delete=models.PROTECT,
        related_name="supervised_placements",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "starts_on"]),
            models.Index(fields=["person", "starts_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="placement_period_ordered",
                violation_error_message=_("A placement cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.unit} · {self.starts_on}–{self.ends_on or ''}"

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class ScheduleDay(models.Model):
    """One working day of a placement's weekly schedule."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="schedule")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)

    class Meta:
        verbose_name = _("scheduled day")
        verbose_name_plural = _("schedule")
        ordering = ["weekday"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "weekday"], name="schedule_day_once"),
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=12),
                name="schedule_day_hours_range",
                violation_error_message=_("A scheduled day has between 0 and 12 hours."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0) & Q(weekday__lte=6),
                name="schedule_day_weekday",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.hours} h"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")


class AbsenceReason(models.TextChoices):
    SICK = "sick", _("Sick")
    CHILD_CARE = "child_care", _("Care of a child")
    AGENCY_MEETING = "agency_meeting", _("Meeting at the agency")
    OTHER = "other", _("Other")


class Attendance(models.Model):
    """Whether a participant was there on a day, and for how many hours.

    A day lies inside the participant's agreement (the database refuses one outside it).
    A change to a recorded day, and its removal, leave an ``AttendanceCorrection`` with
    before and after.

    The participant may report their own absence for today (``self_reported_at``); until
    their supervisor or unit leader confirms it (``confirmed_at``) it is shown as reported,
    and reports and claims leave it out. Staff's own marks need no confirmation."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="attendance")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="participant_attendance"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="participant_attendance")
    day = models.DateField(_("day"))
    status = models.CharField(_("status"), max_length=10, choices=AttendanceStatus.choices)
    reason = models.CharField(
        _("reason for absence"), max_length=20, choices=AbsenceReason.choices, blank=True
    )
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1, default=0)
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    self_reported_at = models.DateTimeField(_("reported by the participant"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["day", "person_id"]
        indexes = [models.Index(fields=["unit", "day"])]
        constraints = [
            models.UniqueConstraint(fields=["person", "day"], name="attendance_once_a_day"),
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(hours__lte=24),
                name="attendance_hours_range",
                violation_error_message=_("Hours lie between 0 and 24."),
            ),
            models.CheckConstraint(
                condition=Q(status="present", reason="") | Q(status="absent") & ~Q(reason=""),
                name="attendance_reason_only_for_absence",
                violation_error_message=_("An absence has a reason; a presence has none."),
            ),
            models.CheckConstraint(
                condition=Q(self_reported_at__isnull=True)
                | Q(confirmed_at__isnull=False)
                | Q(status="absent"),
                name="attendance_unconfirmed_report_is_absence",
                violation_error_message=_(
                    "What a participant reports and nobody has confirmed is an absence."
                ),
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(self_reported_at__isnull=False),
                name="attendance_confirms_a_report",
                violation_error_message=_("Only what a participant reported is confirmed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.day} {self.status}"

    @property
    def awaiting_confirmation(self) -> bool:
        """Reported by the participant and not yet confirmed by staff."""
        return self.self_reported_at is not None and self.confirmed_at is None


class AttendanceCorrection(models.Model):
    """A change to a recorded day: who changed it, when, and what it said before and after.

    Kept by person and day rather than by the attendance row, so the removal of a mark
    (``after`` with an empty status) stays in the log after the row is gone. Never changed
    (a database trigger refuses it)."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="participant_attendance_corrections"
    )
    day = models.DateField(_("day"))
    before = models.JSONField(_("before"))
    after = models.JSONField(_("after"))
    corrected_at = models.DateTimeField(_("when"), auto_now_add=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attendance correction")
        verbose_name_plural = _("attendance corrections")
        ordering = ["corrected_at", "pk"]
        indexes = [models.Index(fields=["person", "day"], name="attendance_fix_person_day")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.day} {self.before} → {self.after}"
