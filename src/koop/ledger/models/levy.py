"""The group levy, the solidarity pool and the investment fund."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koop.ledger.models.accounts import LedgerObject
from koop.ledger.models.vouchers import Voucher
from koop.organisation.models import Unit


class LevyRate(models.Model):
    """The levy as a percentage of net turnover, from a decision date."""

    valid_from = models.DateField(_("valid from"), unique=True)
    rate = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2)
    decision_ref = models.CharField(_("decision"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("levy rate")
        verbose_name_plural = _("levy rates")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rate__gte=0, rate__lte=100), name="ledger_levyrate_percent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rate} % {self.valid_from}"


class LevyShare(models.Model):
    """How much of the levy goes to the solidarity pool and to the investment fund."""

    valid_from = models.DateField(_("valid from"), unique=True)
    pool_percent = models.DecimalField(
        _("to the solidarity pool (%)"), max_digits=5, decimal_places=2
    )
    fund_percent = models.DecimalField(
        _("to the investment fund (%)"), max_digits=5, decimal_places=2
    )
    decision_ref = models.CharField(_("decision"), max_length=200)

    class Meta:
        verbose_name = _("levy share")
        verbose_name_plural = _("levy shares")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pool_percent__gte=0, fund_percent__gte=0),
                name="ledger_levyshare_positive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pool_percent} % / {self.fund_percent} % {self.valid_from}"


class LevyMonth(models.Model):
    """A month's levy, one row per month: every run for the month locks it before it reads
    what earlier runs charged, so runs at the same time queue and the later ones post only
    what is still due (nothing, when nothing changed). ``postings`` counts the month's levy
    vouchers, which are keyed ``levy:<month>:<n>``."""

    period = models.DateField(_("month"), unique=True)
    postings = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("levy month")
        verbose_name_plural = _("levy months")
        ordering = ["period"]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m}"


class LevyEntry(models.Model):
    """One posting of the levy for a unit's month: the first, or a correction (the
    difference). The levy charged so far is the sum of the month's entries."""

    period = models.DateField(_("month"))
    cost_centre = models.ForeignKey(LedgerObject, on_delete=models.PROTECT, related_name="+")
    turnover = models.DecimalField(_("net turnover"), max_digits=14, decimal_places=2)
    rate = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("levy entry")
        verbose_name_plural = _("levy entries")
        ordering = ["period", "cost_centre", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["voucher", "cost_centre"], name="ledger_levyentry_once_per_voucher"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} {self.cost_centre} {self.amount}"


class Fund(models.TextChoices):
    POOL = "pool", _("Solidarity pool")
    FUND = "fund", _("Investment fund")


class FundMovementKind(models.TextChoices):
    LEVY_SHARE = "levy_share", _("Share of the levy")
    PAYOUT = "payout", _("Payout to a unit in deficit")
    GRANT = "grant", _("Grant")
    LOAN = "loan", _("Loan")
    REPAYMENT = "repayment", _("Repayment")


# What a board decision pays out from the pool or the fund; a levy share and a repayment
# name a decision too, but they bring money in.
PAYOUT_KINDS = (FundMovementKind.PAYOUT, FundMovementKind.GRANT, FundMovementKind.LOAN)


class FundBook(models.Model):
    """One row per fund (the pool, the investment fund): a payout, grant or loan locks it
    before it checks the balance and the decision, so two at the same time can neither
    spend the same money nor pay out one decision twice."""

    fund = models.CharField(_("fund"), max_length=4, choices=Fund.choices, unique=True)

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")

    def __str__(self) -> str:
        return self.get_fund_display()


class Loan(models.Model):
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.CharField(_("recipient (a new idea)"), max_length=200, blank=True)
    principal = models.DecimalField(_("principal"), max_digits=14, decimal_places=2)
    paid_out_on = models.DateField(_("paid out on"))
    decision_ref = models.CharField(_("board decision"), max_length=200)

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["-paid_out_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(principal__gt=0), name="ledger_loan_positive")
        ]

    def __str__(self) -> str:
        return f"{self.unit or self.recipient} {self.principal}"


class LoanInstalment(models.Model):
    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="instalments")
    due_on = models.DateField(_("due on"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["loan", "due_on"]

    def __str__(self) -> str:
        return f"{self.due_on} {self.amount}"


class FundMovement(models.Model):
    """The sub-ledger of the pool and the fund: money in is positive, out negative."""

    fund = models.CharField(_("fund"), max_length=4, choices=Fund.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=FundMovementKind.choices)
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.CharField(_("recipient"), max_length=200, blank=True)
    decision_ref = models.CharField(_("board decision"), max_length=200, blank=True)
    levy_entry = models.ForeignKey(
        LevyEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    loan = models.ForeignKey(
        Loan, null=True, blank=True, on_delete=models.PROTECT, related_name="movements"
    )
    # The instalment a repayment pays: each is paid once.
    instalment = models.OneToOneField(
        LoanInstalment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repayment",
    )
    voucher = models.ForeignKey(
        Voucher, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("fund movement")
        verbose_name_plural = _("fund movements")
        ordering = ["fund", "date", "pk"]
        # A decision pays each unit (or each named idea) once of each kind from a fund.
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "kind", "decision_ref", "unit"],
                condition=models.Q(kind__in=PAYOUT_KINDS, unit__isnull=False),
                name="ledger_fundmovement_decision_pays_unit_once",
            ),
            models.UniqueConstraint(
                fields=["fund", "kind", "decision_ref", "recipient"],
                condition=models.Q(kind__in=PAYOUT_KINDS, unit__isnull=True),
                name="ledger_fundmovement_decision_pays_idea_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.date} {self.amount}"
