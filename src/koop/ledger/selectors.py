"""Reads of the books."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet, Sum

from koop.core.money import ZERO
from koop.ledger.levy import CENTRAL_COST_CENTRE, month_end
from koop.ledger.models import (
    Account,
    Budget,
    FiscalYear,
    FortnoxConnection,
    ImportJob,
    ImportStatus,
    LevyMonth,
    Voucher,
    VoucherRow,
)
from koop.ledger.reports import (
    COSTS,
    NET_TURNOVER,
    REVENUE,
    _revenue_costs,
    _sums,
    cost_centres,
    pnl_grouped,
    posted_rows,
    turnover_12m,
)


def voucher_list(*, cost_centre_ids: list[int] | None) -> QuerySet[Voucher]:
    """Posted vouchers, newest first; limited to those touching ``cost_centre_ids``."""
    vouchers = Voucher.objects.filter(posted=True).select_related("series", "fiscal_year")
    if cost_centre_ids is not None:
        vouchers = vouchers.filter(
            pk__in=VoucherRow.objects.filter(cost_centre_id__in=cost_centre_ids).values(
                "voucher_id"
            )
        )
    return vouchers.order_by("-date", "-pk")


def account_list() -> QuerySet[Account]:
    return Account.objects.filter(active=True).order_by("number")


def fiscal_year_list() -> QuerySet[FiscalYear]:
    return FiscalYear.objects.order_by("-start")


def group_turnover_12m(*, on: dt.date) -> Decimal:
    """The group's net turnover of the twelve months ending ``on`` (0 in empty books)."""
    return turnover_12m(on=on)


# --- what central finance's and the regional manager's homes show ------------------------


@dataclass(frozen=True)
class UnitResult:
    """A unit's result over a period, and its budgeted result (None: no budget)."""

    unit_id: int
    name: str
    result: Decimal
    budget: Decimal | None = None

    @property
    def behind_by(self) -> Decimal:
        return (self.budget or ZERO) - self.result


def units_in_deficit(
    *, start: dt.date, end: dt.date, cost_centre_ids: list[int] | None = None
) -> list[UnitResult]:
    """Units whose costs exceed their revenue from ``start`` to ``end``, the largest
    deficit first; of ``cost_centre_ids`` (None: every cost centre). Four queries."""
    lines = pnl_grouped(by="unit", start=start, end=end, cost_centre_ids=cost_centre_ids)
    deficits = [
        UnitResult(line.unit_id, line.label, line.result)
        for line in lines
        if line.unit_id is not None and line.result < ZERO
    ]
    return sorted(deficits, key=lambda u: (u.result, u.name))


def units_behind_budget(
    *, start: dt.date, end: dt.date, cost_centre_ids: list[int] | None = None
) -> list[UnitResult]:
    """Units with a budget for ``start`` to ``end`` whose result falls short of it, the
    furthest behind first. Four queries."""
    budget_rows = Budget.objects.filter(
        month__gte=start.replace(day=1), month__lte=end, account_id__gte=3000, account_id__lte=8999
    )
    actual_rows = posted_rows(start, end)
    if cost_centre_ids is not None:
        budget_rows = budget_rows.filter(cost_centre_id__in=cost_centre_ids)
        actual_rows = actual_rows.filter(cost_centre_id__in=cost_centre_ids)
    budgeted = (
        budget_rows.values("cost_centre_id")
        .annotate(revenue=Sum("amount", filter=REVENUE), costs=Sum("amount", filter=COSTS))
        .order_by("cost_centre_id")
    )
    info = cost_centres()
    names: dict[int, str] = {}
    budget: dict[int, Decimal] = defaultdict(lambda: ZERO)
    actual: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for rows, into in ((list(budgeted), budget), (_sums(actual_rows, "cost_centre_id"), actual)):
        for row in rows:
            centre = (
                info.get(row["cost_centre_id"]) if isinstance(row["cost_centre_id"], int) else None
            )
            if centre is None or centre.unit_id is None:
                continue
            revenue, costs = _revenue_costs(row)
            into[centre.unit_id] += revenue - costs
            names[centre.unit_id] = centre.unit_name
    behind = [
        UnitResult(unit_id, names[unit_id], actual[unit_id], planned)
        for unit_id, planned in budget.items()
        if actual[unit_id] < planned
    ]
    return sorted(behind, key=lambda u: (-u.behind_by, u.name))


def levy_not_run(*, on: dt.date) -> dt.date | None:
    """The month before ``on`` (its first day) when its levy has not been run although
    units had net turnover in it; None when it has been run (every run leaves its month's
    row, even one that posts nothing, and the migration made them for earlier runs) or there
    was nothing to levy."""
    period = (on.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    if LevyMonth.objects.filter(period=period).exists():
        return None
    turnover = (
        posted_rows(period, month_end(period))
        .filter(NET_TURNOVER, cost_centre__mapping__isnull=False)
        .exclude(cost_centre__code=CENTRAL_COST_CENTRE)
    )
    return period if turnover.exists() else None


def import_jobs_failed() -> QuerySet[ImportJob]:
    """SIE import jobs that failed and whose file has not been imported since, the newest
    first."""
    imported_later = ImportJob.objects.filter(
        file_name=OuterRef("file_name"),
        status=ImportStatus.DONE,
        dry_run=False,
        pk__gt=OuterRef("pk"),  # made after it
    )
    return (
        ImportJob.objects.filter(status=ImportStatus.FAILED)
        .exclude(Exists(imported_later))
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )


def fortnox_failure() -> FortnoxConnection | None:
    """The Fortnox link, when its last transfer failed."""
    return FortnoxConnection.objects.exclude(last_error="").order_by("pk").first()
