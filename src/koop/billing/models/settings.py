"""How a cooperative invoices: its payment details, terms and the invoice number counter."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koop.billing.payment_refs import validate_bankgiro, validate_plusgiro
from koop.organisation.models import Cooperative

DEFAULT_LATE_INTEREST_TEXT = (
    "Vid betalning efter förfallodagen debiteras dröjsmålsränta enligt räntelagen."
)
DEFAULT_F_TAX_TEXT = "Godkänd för F-skatt"
DEFAULT_EXEMPTION_REASON = "Undantag från skatteplikt enligt 10 kap. mervärdesskattelagen"


class InvoiceSettings(models.Model):
    cooperative = models.OneToOneField(
        Cooperative, on_delete=models.PROTECT, related_name="invoice_settings"
    )
    bankgiro = models.CharField(
        _("bankgiro"),
        max_length=9,
        validators=[validate_bankgiro],
        help_text=_("7 or 8 digits; the last is a check digit."),
    )
    plusgiro = models.CharField(
        _("plusgiro"), max_length=9, blank=True, validators=[validate_plusgiro]
    )
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    payment_terms_days = models.PositiveSmallIntegerField(
        _("default payment terms (days)"),
        default=30,
        help_text=_("Used when a customer has no terms of its own."),
    )
    late_interest_text = models.CharField(
        _("late-payment interest text"), max_length=300, default=DEFAULT_LATE_INTEREST_TEXT
    )
    f_tax_text = models.CharField(
        _("F-tax text"),
        max_length=100,
        default=DEFAULT_F_TAX_TEXT,
        help_text=_('Printed on every invoice, e.g. "Godkänd för F-skatt".'),
    )
    vat_exemption_reason = models.CharField(
        _("VAT exemption reason"),
        max_length=300,
        default=DEFAULT_EXEMPTION_REASON,
        help_text=_("Printed for lines without VAT."),
    )
    first_number = models.PositiveBigIntegerField(
        _("first invoice number"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("Where the invoice number series starts. Fixed once an invoice is issued."),
    )

    class Meta:
        verbose_name = _("invoice settings")
        verbose_name_plural = _("invoice settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(payment_terms_days__lte=365),
                name="invoice_settings_terms_within_a_year",
                violation_error_message=_("Payment terms cannot exceed 365 days."),
            ),
            models.CheckConstraint(
                condition=Q(first_number__gte=1), name="invoice_settings_first_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Invoice settings of %(name)s") % {"name": self.cooperative})


class InvoiceNumberCounter(models.Model):
    """The next number of a cooperative's invoice series.

    Issuing locks this row (``select_for_update``) for the length of its transaction, so
    two issuers queue here and each gets the number after the other's; a rolled-back
    issue gives its number back, so the series has no gaps."""

    cooperative = models.OneToOneField(
        Cooperative, on_delete=models.PROTECT, related_name="invoice_number_counter"
    )
    next_number = models.PositiveBigIntegerField(default=1)

    class Meta:
        verbose_name = _("invoice number counter")
        verbose_name_plural = _("invoice number counters")
        constraints = [
            models.CheckConstraint(
                condition=Q(next_number__gte=1), name="invoice_counter_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cooperative_id}: {self.next_number}"
