"""Agreements: what a customer has agreed to buy from which units, and at what prices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from koop.organisation.models import BusinessArea, Cooperative, Unit
from koop.work.models.customers import Customer


class AgreementKind(models.TextChoices):
    DIRECT = "direct", _("Direct award (direktavtal)")
    RESERVED = "reserved", _("Reserved contract (LOU 4 kap. 18 §)")
    FRAMEWORK = "framework", _("Framework agreement")
    AD_HOC = "ad_hoc", _("Ad hoc")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")
    CANCELLED = "cancelled", _("Cancelled")


class Agreement(models.Model):
    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.PROTECT, related_name="agreements"
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="agreements"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AgreementKind.choices)
    title = models.CharField(pgettext_lazy("name of an agreement", "title"), max_length=200)
    procurement_reference = models.CharField(
        _("procurement reference"),
        max_length=100,
        blank=True,
        help_text=_("The buyer's reference of the procurement (required for a reserved contract)."),
    )
    units = models.ManyToManyField(Unit, verbose_name=_("units"), related_name="agreements")
    business_area = models.ForeignKey(
        BusinessArea,
        verbose_name=_("business area"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    social_requirements = models.TextField(_("social requirements"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AgreementStatus.choices,
        default=AgreementStatus.ACTIVE,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-valid_from", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="reserved") | ~Q(procurement_reference=""),
                name="agreement_reserved_needs_procurement_reference",
                violation_error_message=_("A reserved contract needs the procurement's reference."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="agreement_ends_after_it_starts",
                violation_error_message=_("An agreement cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in AgreementKind]),
                name="agreement_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in AgreementStatus]),
                name="agreement_status_known",
            ),
        ]
        indexes = [models.Index(fields=["cooperative", "status", "valid_to"])]

    def __str__(self) -> str:
        return self.title


class AgreementStatusChange(models.Model):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="status_changes"
    )
    at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_status = models.CharField(_("from"), max_length=10, blank=True)
    to_status = models.CharField(_("to"), max_length=10)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("agreement status change")
        verbose_name_plural = _("agreement status changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.from_status} → {self.to_status}"

    def get_from_status_display(self) -> str:
        return str(AgreementStatus(self.from_status).label) if self.from_status else ""

    def get_to_status_display(self) -> str:
        return str(AgreementStatus(self.to_status).label)


class PriceItemKind(models.TextChoices):
    SERVICE = "service", _("Service (per hour)")
    ARTICLE = "article", _("Article (per piece)")


class PriceListItem(models.Model):
    """One line of an agreement's price list: a service by the hour or an article by the piece."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="price_items")
    kind = models.CharField(_("kind"), max_length=10, choices=PriceItemKind.choices)
    name = models.CharField(_("name"), max_length=200)
    price = models.DecimalField(
        _("price (SEK, excl. VAT)"),
        max_digits=14,
        decimal_places=2,
        help_text=_("Per hour for a service, per piece for an article."),
    )
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("price list item")
        verbose_name_plural = _("price list items")
        ordering = ["-kind", "name"]  # services (by the hour) first, then articles
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gte=0),
                name="price_item_price_not_negative",
                violation_error_message=_("A price cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(vat_rate__gte=0) & Q(vat_rate__lt=100),
                name="price_item_vat_rate_range",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in PriceItemKind]),
                name="price_item_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def unit_code(self) -> str:
        """UN/ECE rec. 20 unit code, as invoices carry it."""
        return "HUR" if self.kind == PriceItemKind.SERVICE else "EA"
