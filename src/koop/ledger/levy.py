"""The group levy, the solidarity pool and the investment fund (services and reads).

Each month every unit pays the levy (the rate in force, 15 % to start) on its net turnover
(accounts 3000-3799 on its cost centre that month). It is posted as an internal allocation:
a cost on the unit's cost centre and income on the central cost centre, so the group's
consolidated result does not move. A run posts, per unit, the difference between the levy
due now and what earlier runs charged for the month, so a run after a change of turnover
posts the correction and a second run with nothing changed posts nothing.

Shares of each levy posting go to the solidarity pool and the investment fund (a sub-ledger
of movements). The pool pays units in deficit; the fund grants or lends, to a unit or a
new idea. Each payout names the board decision that allowed it.

Postings that could race are keyed by what they post and lock a row standing for it: a run
locks its month (``LevyMonth``) before it reads what was charged, a payout, grant or loan
locks its fund (``FundBook``) before it checks the balance and whether the decision has
paid out already, a repayment locks its instalment. A second caller at the same moment
waits, then posts nothing (a levy run) or is told why not (a payout)."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from koop.core.audit import audit_record, snapshot
from koop.core.errors import KoopValidationError
from koop.core.money import ZERO, round_money, split_largest_remainder
from koop.ledger.models import (
    AccountPurpose,
    Fund,
    FundBook,
    FundMovement,
    FundMovementKind,
    LedgerObject,
    LevyEntry,
    LevyMonth,
    LevyRate,
    LevyShare,
    Loan,
    LoanInstalment,
    ObjectMapping,
    Voucher,
    VoucherSource,
)
from koop.ledger.models.accounts import COST_CENTRE_DIMENSION
from koop.ledger.reports import unit_turnover
from koop.ledger.services import (
    Actor,
    RowSpec,
    cost_centre_for_unit,
    mapped_account,
    object_ensure,
    voucher_post,
)
from koop.organisation.models import Unit

LEVY_SERIES = "L"
FUND_SERIES = "F"
CENTRAL_COST_CENTRE = "GEM"


def central_cost_centre() -> LedgerObject:
    return object_ensure(
        dimension=COST_CENTRE_DIMENSION, code=CENTRAL_COST_CENTRE, name="Koncerngemensamt"
    )


def month_end(period: dt.date) -> dt.date:
    return period.replace(day=calendar.monthrange(period.year, period.month)[1])


def _lock_levy_month(period: dt.date) -> LevyMonth:
    """The month's row, made on its first run, locked until the transaction ends."""
    LevyMonth.objects.bulk_create([LevyMonth(period=period)], ignore_conflicts=True)
    return LevyMonth.objects.select_for_update().get(period=period)


def _lock_fund(fund: str) -> None:
    """Lock the fund's row (made on its first payout) until the transaction ends."""
    FundBook.objects.bulk_create([FundBook(fund=fund)], ignore_conflicts=True)
    FundBook.objects.select_for_update().get(fund=fund)


def levy_rate_on(day: dt.date) -> LevyRate | None:
    return LevyRate.objects.filter(valid_from__lte=day).order_by("-valid_from").first()


def levy_share_on(day: dt.date) -> LevyShare | None:
    return LevyShare.objects.filter(valid_from__lte=day).order_by("-valid_from").first()


def levy_rate_set(
    *, valid_from: dt.date, rate: Decimal, decision_ref: str, acting_user: Actor
) -> LevyRate:
    if not decision_ref.strip():
        raise KoopValidationError(_("Name the decision that sets the rate."), field="decision_ref")
    if not ZERO <= rate <= Decimal(100):
        raise KoopValidationError(_("A rate is between 0 and 100 %."), field="rate")
    with transaction.atomic():
        row = LevyRate.objects.create(valid_from=valid_from, rate=rate, decision_ref=decision_ref)
        audit_record(
            actor=acting_user, action="levy_rate_set", obj=row, before=None, after=snapshot(row)
        )
    return row


def levy_share_set(
    *,
    valid_from: dt.date,
    pool_percent: Decimal,
    fund_percent: Decimal,
    decision_ref: str,
    acting_user: Actor,
) -> LevyShare:
    if pool_percent < 0 or fund_percent < 0 or pool_percent + fund_percent > 100:
        raise KoopValidationError(
            _("The shares are between 0 and 100 % together."), field="pool_percent"
        )
    with transaction.atomic():
        row = LevyShare.objects.create(
            valid_from=valid_from,
            pool_percent=pool_percent,
            fund_percent=fund_percent,
            decision_ref=decision_ref,
        )
        audit_record(
            actor=acting_user, action="levy_share_set", obj=row, before=None, after=snapshot(row)
        )
    return row


def levy_run(*, period: dt.date, acting_user: Actor) -> list[LevyEntry]:
    """Post the levy of the month ``period`` (any day in it) for every unit; the entries
    posted now (none when nothing changed)."""
    period = period.replace(day=1)
    last = month_end(period)
    rate = levy_rate_on(last)
    if rate is None:
        raise KoopValidationError(
            _("No levy rate is in force in %(month)s.") % {"month": f"{period:%Y-%m}"},
            field="period",
        )
    share = levy_share_on(last)
    with transaction.atomic():
        # Locked before reading what earlier runs charged: a run at the same moment waits
        # here and then sees this run's entries, so it posts only what is still due.
        month = _lock_levy_month(period)
        central = central_cost_centre()
        charged = {
            row["cost_centre_id"]: row["total"]
            for row in LevyEntry.objects.filter(period=period)
            .values("cost_centre_id")
            .annotate(total=Sum("amount"))
        }
        cost_centres = list(
            ObjectMapping.objects.filter(object__dimension_id=COST_CENTRE_DIMENSION)
            .exclude(object=central)
            .order_by("object__code")
            .values_list("object_id", flat=True)
        )
        changes: list[tuple[int, Decimal, Decimal]] = []
        for cc in sorted(set(cost_centres) | set(charged)):
            turnover = unit_turnover(cost_centre_id=cc, start=period, end=last)
            due = round_money(turnover * rate.rate / Decimal(100))
            diff = due - (charged.get(cc) or ZERO)
            if diff != ZERO:
                changes.append((cc, turnover, diff))
        if not changes:
            return []
        cost = mapped_account(AccountPurpose.LEVY_COST)
        income = mapped_account(AccountPurpose.LEVY_INCOME)
        text = _("Group levy %(month)s") % {"month": f"{period:%Y-%m}"}
        rows = [
            RowSpec(account=cost, amount=diff, cost_centre_id=cc, text=text)
            for cc, _t, diff in changes
        ]
        total = sum((d for _c, _t, d in changes), ZERO)
        rows.append(RowSpec(account=income, amount=-total, cost_centre_id=central.pk, text=text))
        month.postings += 1
        LevyMonth.objects.filter(pk=month.pk).update(postings=month.postings)
        voucher = voucher_post(
            voucher_date=last,
            series=LEVY_SERIES,
            text=text,
            rows=rows,
            acting_user=acting_user,
            source=VoucherSource.LEVY,
            source_key=f"levy:{period:%Y-%m}:{month.postings}",
            open_year=True,
        )
        entries = LevyEntry.objects.bulk_create(
            LevyEntry(
                period=period,
                cost_centre_id=cc,
                turnover=turnover,
                rate=rate.rate,
                amount=diff,
                voucher=voucher,
            )
            for cc, turnover, diff in changes
        )
        if share is not None:
            movements = []
            for entry in entries:
                for fund, percent in (
                    (Fund.POOL, share.pool_percent),
                    (Fund.FUND, share.fund_percent),
                ):
                    amount = round_money(entry.amount * percent / Decimal(100))
                    if amount != ZERO:
                        movements.append(
                            FundMovement(
                                fund=fund,
                                kind=FundMovementKind.LEVY_SHARE,
                                date=last,
                                amount=amount,
                                levy_entry=entry,
                                voucher=voucher,
                                decision_ref=share.decision_ref,
                            )
                        )
            FundMovement.objects.bulk_create(movements)
        audit_record(
            actor=acting_user,
            action="levy_run",
            obj=voucher,
            before=None,
            after={
                "period": f"{period:%Y-%m}",
                "rate": str(rate.rate),
                "changes": [[cc, str(t), str(d)] for cc, t, d in changes],
            },
        )
    return entries


def fund_balance(fund: str) -> Decimal:
    total = FundMovement.objects.filter(fund=fund).aggregate(t=Sum("amount"))["t"]
    # SQLite sums decimals as floating point: back to öre.
    return round_money(total or ZERO)


def _support_voucher(
    *, unit: Unit | None, amount: Decimal, day: dt.date, text: str, key: str, acting_user: Actor
) -> Voucher:
    central = central_cost_centre().pk
    cost = mapped_account(AccountPurpose.SUPPORT_COST)
    if unit is not None:
        credit = RowSpec(
            account=mapped_account(AccountPurpose.SUPPORT_INCOME),
            amount=-amount,
            cost_centre_id=cost_centre_for_unit(unit).pk,
            text=text,
        )
    else:  # money leaves the group: paid from the bank
        credit = RowSpec(
            account=mapped_account(AccountPurpose.BANK),
            amount=-amount,
            cost_centre_id=central,
            text=text,
        )
    return voucher_post(
        voucher_date=day,
        series=FUND_SERIES,
        text=text,
        rows=[RowSpec(account=cost, amount=amount, cost_centre_id=central, text=text), credit],
        acting_user=acting_user,
        source=VoucherSource.FUND,
        source_key=key,
        open_year=True,
    )


def _decision(decision_ref: str) -> str:
    """The decision as it is kept and compared: without stray or doubled spaces."""
    decision = " ".join(decision_ref.split())
    if not decision:
        raise KoopValidationError(_("Name the board decision."), field="decision_ref")
    return decision


def _check_amount(amount: Decimal) -> None:
    if amount <= ZERO or amount != round_money(amount):
        raise KoopValidationError(_("Give an amount above 0 in kronor and öre."), field="amount")


def _check_payout(
    *,
    fund: str,
    kind: str,
    amount: Decimal,
    decision: str,
    unit: Unit | None,
    recipient: str,
) -> None:
    """Lock the fund, then check that the decision has not paid this out already and that
    the fund holds the amount."""
    _lock_fund(fund)
    earlier = FundMovement.objects.filter(fund=fund, kind=kind, decision_ref=decision)
    earlier = (
        earlier.filter(unit=unit)
        if unit is not None
        else earlier.filter(unit__isnull=True, recipient=recipient)
    )
    paid = earlier.first()
    if paid is not None:
        raise KoopValidationError(
            _("%(decision)s has already paid %(to)s out of this fund (on %(day)s).")
            % {
                "decision": decision,
                "to": unit.name if unit is not None else recipient,
                "day": paid.date.isoformat(),
            },
            field="decision_ref",
        )
    if amount > fund_balance(fund):
        raise KoopValidationError(_("There is not that much in the fund."), field="amount")


def pool_payout(
    *, unit: Unit, amount: Decimal, day: dt.date, decision_ref: str, acting_user: Actor
) -> FundMovement:
    """The solidarity pool covers (part of) a unit's deficit for the year to date."""
    from koop.ledger.reports import pnl_by_cost_centre

    decision = _decision(decision_ref)
    _check_amount(amount)
    with transaction.atomic():
        _check_payout(
            fund=Fund.POOL,
            kind=FundMovementKind.PAYOUT,
            amount=amount,
            decision=decision,
            unit=unit,
            recipient="",
        )
        cc = cost_centre_for_unit(unit).pk
        lines = pnl_by_cost_centre(start=day.replace(month=1, day=1), end=day, cost_centre_ids=[cc])
        if sum((ln.result for ln in lines), ZERO) >= ZERO:
            raise KoopValidationError(
                _("The pool pays units in deficit; this unit is not."), field="unit"
            )
        movement = FundMovement.objects.create(
            fund=Fund.POOL,
            kind=FundMovementKind.PAYOUT,
            date=day,
            amount=-amount,
            unit=unit,
            decision_ref=decision,
        )
        movement.voucher = _support_voucher(
            unit=unit,
            amount=amount,
            day=day,
            text=_("Solidarity pool: %(unit)s") % {"unit": unit.name},
            key=f"pool-payout:{movement.pk}",
            acting_user=acting_user,
        )
        movement.save(update_fields=["voucher"])
        audit_record(
            actor=acting_user,
            action="pool_payout",
            obj=movement,
            before=None,
            after=snapshot(movement),
        )
    return movement


def fund_grant(
    *,
    unit: Unit | None,
    recipient: str,
    amount: Decimal,
    day: dt.date,
    decision_ref: str,
    acting_user: Actor,
) -> FundMovement:
    recipient = recipient.strip()
    if unit is None and not recipient:
        raise KoopValidationError(_("Name the unit or the idea."), field="recipient")
    decision = _decision(decision_ref)
    _check_amount(amount)
    with transaction.atomic():
        _check_payout(
            fund=Fund.FUND,
            kind=FundMovementKind.GRANT,
            amount=amount,
            decision=decision,
            unit=unit,
            recipient=recipient,
        )
        movement = FundMovement.objects.create(
            fund=Fund.FUND,
            kind=FundMovementKind.GRANT,
            date=day,
            amount=-amount,
            unit=unit,
            recipient=recipient,
            decision_ref=decision,
        )
        movement.voucher = _support_voucher(
            unit=unit,
            amount=amount,
            day=day,
            text=_("Investment fund grant: %(to)s") % {"to": unit.name if unit else recipient},
            key=f"fund-grant:{movement.pk}",
            acting_user=acting_user,
        )
        movement.save(update_fields=["voucher"])
        audit_record(
            actor=acting_user,
            action="fund_grant",
            obj=movement,
            before=None,
            after=snapshot(movement),
        )
    return movement


def fund_loan(
    *,
    unit: Unit | None,
    recipient: str,
    principal: Decimal,
    day: dt.date,
    decision_ref: str,
    instalments: int,
    first_due: dt.date,
    acting_user: Actor,
) -> Loan:
    """A loan from the fund, repaid in ``instalments`` monthly instalments (kept in the
    fund's sub-ledger; the books see the money when it is paid out and back)."""
    recipient = recipient.strip()
    if unit is None and not recipient:
        raise KoopValidationError(_("Name the unit or the idea."), field="recipient")
    if not 1 <= instalments <= 120:
        raise KoopValidationError(_("Between 1 and 120 instalments."), field="instalments")
    decision = _decision(decision_ref)
    _check_amount(principal)
    with transaction.atomic():
        _check_payout(
            fund=Fund.FUND,
            kind=FundMovementKind.LOAN,
            amount=principal,
            decision=decision,
            unit=unit,
            recipient=recipient,
        )
        loan = Loan.objects.create(
            unit=unit,
            recipient=recipient,
            principal=principal,
            paid_out_on=day,
            decision_ref=decision,
        )
        parts = split_largest_remainder(principal, [Decimal(1)] * instalments)
        due = first_due
        plan = []
        for part in parts:
            plan.append(LoanInstalment(loan=loan, due_on=due, amount=part))
            due = (due.replace(day=28) + dt.timedelta(days=4)).replace(day=min(first_due.day, 28))
        LoanInstalment.objects.bulk_create(plan)
        FundMovement.objects.create(
            fund=Fund.FUND,
            kind=FundMovementKind.LOAN,
            date=day,
            amount=-principal,
            unit=unit,
            recipient=recipient,
            decision_ref=decision,
            loan=loan,
        )
        audit_record(
            actor=acting_user, action="fund_loan", obj=loan, before=None, after=snapshot(loan)
        )
    return loan


def loan_repay(
    *, instalment: LoanInstalment, paid_on: dt.date, acting_user: Actor
) -> LoanInstalment:
    with transaction.atomic():
        locked = (
            LoanInstalment.objects.select_for_update().select_related("loan").get(pk=instalment.pk)
        )
        if locked.paid_on is not None:
            raise KoopValidationError(_("This instalment is already paid."), field="instalment")
        before = snapshot(locked)
        locked.paid_on = paid_on
        locked.save(update_fields=["paid_on"])
        FundMovement.objects.create(
            fund=Fund.FUND,
            kind=FundMovementKind.REPAYMENT,
            date=paid_on,
            amount=locked.amount,
            unit=locked.loan.unit,
            recipient=locked.loan.recipient,
            decision_ref=locked.loan.decision_ref,
            loan=locked.loan,
            instalment=locked,
        )
        audit_record(
            actor=acting_user,
            action="loan_repay",
            obj=locked,
            before=before,
            after=snapshot(locked),
        )
    return locked


def loan_outstanding(loan: Loan) -> Decimal:
    paid = loan.instalments.filter(paid_on__isnull=False).aggregate(t=Sum("amount"))["t"]
    return round_money(loan.principal - (paid or ZERO))
