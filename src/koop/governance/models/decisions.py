"""Decisions and their execution, reservations, the delegation register and minutes."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koop.governance.models.bodies import Body
from koop.governance.models.choices import (
    BodyKind,
    DecisionManner,
    ExecutionStatus,
    MatterKind,
    MinutesStatus,
    Outcome,
)
from koop.governance.models.meetings import AgendaItem, Matter, Meeting
from koop.governance.models.voting import Vote
from koop.organisation.models import Cooperative
from koop.people.models import Person


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    matter = models.ForeignKey(
        Matter, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    vote = models.OneToOneField(
        Vote, null=True, blank=True, on_delete=models.PROTECT, related_name="decision"
    )
    text = models.TextField(_("decision"))
    matter_kind = models.CharField(
        _("kind of matter"),
        max_length=30,
        choices=MatterKind.choices,
        default=MatterKind.GENERAL,
    )
    amount = models.DecimalField(
        _("amount (SEK)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    manner = models.CharField(_("decided"), max_length=10, choices=DecisionManner.choices)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.ADOPTED
    )
    yes_count = models.PositiveIntegerField(null=True, blank=True)
    no_count = models.PositiveIntegerField(null=True, blank=True)
    abstain_count = models.PositiveIntegerField(null=True, blank=True)
    responsible = models.ForeignKey(
        Person,
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    execution_status = models.CharField(
        _("execution"),
        max_length=15,
        choices=ExecutionStatus.choices,
        default=ExecutionStatus.PENDING,
    )
    execution_note = models.TextField(_("note on execution"), blank=True)
    executed_on = models.DateField(_("carried out on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["execution_status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(execution_status="done") | ~Q(execution_note=""),
                name="decision_done_has_note",
                violation_error_message=_("Say how the decision was carried out."),
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="decision_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Reservation(models.Model):
    """A member's reservation against a decision (reservation), written into the minutes."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="reservations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        constraints = [
            models.UniqueConstraint(fields=["decision", "person"], name="reservation_once"),
        ]

    def __str__(self) -> str:
        return str(self.person)


class Delegation(models.Model):
    """The board lets a unit's body decide a kind of matter, up to a limit."""

    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.PROTECT, related_name="delegations"
    )
    to_kind = models.CharField(
        _("to"),
        max_length=20,
        choices=[
            (k.value, k.label) for k in (BodyKind.UNIT_MEETING, BodyKind.WEEKLY, BodyKind.DAILY)
        ],
    )
    to_body = models.ForeignKey(
        Body,
        verbose_name=_("only this body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegations",
        help_text=_("Empty: every unit's body of this kind."),
    )
    matter_kind = models.CharField(_("kind of matter"), max_length=30, choices=MatterKind.choices)
    max_amount = models.DecimalField(
        _("up to (SEK)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: no limit."),
    )
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("board decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["to_kind", "matter_kind", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="delegation_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(max_amount__isnull=True) | Q(max_amount__gte=0),
                name="delegation_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{BodyKind(self.to_kind).label}: {MatterKind(self.matter_kind).label}"


class Minutes(models.Model):
    """The minutes of one meeting. Once both adjusters approve, they are locked for good:
    a database trigger refuses any change to locked minutes."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    text = models.TextField(_("minutes"))
    status = models.CharField(
        _("status"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft", locked_at__isnull=True)
                | Q(status="locked", locked_at__isnull=False),
                name="minutes_locked_has_time",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Minutes of %(meeting)s") % {"meeting": self.meeting})


class MinutesApproval(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="approvals")
    adjuster = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("approval of minutes")
        verbose_name_plural = _("approvals of minutes")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "adjuster"], name="minutes_approval_once"),
        ]

    def __str__(self) -> str:
        return str(self.adjuster)
