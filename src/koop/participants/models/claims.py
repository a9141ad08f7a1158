"""Compensation claims to a referring body for a month of supervision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koop.organisation.models import Cooperative
from koop.participants.models.agreement import Agreement
from koop.participants.models.referral import CompensationBasis, ReferringBody
from koop.people.models import Person


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    PAID = "paid", _("Paid")


# The only moves a claim can make; everything else is refused.
CLAIM_TRANSITIONS: dict[str, frozenset[str]] = {
    ClaimStatus.DRAFT: frozenset({ClaimStatus.SENT}),
    ClaimStatus.SENT: frozenset({ClaimStatus.PAID, ClaimStatus.DRAFT}),
    ClaimStatus.PAID: frozenset(),
}


class CompensationClaim(models.Model):
    """What one body owes for one month of supervision, line by line.

    The lines are a snapshot: each says how its amount was worked out, so a later change of
    a rate or an attendance row does not change a claim already sent."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="+")
    body = models.ForeignKey(
        ReferringBody,
        verbose_name=_("referring body"),
        on_delete=models.PROTECT,
        related_name="claims",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month claimed."))
    status = models.CharField(
        _("status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT
    )
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2, default=0)
    # Not a foreign key: issuing removes the draft (its rows move to the insert-only invoice
    # tables), and the claim must still say it was invoiced. The audit row names it.
    invoice_draft_id = models.PositiveBigIntegerField(_("invoice draft"), null=True, blank=True)
    invoiced_at = models.DateTimeField(_("invoiced"), null=True, blank=True)
    # When the lines were last worked out: a claim worked out before its month was over
    # lacks the days after, and is not sent until it is worked out again.
    computed_at = models.DateTimeField(_("worked out"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("compensation claim")
        verbose_name_plural = _("compensation claims")
        ordering = ["-month", "body__name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "month"], name="claim_once_per_body_month"),
            models.CheckConstraint(
                condition=Q(invoice_draft_id__isnull=True) | Q(invoiced_at__isnull=False),
                name="claim_invoiced_when_linked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.month:%Y-%m}"


class ClaimLine(models.Model):
    claim = models.ForeignKey(CompensationClaim, on_delete=models.CASCADE, related_name="lines")
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    basis = models.CharField(_("basis"), max_length=10, choices=CompensationBasis.choices)
    rate = models.DecimalField(_("rate"), max_digits=14, decimal_places=2)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=8,
        decimal_places=4,
        help_text=_("Share of the month (per month) or days present (per day)."),
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    explanation = models.CharField(_("how it was worked out"), max_length=300)

    class Meta:
        verbose_name = _("claim line")
        verbose_name_plural = _("claim lines")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.amount}"


class ClaimStatusChange(models.Model):
    claim = models.ForeignKey(
        CompensationClaim, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("from"), max_length=10, choices=ClaimStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=10, choices=ClaimStatus.choices)
    changed_at = models.DateTimeField(_("when"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("claim status change")
        verbose_name_plural = _("claim status changes")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"
