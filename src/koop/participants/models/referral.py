"""Who sends a participant, on what decision, and what the cooperative is paid for supervising."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from koop.organisation.models import Cooperative, Municipality
from koop.people.models import Person
from koop.work.models import Customer


class BodyKind(models.TextChoices):
    EMPLOYMENT_SERVICE = "af", _("Arbetsförmedlingen")
    MUNICIPALITY = "municipality", _("Municipality")
    SOCIAL_INSURANCE = "fk", _("Försäkringskassan")
    OTHER = "other", _("Other")


class CompensationBasis(models.TextChoices):
    PER_MONTH = "month", _("per month")
    PER_DAY = "day", _("per day")


class ReferringBody(models.Model):
    """An agency or a municipal department that refers participants and pays for supervision."""

    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.PROTECT, related_name="referring_bodies"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referring_bodies",
    )
    department = models.CharField(_("department"), max_length=200, blank=True)
    org_number = models.CharField(_("organisation number"), max_length=11, blank=True)
    invoice_reference = models.CharField(_("invoice reference"), max_length=100, blank=True)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referring_bodies",
        help_text=_("The customer a compensation claim is invoiced to."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("referring body")
        verbose_name_plural = _("referring bodies")
        ordering = ["kind", "name", "department"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "kind", "name", "department"],
                name="referring_body_unique",
            ),
            models.CheckConstraint(
                condition=~Q(kind="municipality") | Q(municipality__isnull=False),
                name="referring_body_municipality_named",
                violation_error_message=_("A municipal body names its municipality."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.department}" if self.department else self.name


class SupportKind(models.Model):
    """A kind of support a body decides on; administrators extend the list."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("kind of support")
        verbose_name_plural = _("kinds of support")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class CompensationRate(models.Model):
    """What a kind of body pays for supervising a kind of support, from a date.

    Levels change by decision of the agencies, so they are rows, never constants."""

    body_kind = models.CharField(_("kind of body"), max_length=20, choices=BodyKind.choices)
    support_kind = models.ForeignKey(
        SupportKind,
        verbose_name=_("kind of support"),
        on_delete=models.PROTECT,
        related_name="rates",
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    basis = models.CharField(_("basis"), max_length=10, choices=CompensationBasis.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("compensation rate")
        verbose_name_plural = _("compensation rates")
        ordering = ["body_kind", "support_kind", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="compensation_rate_not_negative",
                violation_error_message=_("A rate cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="compensation_rate_period_ordered",
                violation_error_message=_("A rate cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["body_kind", "support_kind", "valid_from"],
                name="compensation_rate_one_per_start",
            ),
        ]

    def __str__(self) -> str:
        kind = self.get_body_kind_display()
        return f"{kind} {self.support_kind}: {self.amount} {self.get_basis_display()}"


class Referral(models.Model):
    """A body's decision to place a person with the cooperative, and its case officer."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="participant_referrals",
    )
    body = models.ForeignKey(
        ReferringBody,
        verbose_name=_("referring body"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    officer_name = models.CharField(_("case officer"), max_length=200)
    officer_phone = models.CharField(_("case officer's phone"), max_length=40, blank=True)
    officer_email = models.EmailField(_("case officer's e-mail"), blank=True)
    decision_reference = models.CharField(_("decision reference"), max_length=100)
    decision_date = models.DateField(_("decision date"))
    support_kind = models.ForeignKey(
        SupportKind,
        verbose_name=_("kind of support"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="referral_period_ordered",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0) & Q(hours_per_week__lte=40),
                name="referral_hours_per_week_range",
                violation_error_message=_("Hours per week lie between 0 and 40."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.decision_reference}"
