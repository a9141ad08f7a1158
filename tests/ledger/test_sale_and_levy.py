from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from koop.core.errors import KoopValidationError
from koop.ledger.levy import (
    fund_balance,
    fund_grant,
    fund_loan,
    levy_rate_set,
    levy_run,
    levy_share_set,
    loan_outstanding,
    loan_repay,
    pool_payout,
)
from koop.ledger.models import Fund, LevyEntry, Voucher, VoucherRow
from koop.ledger.reports import turnover_12m
from koop.ledger.services import (
    RowSpec,
    cost_centre_for_unit,
    voucher_post,
    voucher_post_payment,
    voucher_post_sale,
)

D = Decimal


def _sale(world, net: str, day=dt.date(2024, 3, 10), ref="1001", credit=False) -> Voucher:
    n = D(net)
    return voucher_post_sale(
        cooperative=world.cooperative,
        voucher_date=day,
        unit=world.unit_a,
        reference=ref,
        text="Faktura",
        receivable=n * D("1.25"),
        revenue=[(None, D(25), n)],
        vat=[(D(25), n * D("0.25"))],
        credit_note=credit,
        acting_user=None,
    )


def test_sale_posts_a_balanced_voucher_on_the_units_cost_centre(world) -> None:
    area = world.unit_a.business_areas.get()
    voucher = voucher_post_sale(
        cooperative=world.cooperative,
        voucher_date=dt.date(2024, 3, 10),
        unit=world.unit_a,
        reference="1001",
        text="Faktura 1001",
        receivable=D("1212.00"),
        revenue=[(area.pk, D(25), D("800.00")), (None, D(6), D("200.00"))],
        vat=[(D(25), D("200.00")), (D(6), D("12.00"))],
        credit_note=False,
        acting_user=None,
    )
    rows = {r.account_id: r.amount for r in voucher.rows.all()}
    assert rows == {
        1510: D("1212.00"),
        3001: D("-800.00"),
        3003: D("-200.00"),
        2611: D("-200.00"),
        2631: D("-12.00"),
    }
    assert {r.cost_centre.code for r in voucher.rows.select_related("cost_centre")} == {"110"}
    assert voucher.series.code == "K"
    # The same invoice again posts nothing new.
    again = voucher_post_sale(
        cooperative=world.cooperative,
        voucher_date=dt.date(2024, 3, 10),
        unit=world.unit_a,
        reference="1001",
        text="Faktura 1001",
        receivable=D("1212.00"),
        revenue=[(area.pk, D(25), D("800.00")), (None, D(6), D("200.00"))],
        vat=[(D(25), D("200.00")), (D(6), D("12.00"))],
        credit_note=False,
        acting_user=None,
    )
    assert again == voucher


def test_credit_note_and_payment_turn_and_clear_the_receivable(world) -> None:
    _sale(world, "1000.00")
    credit = _sale(world, "400.00", ref="1002", credit=True)
    assert dict(credit.rows.values_list("account_id", "amount"))[1510] == D("-500.00")
    payment = voucher_post_payment(
        cooperative=world.cooperative,
        voucher_date=dt.date(2024, 3, 20),
        unit=world.unit_a,
        reference="1001",
        text="Inbetalning",
        amount=D("750.00"),
        acting_user=None,
    )
    assert dict(payment.rows.values_list("account_id", "amount")) == {
        1930: D("750.00"),
        1510: D("-750.00"),
    }
    receivable = sum(VoucherRow.objects.filter(account_id=1510).values_list("amount", flat=True))
    assert receivable == D("0.00")


def test_issued_invoice_posts_its_voucher_with_the_units_cost_centre(world) -> None:
    from tests.billing.matrix import billing_objects

    invoice = billing_objects(world).invoice
    voucher = Voucher.objects.get(source_key=f"sale:{world.cooperative.pk}:{invoice.number}")
    rows = list(voucher.rows.select_related("cost_centre"))
    assert sum(r.amount for r in rows) == 0
    assert {r.cost_centre.code for r in rows} == {world.unit_a.cost_centre}
    assert dict((r.account_id, r.amount) for r in rows)[1510] == invoice.payable
    assert dict((r.account_id, r.amount) for r in rows)[3001] == -invoice.net_total


def test_levy_run_posts_once_and_corrects_the_difference(world) -> None:
    levy_rate_set(
        valid_from=dt.date(2024, 1, 1), rate=D(15), decision_ref="Stämma 2023 §7", acting_user=None
    )
    levy_share_set(
        valid_from=dt.date(2024, 1, 1),
        pool_percent=D(20),
        fund_percent=D(10),
        decision_ref="Stämma 2023 §8",
        acting_user=None,
    )
    _sale(world, "10000.00")
    entries = levy_run(period=dt.date(2024, 3, 1), acting_user=None)
    assert [(e.turnover, e.amount) for e in entries] == [(D("10000.00"), D("1500.00"))]
    assert levy_run(period=dt.date(2024, 3, 1), acting_user=None) == []
    _sale(world, "2000.00", ref="1002")
    correction = levy_run(period=dt.date(2024, 3, 1), acting_user=None)
    assert [e.amount for e in correction] == [D("300.00")]
    assert sum(LevyEntry.objects.values_list("amount", flat=True)) == D("1800.00")
    cc = cost_centre_for_unit(world.unit_a)
    assert sum(
        VoucherRow.objects.filter(account_id=6991, cost_centre=cc).values_list("amount", flat=True)
    ) == D("1800.00")
    assert fund_balance(Fund.POOL) == D("360.00")
    assert fund_balance(Fund.FUND) == D("180.00")
    # The levy is internal: the group's net turnover is what it sold.
    assert turnover_12m(on=dt.date(2024, 12, 31)) == D("12000.00")


def test_pool_pays_units_in_deficit_and_fund_grants_and_lends(world) -> None:
    levy_rate_set(
        valid_from=dt.date(2024, 1, 1), rate=D(15), decision_ref="Stämma", acting_user=None
    )
    levy_share_set(
        valid_from=dt.date(2024, 1, 1),
        pool_percent=D(50),
        fund_percent=D(50),
        decision_ref="Stämma",
        acting_user=None,
    )
    _sale(world, "100000.00")
    levy_run(period=dt.date(2024, 3, 1), acting_user=None)
    with pytest.raises(KoopValidationError, match="deficit"):
        pool_payout(
            unit=world.unit_a,
            amount=D("100.00"),
            day=dt.date(2024, 4, 1),
            decision_ref="Styrelsen 2024-04 §3",
            acting_user=None,
        )
    cc_b = cost_centre_for_unit(world.unit_b)
    voucher_post(
        voucher_date=dt.date(2024, 3, 5),
        series="A",
        text="Hyra",
        acting_user=None,
        rows=[RowSpec(5010, D("5000.00"), cost_centre_id=cc_b.pk), RowSpec(1930, D("-5000.00"))],
    )
    pool_payout(
        unit=world.unit_b,
        amount=D("3000.00"),
        day=dt.date(2024, 4, 1),
        decision_ref="Styrelsen 2024-04 §3",
        acting_user=None,
    )
    assert fund_balance(Fund.POOL) == D("4500.00")
    fund_grant(
        unit=None,
        recipient="Idé: cykelverkstad",
        amount=D("1000.00"),
        day=dt.date(2024, 4, 2),
        decision_ref="Styrelsen §4",
        acting_user=None,
    )
    loan = fund_loan(
        unit=world.unit_b,
        recipient="",
        principal=D("3000.00"),
        day=dt.date(2024, 4, 3),
        decision_ref="Styrelsen §5",
        instalments=3,
        first_due=dt.date(2024, 5, 31),
        acting_user=None,
    )
    assert fund_balance(Fund.FUND) == D("3500.00")
    loan_repay(
        instalment=loan.instalments.order_by("due_on").first(),
        paid_on=dt.date(2024, 5, 31),
        acting_user=None,
    )
    assert loan_outstanding(loan) == D("2000.00")
    assert fund_balance(Fund.FUND) == D("4500.00")
    with pytest.raises(KoopValidationError, match="not that much"):
        fund_grant(
            unit=world.unit_a,
            recipient="",
            amount=D("99999.00"),
            day=dt.date(2024, 4, 2),
            decision_ref="§6",
            acting_user=None,
        )


def test_group_figures_turnover_comes_from_the_ledger(world) -> None:
    from koop.portal.selectors import group_figures

    on = dt.date(2024, 6, 30)
    assert group_figures(cooperative_id=world.cooperative.pk, on=on).turnover_12m == D("0.00")
    _sale(world, "2500.00")
    assert group_figures(cooperative_id=world.cooperative.pk, on=on).turnover_12m == D("2500.00")
