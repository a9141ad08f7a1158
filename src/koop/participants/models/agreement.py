"""The three-party agreement (trepartsuppgörelse) and its changes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from koop.organisation.models import Unit
from koop.participants.models.referral import Referral
from koop.people.models import Person


class ConsentKind(models.TextChoices):
    BODY = "body", _("The referring body's decision")
    COOPERATIVE = "cooperative", _("The cooperative's yes")
    PARTICIPANT = "participant", _("The participant's yes")


class Agreement(models.Model):
    """One participant's agreement with a unit, on one referral.

    All three consents (the body's decision, the unit leader's yes for the cooperative and the
    participant's own yes) must be recorded before any placement starts; the database refuses
    a placement otherwise."""

    referral = models.OneToOneField(
        Referral, verbose_name=_("referral"), on_delete=models.PROTECT, related_name="agreement"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="participant_agreements",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="participant_agreements",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    body_consent_at = models.DateTimeField(_("body's decision recorded"), null=True, blank=True)
    body_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cooperative_consent_at = models.DateTimeField(
        _("cooperative's yes recorded"), null=True, blank=True
    )
    cooperative_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    participant_consent_at = models.DateTimeField(
        _("participant's yes recorded"), null=True, blank=True
    )
    participant_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ended_early_on = models.DateField(_("ended early on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("three-party agreement")
        verbose_name_plural = _("three-party agreements")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["unit", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="agreement_period_ordered",
                violation_error_message=_("The agreement cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.unit} · {self.starts_on}–{self.ends_on}"

    @property
    def is_complete(self) -> bool:
        """All three parties have said yes."""
        return None not in (
            self.body_consent_at,
            self.cooperative_consent_at,
            self.participant_consent_at,
        )

    def consents(self) -> list[tuple[str, str, object, object]]:
        """(kind, label, recorded at, recorded by id) for the three consents, in order."""
        return [
            (
                kind.value,
                str(kind.label),
                getattr(self, f"{kind.value}_consent_at"),
                getattr(self, f"{kind.value}_consent_by_id"),
            )
            for kind in ConsentKind
        ]


class AgreementChangeKind(models.TextChoices):
    EXTENSION = "extension", _("Extension")
    EARLY_END = "early_end", _("Ended early")


class AgreementChange(models.Model):
    """An extension or an early ending: the agreement's period before and after, and why."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementChangeKind.choices)
    previous_ends_on = models.DateField(_("previously until"))
    new_ends_on = models.DateField(_("now until"))
    decision_reference = models.CharField(_("decision reference"), max_length=100, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("agreement change")
        verbose_name_plural = _("agreement changes")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.previous_ends_on} → {self.new_ends_on}"
