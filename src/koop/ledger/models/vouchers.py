"""Vouchers (verifikationer) and their rows."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koop.ledger.models.accounts import Account, FiscalYear, LedgerObject, VoucherSeries
from koop.organisation.models import BusinessArea


class VoucherSource(models.TextChoices):
    MANUAL = "manual", _("Manual")
    SALE = "sale", _("Invoice")
    PAYMENT = "payment", _("Payment")
    LEVY = "levy", _("Group levy")
    FUND = "fund", _("Pool and fund")
    REVERSAL = "reversal", _("Reversal")
    SIE = "sie", _("SIE import")


class Voucher(models.Model):
    """A voucher is written as a draft (``posted`` false), its rows added, then posted by
    one UPDATE of ``posted``: the database checks the balance there and from then on refuses
    every change to the voucher and its rows."""

    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.PROTECT, related_name="vouchers")
    series = models.ForeignKey(VoucherSeries, on_delete=models.PROTECT, related_name="vouchers")
    number = models.PositiveIntegerField(_("number"))
    date = models.DateField(_("date"))
    text = models.CharField(_("text"), max_length=200, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=VoucherSource.choices, default=VoucherSource.MANUAL
    )
    # What the voucher stems from, unique where given: an invoice, a levy month, or an
    # imported voucher (source series, number and fiscal year), so nothing is posted twice.
    source_key = models.CharField(max_length=120, blank=True)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    reverses = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    posted = models.BooleanField(_("posted"), default=False)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        ordering = ["date", "series__code", "number"]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="ledger_voucher_number"),
            models.UniqueConstraint(
                fields=["source_key"],
                condition=~models.Q(source_key=""),
                name="ledger_voucher_source_key",
            ),
        ]
        indexes = [models.Index(fields=["posted", "date"], name="ledger_voucher_posted_date")]

    def __str__(self) -> str:
        return f"{self.series.code}{self.number}"


class VoucherRow(models.Model):
    voucher = models.ForeignKey(Voucher, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveSmallIntegerField()
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="rows", verbose_name=_("account")
    )
    # Positive is debit, negative is credit; a voucher's rows sum to zero.
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    cost_centre = models.ForeignKey(
        LedgerObject,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cost_centre_rows",
        verbose_name=_("cost centre"),
    )
    project = models.ForeignKey(
        LedgerObject,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_rows",
        verbose_name=_("project"),
    )
    # Objects of other dimensions as the source file gave them ("2 A 10 12"), kept for export.
    other_objects = models.CharField(max_length=200, blank=True)
    business_area = models.ForeignKey(
        BusinessArea, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.CharField(_("text"), max_length=200, blank=True)
    quantity = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("voucher row")
        verbose_name_plural = _("voucher rows")
        ordering = ["voucher", "position"]

    def __str__(self) -> str:
        return f"{self.account_id} {self.amount}"

    @property
    def debit(self) -> Decimal | None:
        return self.amount if self.amount > 0 else None

    @property
    def credit(self) -> Decimal | None:
        """A credit as a positive figure, as a voucher's credit column shows it."""
        return -self.amount if self.amount < 0 else None
