"""Invoice drafts: what a unit is about to invoice. A draft has no number; it may be
edited or thrown away until it is issued, when it becomes an ``Invoice``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koop.billing.models.invoices import UnitCode
from koop.organisation.models import BusinessArea, Cooperative, Unit
from koop.work.models import Customer, WorkOrder


class InvoiceDraft(models.Model):
    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.PROTECT, related_name="invoice_drafts"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="invoice_drafts"
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="invoice_drafts",
    )
    buyer_reference = models.CharField(
        _("buyer reference (Er referens)"),
        max_length=100,
        blank=True,
        help_text=_("Required for a public customer; taken from the customer at first."),
    )
    contract_reference = models.CharField(_("contract reference"), max_length=100, blank=True)
    period_start = models.DateField(_("supplied from"), null=True, blank=True)
    period_end = models.DateField(_("supplied until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("invoice draft")
        verbose_name_plural = _("invoice drafts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="invoice_draft_period_in_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Draft %(id)s to %(customer)s") % {"id": self.pk, "customer": self.customer})


class InvoiceDraftLine(models.Model):
    draft = models.ForeignKey(InvoiceDraft, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(_("position"))
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    unit_code = models.CharField(
        _("unit"), max_length=3, choices=UnitCode.choices, default=UnitCode.EACH
    )
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=2)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    business_area = models.ForeignKey(
        BusinessArea,
        verbose_name=_("business area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    work_order = models.ForeignKey(
        WorkOrder,
        verbose_name=_("work order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invoice_draft_lines",
    )

    class Meta:
        verbose_name = _("draft line")
        verbose_name_plural = _("draft lines")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="invoice_draft_line_quantity_positive",
                violation_error_message=_(
                    "The quantity must be more than 0 (to take something back, use a credit note)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0),
                name="invoice_draft_line_price_not_negative",
                violation_error_message=_("A unit price cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.description}"
