"""A payment registered in billing posts its voucher in the same transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from koop.billing.factories import InvoiceSettingsFactory
from koop.billing.models import Payment
from koop.billing.services import payment_register
from koop.core.errors import KoopValidationError
from koop.ledger.models import FiscalYear, Voucher, VoucherRow, VoucherSource
from koop.ledger.services import cost_centre_for_unit
from koop.work.factories import CompanyCustomerFactory, CustomerFactory
from tests.billing.conftest import Billing
from tests.billing.helpers import issue_free_invoice


@pytest.fixture
def billing(world) -> Billing:  # type: ignore[no-untyped-def]
    return Billing(
        world=world,
        settings=InvoiceSettingsFactory(cooperative=world.cooperative),
        area=world.unit_a.business_areas.get(),
        municipality=CustomerFactory(cooperative=world.cooperative),
        company=CompanyCustomerFactory(cooperative=world.cooperative),
    )


@time_machine.travel(dt.datetime(2025, 3, 20, 10, 0), tick=False)
def test_a_payment_posts_bank_against_receivables_on_the_units_cost_centre(
    billing: Billing,
) -> None:
    invoice = issue_free_invoice(billing, issue_date=dt.date(2025, 3, 14))
    payment = payment_register(
        invoice=invoice,
        paid_on=dt.date(2025, 3, 18),
        amount="191.86",
        reference="BG 1",
        acting_user=billing.world.user("finance"),
    )
    voucher = Voucher.objects.get(source=VoucherSource.PAYMENT)
    assert voucher.posted
    assert voucher.date == dt.date(2025, 3, 18)
    assert voucher.reference == str(invoice.number)
    assert voucher.source_key.endswith(f":{payment.pk}")
    rows = {r.account_id: r for r in VoucherRow.objects.filter(voucher=voucher)}
    assert rows[1930].amount == Decimal("191.86")
    assert rows[1510].amount == Decimal("-191.86")
    cc = cost_centre_for_unit(billing.world.unit_a).pk
    assert {r.cost_centre_id for r in rows.values()} == {cc}


@time_machine.travel(dt.datetime(2025, 3, 20, 10, 0), tick=False)
def test_a_payment_the_ledger_refuses_is_not_registered_either(billing: Billing) -> None:
    invoice = issue_free_invoice(billing, issue_date=dt.date(2025, 3, 14))
    FiscalYear.objects.filter(start=dt.date(2025, 1, 1)).update(locked_until=dt.date(2025, 3, 31))
    with pytest.raises(KoopValidationError):
        payment_register(
            invoice=invoice,
            paid_on=dt.date(2025, 3, 18),
            amount="100",
            acting_user=billing.world.user("finance"),
        )
    assert not Payment.objects.exists()
    assert not Voucher.objects.filter(source=VoucherSource.PAYMENT).exists()
