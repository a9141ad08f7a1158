"""The ledger's list and report pages cost the same number of queries for 3 rows as for 30."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koop.ledger.models import Budget, FiscalYear
from koop.ledger.services import RowSpec, cost_centre_for_unit, voucher_post

ACCOUNTS = (3001, 4010, 5010, 5611, 7010)


def _post_vouchers(world, count: int, start: int = 0) -> None:  # type: ignore[no-untyped-def]
    for year in (2023, 2024):
        FiscalYear.objects.get_or_create(
            start=dt.date(year, 1, 1), defaults={"end": dt.date(year, 12, 31)}
        )
    cc = cost_centre_for_unit(world.unit_a).pk
    for i in range(start, start + count):
        account = ACCOUNTS[i % len(ACCOUNTS)]
        sign = -1 if account < 4000 else 1
        voucher_post(
            voucher_date=dt.date(2023 + i % 2, 1 + i % 12, 1 + i % 28),
            series="A",
            text=f"Verifikation {i}",
            rows=[
                RowSpec(account, Decimal(sign * (100 + i)), cost_centre_id=cc, text="x"),
                RowSpec(1930, Decimal(-sign * (100 + i)), cost_centre_id=cc),
            ],
            acting_user=None,
        )
        Budget.objects.get_or_create(
            cost_centre_id=cc,
            account_id=account,
            month=dt.date(2024, 1 + i % 12, 1),
            defaults={
                "amount": Decimal(sign * 90),
                "fiscal_year": FiscalYear.objects.get(start=dt.date(2024, 1, 1)),
            },
        )


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("persona", ["finance", "leader"])
def test_voucher_list_costs_the_same_queries_for_3_and_30_vouchers(
    world, client_for, persona: str
) -> None:
    client = client_for(persona)
    _post_vouchers(world, 3)
    few = _queries(client, reverse("ledger:voucher-list"))
    _post_vouchers(world, 27, start=3)
    assert _queries(client, reverse("ledger:voucher-list")) == few


def test_unit_report_costs_the_same_queries_for_3_and_30_vouchers(world, client_for) -> None:
    client = client_for("leader")
    url = reverse("ledger:report-unit", args=[world.unit_a.pk]) + "?year=2024"
    _post_vouchers(world, 3)
    few = _queries(client, url)
    _post_vouchers(world, 27, start=3)
    many = _queries(client, url)
    assert few == many
    assert many <= 20


def test_units_report_costs_the_same_queries_for_few_and_many_vouchers(world, client_for) -> None:
    client = client_for("finance")
    url = reverse("ledger:report-units") + "?year=2024"
    _post_vouchers(world, 3)
    few = _queries(client, url)
    _post_vouchers(world, 27, start=3)
    assert _queries(client, url) == few
