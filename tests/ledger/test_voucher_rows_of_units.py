"""A voucher with rows of several units (the monthly levy has one per unit): a unit leader
sees their own units' rows and the rest as one summed line, on the page and in the API;
central finance sees every row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from koop.ledger.levy import levy_rate_set, levy_run
from koop.ledger.models import Voucher, VoucherRow
from koop.ledger.reports import cost_centre_ids_for_units
from koop.ledger.services import voucher_post_sale


def _sale(world, unit, amount: str, reference: str) -> None:  # type: ignore[no-untyped-def]
    net = Decimal(amount)
    voucher_post_sale(
        cooperative=world.cooperative,
        voucher_date=dt.date(2024, 3, 10),
        unit=unit,
        reference=reference,
        text="Faktura",
        receivable=net * Decimal("1.25"),
        revenue=[(None, Decimal(25), net)],
        vat=[(Decimal(25), net * Decimal("0.25"))],
        credit_note=False,
        acting_user=None,
    )


@pytest.fixture
def levy_voucher(world, year_2024) -> Voucher:  # type: ignore[no-untyped-def]
    levy_rate_set(
        valid_from=dt.date(2024, 1, 1), rate=Decimal(15), decision_ref="§7", acting_user=None
    )
    _sale(world, world.unit_a, "1000.00", "1001")
    _sale(world, world.unit_b, "7000.00", "1002")
    entries = levy_run(period=dt.date(2024, 3, 1), acting_user=None)
    vouchers = {e.voucher_id for e in entries}
    assert len(vouchers) == 1  # one voucher, a row for each unit
    return Voucher.objects.get(pk=vouchers.pop())


def _b_code(world) -> str:  # type: ignore[no-untyped-def]
    (cost_centre,) = cost_centre_ids_for_units([world.unit_b.pk])
    return str(
        VoucherRow.objects.filter(cost_centre_id=cost_centre)
        .values_list("cost_centre__code", flat=True)
        .first()
    )


def test_a_unit_leader_sees_only_their_units_rows_of_a_shared_voucher(
    world,
    client_for,
    levy_voucher,  # type: ignore[no-untyped-def]
) -> None:
    leader = client_for("leader")
    b_code = _b_code(world)
    rows = list(levy_voucher.rows.all())
    assert any(r.cost_centre and r.cost_centre.code == b_code for r in rows)

    api = leader.get(f"/api/v1/vouchers/{levy_voucher.pk}")
    assert api.status_code == 200
    body = api.json()
    assert [r["amount"] for r in body["rows"]] == ["150.00"]
    assert body["other_units"] == "-150.00"
    assert b_code not in api.text
    assert "1050" not in api.text  # unit B's levy
    assert "1200" not in api.text  # the total

    page = leader.get(f"/ledger/vouchers/{levy_voucher.pk}/")
    assert page.status_code == 200
    assert "Other units" in page.text
    assert b_code not in page.text
    assert "1 050" not in page.text
    assert "1050" not in page.text
    assert "1 200" not in page.text


def test_central_finance_sees_every_row_of_a_shared_voucher(
    world,
    client_for,
    levy_voucher,  # type: ignore[no-untyped-def]
) -> None:
    body = client_for("finance").get(f"/api/v1/vouchers/{levy_voucher.pk}").json()
    assert len(body["rows"]) == levy_voucher.rows.count()
    assert body["other_units"] is None
    assert _b_code(world) in {r["cost_centre"] for r in body["rows"]}
    page = client_for("finance").get(f"/ledger/vouchers/{levy_voucher.pk}/")
    assert "Other units" not in page.text
    assert _b_code(world) in page.text
