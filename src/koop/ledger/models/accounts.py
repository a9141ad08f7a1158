"""The chart of accounts, fiscal years, voucher series and the objects of SIE dimensions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from koop.organisation.models import BusinessArea, Unit

COST_CENTRE_DIMENSION = 1
PROJECT_DIMENSION = 6


class AccountKind(models.TextChoices):
    """SIE #KTYP: T asset, S liability/equity, I income, K cost."""

    ASSET = "T", _("Asset")
    LIABILITY = "S", _("Liability or equity")
    INCOME = "I", _("Income")
    COST = "K", _("Cost")


def kind_for_number(number: int) -> str:
    first = int(str(number)[0]) if number >= 1000 else 0
    if first == 1:
        return AccountKind.ASSET
    if first == 2:
        return AccountKind.LIABILITY
    if first == 3:
        return AccountKind.INCOME
    return AccountKind.COST


class Account(models.Model):
    # The account number is the key, so a row's account is an integer range queries use
    # directly (revenue is 3000-3999) without a join.
    number = models.PositiveIntegerField(_("account number"), primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=1, choices=AccountKind.choices)
    sru = models.CharField(_("SRU code"), max_length=10, blank=True)
    active = models.BooleanField(pgettext_lazy("account", "active"), default=True)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class FiscalYear(models.Model):
    start = models.DateField(_("start"), unique=True)
    end = models.DateField(_("end"))
    # Postings dated on or before this day are refused (service and trigger).
    locked_until = models.DateField(_("locked up to and including"), null=True, blank=True)

    class Meta:
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="ledger_fiscalyear_end_after_start",
            )
        ]

    def __str__(self) -> str:
        if self.start.month == 1 and self.start.day == 1 and self.end.year == self.start.year:
            return str(self.start.year)
        return f"{self.start.isoformat()}–{self.end.isoformat()}"


class VoucherSeries(models.Model):
    """A series of one fiscal year; ``next_number`` is the counter row locked on posting."""

    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.PROTECT, related_name="series")
    code = models.CharField(_("series"), max_length=10)
    name = models.CharField(_("name"), max_length=100, blank=True)
    next_number = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("voucher series")
        verbose_name_plural = _("voucher series")
        ordering = ["fiscal_year", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "code"], name="ledger_series_code_unique_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.fiscal_year})"


class Dimension(models.Model):
    """An SIE dimension: 1 cost centre, 6 project, others as the source file declares."""

    number = models.PositiveIntegerField(_("dimension"), primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class LedgerObject(models.Model):
    """An object of a dimension: a cost centre (dimension 1) or a project (6), etc."""

    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="members")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("object")
        verbose_name_plural = _("objects")
        ordering = ["dimension", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "code"], name="ledger_object_code_unique_per_dimension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class ObjectMapping(models.Model):
    """Which unit a cost centre (dimension-1 object) belongs to.

    Made by itself when a unit has the object's code as its cost centre; central finance
    maps the rest on a page."""

    object = models.OneToOneField(LedgerObject, on_delete=models.CASCADE, related_name="mapping")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="ledger_objects")

    class Meta:
        verbose_name = _("cost centre mapping")
        verbose_name_plural = _("cost centre mappings")

    def __str__(self) -> str:
        return f"{self.object} → {self.unit}"


class AccountPurpose(models.TextChoices):
    RECEIVABLE = "receivable", _("Accounts receivable")
    BANK = "bank", _("Bank")
    REVENUE = "revenue", _("Revenue")
    OUTPUT_VAT = "output_vat", _("Output VAT")
    ROUNDING = "rounding", _("Rounding")
    LEVY_COST = "levy_cost", _("Group levy (cost in the unit)")
    LEVY_INCOME = "levy_income", _("Group levy (income centrally)")
    SUPPORT_INCOME = "support_income", _("Support from pool or fund (income in the unit)")
    SUPPORT_COST = "support_cost", _("Support from pool or fund (cost centrally)")


class AccountMapping(models.Model):
    """Which account a kind of posting uses; revenue per VAT rate and business area.

    The most specific row wins: a row naming the business area before one without."""

    purpose = models.CharField(_("purpose"), max_length=20, choices=AccountPurpose.choices)
    vat_rate = models.DecimalField(
        _("VAT rate"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    business_area = models.ForeignKey(
        BusinessArea, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("account mapping")
        verbose_name_plural = _("account mappings")
        ordering = ["purpose", "vat_rate"]

    def __str__(self) -> str:
        return f"{self.purpose} {self.vat_rate or ''} → {self.account_id}"
