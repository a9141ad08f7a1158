"""The demo work: realistic customers and agreements, three years of orders, ~30 MSEK a year."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal

import pytest
from django.db.models import DecimalField, ExpressionWrapper, F, Sum

from koop.core.identifiers import normalise_orgnr
from koop.demo.seed.context import SeedContext
from koop.demo.seed.organisation import seed_organisation
from koop.demo.seed.people import seed_people
from koop.demo.seed.work import seed_work
from koop.work.models import (
    Agreement,
    AgreementKind,
    Customer,
    CustomerKind,
    MaterialRow,
    TimeRow,
    WorkOrder,
    WorkOrderStatusChange,
)
from koop.work.selectors import work_order_billable_lines

TODAY = dt.date(2026, 11, 27)


def _turnover_last_12_months() -> Decimal:
    since = TODAY - dt.timedelta(days=365)
    done = {"work_order__status": "done", "work_order__planned_date__gt": since}
    money = DecimalField(max_digits=20, decimal_places=4)
    hours = TimeRow.objects.filter(**done).aggregate(
        s=Sum(ExpressionWrapper(F("hours") * F("hourly_price"), output_field=money))
    )["s"]
    material = MaterialRow.objects.filter(**done).aggregate(
        s=Sum(ExpressionWrapper(F("quantity") * F("unit_price"), output_field=money))
    )["s"]
    return Decimal(hours or 0) + Decimal(material or 0)


@pytest.mark.django_db
def test_seed_work_builds_three_years_of_work_worth_about_30_msek_a_year() -> None:
    ctx = SeedContext(scale=1, rng=random.Random(3), today=TODAY)
    seed_organisation(ctx)
    seed_people(ctx)
    seed_work(ctx)

    turnover = _turnover_last_12_months()
    assert Decimal(27_000_000) < turnover < Decimal(33_000_000), turnover

    public = Customer.objects.filter(kind=CustomerKind.PUBLIC)
    assert public.count() >= 8 * 3
    for customer in public:
        assert customer.buyer_reference
        assert customer.peppol_id == "0007:" + customer.identity_number.replace("-", "")
        assert normalise_orgnr(customer.identity_number) == customer.identity_number
    assert set(Customer.objects.values_list("kind", flat=True)) == set(CustomerKind.values)

    reserved = Agreement.objects.filter(kind=AgreementKind.RESERVED)
    assert reserved.exists()
    assert not reserved.filter(procurement_reference="").exists()
    assert Agreement.objects.filter(
        status="active", valid_to__gte=TODAY, valid_to__lte=TODAY + dt.timedelta(days=60)
    ).exists()

    statuses = Counter(WorkOrder.objects.values_list("status", flat=True))
    assert statuses["done"] > 0.9 * sum(statuses.values())
    assert statuses["planned"] > 0
    assert statuses["in_progress"] > 0
    assert WorkOrder.objects.filter(planned_date__gt=TODAY, status="planned").exists()
    assert not WorkOrder.objects.filter(
        planned_date__lt=TODAY - dt.timedelta(days=3 * 366)
    ).exists()

    # Every order's history ends in its state; done orders went the whole way.
    last = dict(
        WorkOrderStatusChange.objects.order_by("work_order_id", "at", "pk").values_list(
            "work_order_id", "to_status"
        )
    )
    assert last == dict(WorkOrder.objects.values_list("pk", "status"))
    done = WorkOrder.objects.filter(status="done").first()
    assert done is not None
    assert work_order_billable_lines(done)
    assert set(ctx.data["work_orders_done"]) == set(
        WorkOrder.objects.filter(status="done").values_list("pk", flat=True)
    )
