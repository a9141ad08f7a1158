"""The ledger objects the access matrix asks about: one posted voucher on unit A's cost
centre, one import job."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from koop.ledger.models import FiscalYear, ImportJob, Voucher
from koop.ledger.services import RowSpec, cost_centre_for_unit, voucher_post
from tests.personas import World

# Reads: the central roles and the units' leaders (filtered to their own units).
READERS = frozenset({"admin", "finance", "vd", "leader", "leader_b"})
CENTRAL = frozenset({"admin", "finance", "vd"})
# Bookkeeping: central finance and the administrator.
BOOKKEEPERS = frozenset({"admin", "finance"})
UNIT_A_READERS = CENTRAL | {"leader"}


def voucher(w: World) -> Voucher:
    existing = Voucher.objects.filter(text="Matris").first()
    if existing is not None:
        return existing
    FiscalYear.objects.get_or_create(
        start=dt.date(2024, 1, 1), defaults={"end": dt.date(2024, 12, 31)}
    )
    cc = cost_centre_for_unit(w.unit_a).pk
    return voucher_post(
        voucher_date=dt.date(2024, 3, 1),
        series="A",
        text="Matris",
        acting_user=None,
        rows=[
            RowSpec(5010, Decimal("100.00"), cost_centre_id=cc),
            RowSpec(1930, Decimal("-100.00")),
        ],
    )


def voucher_kwargs(w: World) -> dict[str, Any]:
    return {"voucher_id": voucher(w).pk}


def unit_a(w: World) -> dict[str, Any]:
    voucher(w)
    return {"unit_id": w.unit_a.pk}


def drilldown_kwargs(w: World) -> dict[str, Any]:
    return {**unit_a(w), "account": 5010}


def job_kwargs(w: World) -> dict[str, Any]:
    job = ImportJob.objects.first() or ImportJob.objects.create(
        file_name="x.se", path="/nonexistent"
    )
    return {"job_id": job.pk}


def voucher_data(w: World) -> dict[str, Any]:
    voucher(w)
    return {
        "date": "2024-03-02",
        "series": "A",
        "text": "API",
        "rows": [{"account": 6110, "amount": "10.00"}, {"account": 1930, "amount": "-10.00"}],
    }


def setup(w: World) -> dict[str, Any]:
    voucher(w)
    return {}
