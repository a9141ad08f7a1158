"""Balances read from SIE files (#IB, #UB, #RES, #OIB, #OUB, #PSALDO, #PBUDGET) and budgets."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from koop.ledger.models.accounts import Account, FiscalYear, LedgerObject


class BalanceKind(models.TextChoices):
    OPENING = "IB", _("Opening balance")
    CLOSING = "UB", _("Closing balance")
    RESULT = "RES", _("Result")
    OBJECT_OPENING = "OIB", _("Opening balance per object")
    OBJECT_CLOSING = "OUB", _("Closing balance per object")
    PERIOD = "PSALDO", _("Period balance")
    PERIOD_BUDGET = "PBUDGET", _("Period budget")


class Balance(models.Model):
    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.CASCADE, related_name="balances")
    kind = models.CharField(max_length=8, choices=BalanceKind.choices)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=6, blank=True)  # YYYYMM for PSALDO/PBUDGET
    object_list = models.CharField(max_length=200, blank=True)  # "1 110" as in the file
    amount = models.DecimalField(max_digits=16, decimal_places=2)
    quantity = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("balance")
        verbose_name_plural = _("balances")
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "kind", "account", "period", "object_list"],
                name="ledger_balance_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.account_id} {self.amount}"


class Budget(models.Model):
    """A budget amount per month, account and cost centre (positive debit, as vouchers)."""

    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.CASCADE, related_name="budget")
    month = models.DateField(_("month"))  # the first day of the month
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    cost_centre = models.ForeignKey(
        LedgerObject, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "month", "account", "cost_centre"],
                condition=models.Q(cost_centre__isnull=False),
                name="ledger_budget_unique",
            ),
            models.UniqueConstraint(
                fields=["fiscal_year", "month", "account"],
                condition=models.Q(cost_centre__isnull=True),
                name="ledger_budget_unique_without_cost_centre",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.account_id} {self.amount}"
