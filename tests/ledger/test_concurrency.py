"""Postings stay right when many post at once: voucher numbers stay gapless, a month's levy
is charged once, a board decision pays out once and two payouts cannot spend the same money.
On PostgreSQL the callers are threads, each on its own connection; SQLite has one writer at
a time, so there the same calls run one after another."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection, connections

from koop.core.errors import KoopValidationError
from koop.ledger.levy import (
    fund_balance,
    fund_grant,
    levy_rate_set,
    levy_run,
    levy_share_set,
    pool_payout,
)
from koop.ledger.models import FiscalYear, Fund, FundMovement, LevyEntry, Voucher, VoucherSource
from koop.ledger.services import RowSpec, cost_centre_for_unit, voucher_post, voucher_post_sale
from koop.organisation.models import Unit
from tests.personas import World, build_world

POSTINGS = 20


def _post_one(errors: list[BaseException]) -> None:
    try:
        voucher_post(
            voucher_date=dt.date(2024, 5, 1),
            series="K",
            text="samtidigt",
            rows=[RowSpec(1510, Decimal("125.00")), RowSpec(3001, Decimal("-125.00"))],
            acting_user=None,
        )
    except BaseException as error:  # reported by the test below
        errors.append(error)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("immutable_rows_removed_afterwards")
def test_post_assigns_gapless_numbers_under_concurrency() -> None:
    FiscalYear.objects.create(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    errors: list[BaseException] = []
    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=_post_one, args=(errors,)) for _ in range(POSTINGS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    else:
        for _ in range(POSTINGS):
            _post_one(errors)
    assert errors == []
    numbers = sorted(Voucher.objects.filter(series__code="K").values_list("number", flat=True))
    assert numbers == list(range(1, POSTINGS + 1))


# --- the levy, the pool and the fund ---------------------------------------------------

CALLERS = 10


def _together(call: Callable[[], object]) -> tuple[list[object], list[BaseException]]:
    """``call`` made by CALLERS threads at once, each on its own connection (PostgreSQL), or
    one after another (SQLite, one writer at a time): what each returned or raised."""
    results: list[object] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(CALLERS)

    def one(wait: bool) -> None:
        try:
            if wait:
                barrier.wait()
            results.append(call())
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            if wait:
                connections.close_all()

    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=one, args=(True,)) for _ in range(CALLERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    else:
        for _ in range(CALLERS):
            one(False)
    return results, errors


def _books_with_levy(world: World) -> None:
    FiscalYear.objects.create(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    levy_rate_set(
        valid_from=dt.date(2024, 1, 1), rate=Decimal(15), decision_ref="Stämma §7", acting_user=None
    )
    levy_share_set(
        valid_from=dt.date(2024, 1, 1),
        pool_percent=Decimal(50),
        fund_percent=Decimal(50),
        decision_ref="Stämma §8",
        acting_user=None,
    )
    _sale(world, world.unit_a, "100000.00", "1001", dt.date(2024, 3, 10))
    _sale(world, world.unit_b, "20000.00", "1002", dt.date(2024, 3, 10))


def _sale(world: World, unit: Unit, net: str, ref: str, day: dt.date) -> None:
    voucher_post_sale(
        cooperative=world.cooperative,
        voucher_date=day,
        unit=unit,
        reference=ref,
        text="Faktura",
        receivable=Decimal(net) * Decimal("1.25"),
        revenue=[(None, Decimal(25), Decimal(net))],
        vat=[(Decimal(25), Decimal(net) * Decimal("0.25"))],
        credit_note=False,
        acting_user=None,
    )


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("immutable_rows_removed_afterwards")
def test_levy_run_posts_once_when_ten_run_the_same_month_at_once() -> None:
    world = build_world()
    _books_with_levy(world)
    # February was levied before: the central cost centre and the levy series exist, so
    # nothing made on a first run happens to queue the callers.
    _sale(world, world.unit_a, "1000.00", "1000", dt.date(2024, 2, 10))
    levy_run(period=dt.date(2024, 2, 1), acting_user=None)
    results, errors = _together(lambda: levy_run(period=dt.date(2024, 3, 1), acting_user=None))
    assert errors == []
    assert sorted(len(r) for r in results if isinstance(r, list)) == [0] * (CALLERS - 1) + [2]
    march = Voucher.objects.filter(source=VoucherSource.LEVY, date=dt.date(2024, 3, 31))
    assert march.count() == 1
    charged = dict(
        LevyEntry.objects.filter(period=dt.date(2024, 3, 1)).values_list(
            "cost_centre__code", "amount"
        )
    )
    assert charged == {"110": Decimal("15000.00"), "120": Decimal("3000.00")}
    assert fund_balance(Fund.POOL) == Decimal("9075.00")


def _unit_b_in_deficit(world: World) -> None:
    _books_with_levy(world)
    levy_run(period=dt.date(2024, 3, 1), acting_user=None)
    voucher_post(
        voucher_date=dt.date(2024, 3, 5),
        series="A",
        text="Hyra",
        acting_user=None,
        rows=[
            RowSpec(
                5010, Decimal("50000.00"), cost_centre_id=cost_centre_for_unit(world.unit_b).pk
            ),
            RowSpec(1930, Decimal("-50000.00")),
        ],
    )


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("immutable_rows_removed_afterwards")
@pytest.mark.parametrize("kind", ["pool_payout", "fund_grant"])
def test_one_decision_pays_out_once_when_ten_post_it_at_once(kind: str) -> None:
    world = build_world()
    _unit_b_in_deficit(world)

    def post() -> object:
        if kind == "pool_payout":
            return pool_payout(
                unit=world.unit_b,
                amount=Decimal("2000.00"),
                day=dt.date(2024, 4, 1),
                decision_ref="Styrelsen 2024-04-02 § 3",
                acting_user=None,
            )
        return fund_grant(
            unit=world.unit_b,
            recipient="",
            amount=Decimal("2000.00"),
            day=dt.date(2024, 4, 1),
            decision_ref="Styrelsen 2024-04-02 § 3",
            acting_user=None,
        )

    results, errors = _together(post)
    assert len(results) == 1
    assert len(errors) == CALLERS - 1
    assert all(isinstance(e, KoopValidationError) for e in errors), errors
    assert {e.problems[0].field for e in errors if isinstance(e, KoopValidationError)} == {
        "decision_ref"
    }
    fund = Fund.POOL if kind == "pool_payout" else Fund.FUND
    assert FundMovement.objects.filter(fund=fund, amount__lt=0).count() == 1
    assert Voucher.objects.filter(source=VoucherSource.FUND).count() == 1
    assert fund_balance(fund) == Decimal("7000.00")


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("immutable_rows_removed_afterwards")
def test_two_decisions_at_once_cannot_spend_the_same_money() -> None:
    world = build_world()
    _unit_b_in_deficit(world)  # 9 000 kr in the pool
    decisions = iter(f"Styrelsen 2024-04-02 § {n}" for n in range(1, CALLERS + 1))
    lock = threading.Lock()

    def post() -> object:
        with lock:
            decision = next(decisions)
        return pool_payout(
            unit=world.unit_b,
            amount=Decimal("2000.00"),
            day=dt.date(2024, 4, 1),
            decision_ref=decision,
            acting_user=None,
        )

    results, errors = _together(post)
    assert len(results) == 4  # 4 x 2 000 of 9 000
    assert all(isinstance(e, KoopValidationError) for e in errors), errors
    assert fund_balance(Fund.POOL) == Decimal("1000.00")
