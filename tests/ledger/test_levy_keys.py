"""The levy, pool and fund postings are keyed by what they post: a month's levy, a decision's
payout to a unit, an instalment's repayment. Posting the same again posts nothing new, and
the database refuses a second payout of a decision even when the service is bypassed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from koop.core.errors import KoopValidationError
from koop.ledger.levy import (
    fund_balance,
    fund_grant,
    fund_loan,
    levy_rate_set,
    levy_run,
    levy_share_set,
    loan_repay,
    pool_payout,
)
from koop.ledger.models import (
    Fund,
    FundMovement,
    FundMovementKind,
    LevyMonth,
    Voucher,
    VoucherSource,
)
from koop.ledger.services import RowSpec, cost_centre_for_unit, voucher_post, voucher_post_sale

D = Decimal
DECISION = "Styrelsen 2024-04-02 § 3"


@pytest.fixture
def funded(world, year_2024):  # type: ignore[no-untyped-def]
    """100 000 kr sold by unit A in March, levied (7 500 kr to each fund); unit B in deficit."""
    levy_rate_set(valid_from=dt.date(2024, 1, 1), rate=D(15), decision_ref="§7", acting_user=None)
    levy_share_set(
        valid_from=dt.date(2024, 1, 1),
        pool_percent=D(50),
        fund_percent=D(50),
        decision_ref="§8",
        acting_user=None,
    )
    voucher_post_sale(
        cooperative=world.cooperative,
        voucher_date=dt.date(2024, 3, 10),
        unit=world.unit_a,
        reference="1001",
        text="Faktura",
        receivable=D("125000.00"),
        revenue=[(None, D(25), D("100000.00"))],
        vat=[(D(25), D("25000.00"))],
        credit_note=False,
        acting_user=None,
    )
    levy_run(period=dt.date(2024, 3, 1), acting_user=None)
    voucher_post(
        voucher_date=dt.date(2024, 3, 5),
        series="A",
        text="Hyra",
        acting_user=None,
        rows=[
            RowSpec(5010, D("20000.00"), cost_centre_id=cost_centre_for_unit(world.unit_b).pk),
            RowSpec(1930, D("-20000.00")),
        ],
    )
    return world


def test_levy_runs_of_a_month_count_their_vouchers_on_the_months_row(funded) -> None:
    month = LevyMonth.objects.get(period=dt.date(2024, 3, 1))
    assert month.postings == 1
    assert levy_run(period=dt.date(2024, 3, 15), acting_user=None) == []
    month.refresh_from_db()
    assert month.postings == 1
    keys = Voucher.objects.filter(source=VoucherSource.LEVY).values_list("source_key", flat=True)
    assert list(keys) == ["levy:2024-03:1"]


def test_a_decision_pays_a_unit_from_the_pool_once(funded) -> None:
    first = pool_payout(
        unit=funded.unit_b,
        amount=D("1000.00"),
        day=dt.date(2024, 4, 2),
        decision_ref=DECISION,
        acting_user=None,
    )
    assert first.voucher.source_key == f"pool-payout:{first.pk}"
    with pytest.raises(KoopValidationError, match="already paid Cykelbudet") as refused:
        pool_payout(
            unit=funded.unit_b,
            amount=D("1000.00"),
            day=dt.date(2024, 4, 3),
            decision_ref=f"  {DECISION.replace(' ', '  ')} ",  # the same, typed untidily
            acting_user=None,
        )
    assert refused.value.problems[0].field == "decision_ref"
    assert fund_balance(Fund.POOL) == D("6500.00")
    assert Voucher.objects.filter(source=VoucherSource.FUND).count() == 1


def test_one_decision_may_pay_several_units_and_ideas(funded) -> None:
    fund_grant(
        unit=funded.unit_b,
        recipient="",
        amount=D("1000.00"),
        day=dt.date(2024, 4, 2),
        decision_ref=DECISION,
        acting_user=None,
    )
    fund_grant(
        unit=None,
        recipient="Idé: cykelverkstad",
        amount=D("1000.00"),
        day=dt.date(2024, 4, 2),
        decision_ref=DECISION,
        acting_user=None,
    )
    fund_loan(
        unit=funded.unit_b,
        recipient="",
        principal=D("2000.00"),
        day=dt.date(2024, 4, 2),
        decision_ref=DECISION,
        instalments=2,
        first_due=dt.date(2024, 5, 31),
        acting_user=None,
    )
    with pytest.raises(KoopValidationError, match="already paid Idé: cykelverkstad"):
        fund_grant(
            unit=None,
            recipient="Idé: cykelverkstad",
            amount=D("500.00"),
            day=dt.date(2024, 4, 3),
            decision_ref=DECISION,
            acting_user=None,
        )
    with pytest.raises(KoopValidationError, match="already paid Cykelbudet"):
        fund_loan(
            unit=funded.unit_b,
            recipient="",
            principal=D("2000.00"),
            day=dt.date(2024, 4, 2),
            decision_ref=DECISION,
            instalments=2,
            first_due=dt.date(2024, 5, 31),
            acting_user=None,
        )
    assert fund_balance(Fund.FUND) == D("3500.00")


def test_the_database_refuses_a_second_payout_of_a_decision(funded) -> None:
    pool_payout(
        unit=funded.unit_b,
        amount=D("1000.00"),
        day=dt.date(2024, 4, 2),
        decision_ref=DECISION,
        acting_user=None,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        FundMovement.objects.create(
            fund=Fund.POOL,
            kind=FundMovementKind.PAYOUT,
            date=dt.date(2024, 4, 2),
            amount=D("-1000.00"),
            unit=funded.unit_b,
            decision_ref=DECISION,
        )
    fund_grant(
        unit=None,
        recipient="Idé",
        amount=D("100.00"),
        day=dt.date(2024, 4, 2),
        decision_ref=DECISION,
        acting_user=None,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        FundMovement.objects.create(
            fund=Fund.FUND,
            kind=FundMovementKind.GRANT,
            date=dt.date(2024, 4, 2),
            amount=D("-100.00"),
            recipient="Idé",
            decision_ref=DECISION,
        )


def test_an_instalment_is_repaid_once(funded) -> None:
    loan = fund_loan(
        unit=funded.unit_b,
        recipient="",
        principal=D("2000.00"),
        day=dt.date(2024, 4, 2),
        decision_ref=DECISION,
        instalments=2,
        first_due=dt.date(2024, 5, 31),
        acting_user=None,
    )
    instalment = loan.instalments.order_by("due_on").first()
    loan_repay(instalment=instalment, paid_on=dt.date(2024, 5, 31), acting_user=None)
    with pytest.raises(KoopValidationError, match="already paid"):
        loan_repay(instalment=instalment, paid_on=dt.date(2024, 6, 1), acting_user=None)
    repayment = FundMovement.objects.get(kind=FundMovementKind.REPAYMENT)
    assert repayment.instalment == instalment
    with pytest.raises(IntegrityError), transaction.atomic():
        FundMovement.objects.create(
            fund=Fund.FUND,
            kind=FundMovementKind.REPAYMENT,
            date=dt.date(2024, 6, 1),
            amount=instalment.amount,
            loan=loan,
            instalment=instalment,
        )
    assert fund_balance(Fund.FUND) == D("6500.00")
