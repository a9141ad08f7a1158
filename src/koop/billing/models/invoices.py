"""Issued invoices and credit notes, their lines and their VAT per rate.

Rows here are written once, when an invoice is issued, and never again: the database
refuses UPDATE and DELETE (migration 0002), and refuses a line beyond the ``line_count``
(or a VAT row beyond the ``vat_count``) the invoice was issued with. What the invoice
said about seller and buyer is kept as it was on the day (``seller``/``buyer`` snapshots),
so the document reads the same however the customer or the cooperative change later.
Each invoice and credit note is sealed into the hash chain of its number series as it is
issued (``koop.billing.chain``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.utils.translation import gettext_lazy as _

from koop.organisation.models import BusinessArea, Cooperative, Unit
from koop.work.models import Customer, WorkOrder

HALF_ORE = Value(Decimal("0.005"))


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


class UnitCode(models.TextChoices):
    """UN/ECE Recommendation 20 codes, as Peppol wants them."""

    HOUR = "HUR", _("hours")
    EACH = "EA", _("pieces")


class VatCategory(models.TextChoices):
    STANDARD = "S", _("Standard rate")
    ZERO = "Z", _("Zero rated")
    EXEMPT = "E", _("Exempt from VAT")


class Invoice(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="invoices")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="invoices"
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="invoices"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=InvoiceKind.choices)
    number = models.PositiveBigIntegerField(_("number"))
    issue_date = models.DateField(_("invoice date"))
    due_date = models.DateField(_("due date"))
    period_start = models.DateField(_("supplied from"), null=True, blank=True)
    period_end = models.DateField(_("supplied until"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="SEK")
    ocr_reference = models.CharField(_("OCR reference"), max_length=25)
    buyer_reference = models.CharField(_("buyer reference"), max_length=100, blank=True)
    contract_reference = models.CharField(_("contract reference"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    # The seller's and the buyer's details as printed on the invoice.
    seller: models.JSONField[dict[str, Any], dict[str, Any]] = models.JSONField(_("seller"))
    buyer: models.JSONField[dict[str, Any], dict[str, Any]] = models.JSONField(_("buyer"))
    payment_terms_days = models.PositiveSmallIntegerField(_("payment terms (days)"))
    late_interest_text = models.CharField(_("late-payment interest"), max_length=300)
    # Totals as issued: lines summed, VAT rounded once per rate (EN 16931 BR-CO-17).
    net_total = models.DecimalField(_("net"), max_digits=14, decimal_places=2)
    vat_total = models.DecimalField(_("VAT"), max_digits=14, decimal_places=2)
    gross_total = models.DecimalField(_("total"), max_digits=14, decimal_places=2)
    rounding = models.DecimalField(_("rounding"), max_digits=14, decimal_places=2, default=0)
    payable = models.DecimalField(_("to pay"), max_digits=14, decimal_places=2)
    line_count = models.PositiveIntegerField()
    vat_count = models.PositiveIntegerField()
    credited_invoice = models.ForeignKey(
        "self",
        verbose_name=_("credited invoice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_notes",
    )
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The hash chain of the cooperative's number series (koop.billing.chain), sealed as
    # the invoice is issued.
    chain_previous = models.CharField(max_length=64, blank=True, default="", editable=False)
    chain_hash = models.CharField(max_length=64, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "number"], name="invoice_number_unique_per_cooperative"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in InvoiceKind]), name="invoice_kind_known"
            ),
            models.CheckConstraint(
                condition=(Q(kind="credit_note") & Q(credited_invoice__isnull=False))
                | (Q(kind="invoice") & Q(credited_invoice__isnull=True)),
                name="invoice_credit_note_references_invoice",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="invoice_number_positive"),
            models.CheckConstraint(
                condition=Q(due_date__gte=F("issue_date")), name="invoice_due_after_issue"
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="invoice_period_in_order",
            ),
            # Within half an öre rather than equal: SQLite compares decimals as floats.
            models.CheckConstraint(
                condition=Q(gross_total__gt=F("net_total") + F("vat_total") - HALF_ORE)
                & Q(gross_total__lt=F("net_total") + F("vat_total") + HALF_ORE)
                & Q(payable__gt=F("gross_total") + F("rounding") - HALF_ORE)
                & Q(payable__lt=F("gross_total") + F("rounding") + HALF_ORE),
                name="invoice_totals_add_up",
            ),
            models.CheckConstraint(
                condition=Q(net_total__gte=0) & Q(vat_total__gte=0) & Q(line_count__gte=1),
                name="invoice_not_empty_nor_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "-number"]),
            models.Index(fields=["customer", "-number"]),
            models.Index(fields=["due_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def is_credit_note(self) -> bool:
        return self.kind == InvoiceKind.CREDIT_NOTE


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    line_no = models.PositiveIntegerField(_("line"))
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    unit_code = models.CharField(_("unit"), max_length=3, choices=UnitCode.choices)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=2)
    net_amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    vat_category = models.CharField(_("VAT category"), max_length=1, choices=VatCategory.choices)
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
        related_name="invoice_lines",
    )
    # On a credit note: the invoice line it takes back (part of).
    credited_line = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="credited_by"
    )

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["invoice", "line_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "line_no"], name="invoice_line_number_unique"
            ),
            models.CheckConstraint(condition=Q(line_no__gte=1), name="invoice_line_no_positive"),
            models.CheckConstraint(
                condition=Q(quantity__gt=0) & Q(unit_price__gte=0) & Q(net_amount__gte=0),
                name="invoice_line_amounts_positive",
            ),
            models.CheckConstraint(
                condition=(Q(vat_category="S") & Q(vat_rate__gt=0))
                | (Q(vat_category__in=["Z", "E"]) & Q(vat_rate=0)),
                name="invoice_line_vat_category_matches_rate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invoice_id}:{self.line_no} {self.description}"


class InvoiceVatAmount(models.Model):
    """The VAT of one rate on an invoice: taxable amount × rate, rounded once."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="vat_amounts")
    position = models.PositiveSmallIntegerField()
    rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    category = models.CharField(_("VAT category"), max_length=1, choices=VatCategory.choices)
    taxable_amount = models.DecimalField(_("taxable amount"), max_digits=14, decimal_places=2)
    vat_amount = models.DecimalField(_("VAT amount"), max_digits=14, decimal_places=2)
    exemption_reason = models.CharField(_("exemption reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("VAT amount")
        verbose_name_plural = _("VAT amounts")
        ordering = ["invoice", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "position"], name="invoice_vat_position_unique"
            ),
            models.UniqueConstraint(
                fields=["invoice", "rate", "category"], name="invoice_vat_rate_unique"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="invoice_vat_position_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rate.normalize()} %: {self.vat_amount}"
