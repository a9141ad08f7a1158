"""Meetings, their agendas, who attended and who represented whom, and submitted matters."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from koop.governance.models.bodies import Body
from koop.governance.models.choices import (
    AgendaItemKind,
    DecisionRule,
    MatterKind,
    MatterStatus,
    MeetingKind,
    MeetingStatus,
    SubmissionKind,
)
from koop.people.models import Person


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(
        _("kind"), max_length=10, choices=MeetingKind.choices, default=MeetingKind.ORDINARY
    )
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("link"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    notice_sent_at = models.DateTimeField(_("notice sent"), null=True, blank=True)
    # The notice is mailed in the background: queued, then sent (the meeting is called) or
    # refused by the mail server (the error kept for the chair, tried again later).
    notice_queued_at = models.DateTimeField(_("notice queued"), null=True, blank=True)
    notice_error = models.TextField(_("notice error"), blank=True, default="")
    notice_retry_at = models.DateTimeField(_("notice tried again"), null=True, blank=True)
    chair = models.ForeignKey(
        Person,
        verbose_name=_("chair"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    secretary = models.ForeignKey(
        Person,
        verbose_name=_("secretary"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adjuster_1 = models.ForeignKey(
        Person,
        verbose_name=_("adjuster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adjuster_2 = models.ForeignKey(
        Person,
        verbose_name=_("adjuster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    current_item = models.ForeignKey(
        "AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["body", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message=_("A meeting cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(adjuster_1__isnull=True)
                | Q(adjuster_2__isnull=True)
                | ~Q(adjuster_1=F("adjuster_2")),
                name="meeting_two_different_adjusters",
                violation_error_message=_("The two adjusters must be two different people."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def date(self) -> object:
        return timezone.localtime(self.starts_at).date()


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("position"))
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=20, choices=AgendaItemKind.choices, default=AgendaItemKind.STANDARD
    )
    matter_kind = models.CharField(
        _("kind of matter"),
        max_length=30,
        choices=MatterKind.choices,
        default=MatterKind.GENERAL,
    )
    decision_rule = models.CharField(
        _("decision rule"),
        max_length=10,
        choices=DecisionRule.choices,
        default=DecisionRule.SIMPLE,
    )
    matter = models.ForeignKey(
        "Matter", null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items"
    )
    notes = models.TextField(_("notes for the minutes"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """A person checked in at a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    checked_in_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.meeting}"


class MeetingGuest(models.Model):
    """Someone outside the body invited to one meeting (a chair from outside, a speaker):
    they may be checked in and serve as an officer, but have no vote."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="meeting_guest_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.meeting}"


class Proxy(models.Model):
    """A member represented at a meeting by another person (an ombud with a written proxy)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="proxies")
    member = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    holder = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="proxy_one_per_member"),
            models.CheckConstraint(condition=~Q(member=F("holder")), name="proxy_not_for_oneself"),
        ]

    def __str__(self) -> str:
        return f"{self.holder} → {self.member}"


class Matter(models.Model):
    """A matter, a participant's proposal or a member's motion submitted to a body."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="matters")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="matters"
    )
    submission = models.CharField(
        _("submitted as"),
        max_length=10,
        choices=SubmissionKind.choices,
        default=SubmissionKind.MATTER,
    )
    matter_kind = models.CharField(
        _("kind of matter"),
        max_length=30,
        choices=MatterKind.choices,
        default=MatterKind.GENERAL,
    )
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=300)
    text = models.TextField(_("proposal"), blank=True)
    amount = models.DecimalField(
        _("amount (SEK)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    submitted_by = models.ForeignKey(
        Person, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MatterStatus.choices,
        default=MatterStatus.SUBMITTED,
    )
    urgent = models.BooleanField(_("accepted as urgent"), default=False)
    board_statement = models.TextField(_("the board's statement"), blank=True)
    board_statement_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("matter")
        verbose_name_plural = _("matters")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="matter_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title


def _document_path(instance: MatterDocument, filename: str) -> str:
    return f"governance/matters/{instance.matter_id}/{secrets.token_hex(8)}-{filename}"


class MatterDocument(models.Model):
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("document"), upload_to=_document_path, max_length=300)
    name = models.CharField(_("name"), max_length=200)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in a person's calendar feed address: whoever has it reads the feed."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.person)
