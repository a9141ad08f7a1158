"""Profit and loss from the posted vouchers: per cost centre, unit, business area,
municipality and consolidated; per month, year to date, trailing 12 months; against the
previous year and the budget.

Revenue is accounts 3000-3999 shown as a positive figure, costs 4000-8999, result the
difference. Everything is summed by the database in one grouped query per question; the
names of cost centres and units come from one more query. Every figure leaves here rounded
to öre (SQLite sums decimals as floating point), and every line carries a label to show;
its ``key`` is for sorting and the API, never for the screen."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koop.core.money import ZERO, round_money
from koop.ledger.models import Budget, FiscalYear, LedgerObject, VoucherRow
from koop.ledger.models.accounts import COST_CENTRE_DIMENSION
from koop.organisation.models import Unit

REVENUE = Q(account_id__gte=3000, account_id__lte=3999)
COSTS = Q(account_id__gte=4000, account_id__lte=8999)
NET_TURNOVER = Q(account_id__gte=3000, account_id__lte=3799)


# How the all-units report groups its lines, with the words shown for each.
GROUPINGS: dict[str, Promise] = {
    "unit": gettext_lazy("Unit"),
    "cost_centre": gettext_lazy("Cost centre"),
    "business_area": gettext_lazy("Business area"),
    "municipality": gettext_lazy("Municipality"),
    "consolidated": gettext_lazy("The group, consolidated"),
}


@dataclass
class Line:
    key: str
    label: str
    revenue: Decimal = ZERO
    costs: Decimal = ZERO
    unit_id: int | None = None
    cost_centre_ids: list[int] = field(default_factory=list)
    # The cost centre code(s) people know the line by; empty where there is none.
    code: str = ""

    @property
    def result(self) -> Decimal:
        return self.revenue - self.costs

    @property
    def unassigned(self) -> bool:
        """The line of what belongs to no unit, municipality, area or cost centre."""
        return self.key in (NONE, NO_COST_CENTRE)

    def add(self, revenue: Decimal, costs: Decimal) -> None:
        self.revenue += revenue
        self.costs += costs

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "label": self.label,
            "revenue": str(self.revenue),
            "costs": str(self.costs),
            "result": str(self.result),
        }


def period_of_year(year: int) -> tuple[dt.date, dt.date]:
    fiscal = FiscalYear.objects.filter(start__year=year).order_by("start").first()
    if fiscal is not None:
        return fiscal.start, fiscal.end
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def posted_rows(start: dt.date, end: dt.date) -> QuerySet[VoucherRow]:
    return VoucherRow.objects.filter(
        voucher__posted=True, voucher__date__gte=start, voucher__date__lte=end
    )


def _sums(rows: QuerySet[VoucherRow], *group: str) -> list[dict[str, object]]:
    return list(
        rows.filter(account_id__gte=3000, account_id__lte=8999)
        .values(*group)
        .annotate(revenue=Sum("amount", filter=REVENUE), costs=Sum("amount", filter=COSTS))
        .order_by(*group)
    )


def _revenue_costs(row: dict[str, object]) -> tuple[Decimal, Decimal]:
    revenue = row["revenue"] or ZERO
    costs = row["costs"] or ZERO
    assert isinstance(revenue, Decimal)
    assert isinstance(costs, Decimal)
    # SQLite sums decimals as floating point: round back to öre here, once.
    return round_money(-revenue), round_money(costs)


@dataclass(frozen=True)
class CostCentreInfo:
    code: str
    name: str
    unit_id: int | None
    unit_name: str
    municipality: str
    business_area_ids: tuple[int, ...]


def cost_centres() -> dict[int, CostCentreInfo]:
    """Every cost centre (dimension 1) with the unit it is mapped to, if any."""
    objects = LedgerObject.objects.filter(dimension_id=COST_CENTRE_DIMENSION).select_related(
        "mapping__unit__municipality"
    )
    areas: dict[int, list[int]] = defaultdict(list)
    for unit_id, area_id in Unit.business_areas.through.objects.values_list(
        "unit_id", "businessarea_id"
    ):
        areas[unit_id].append(area_id)
    out = {}
    for obj in objects:
        mapping = getattr(obj, "mapping", None)
        unit = mapping.unit if mapping is not None else None
        out[obj.pk] = CostCentreInfo(
            code=obj.code,
            name=obj.name,
            unit_id=unit.pk if unit else None,
            unit_name=unit.name if unit else "",
            municipality=unit.municipality.name if unit else "",
            business_area_ids=tuple(sorted(areas.get(unit.pk, []))) if unit else (),
        )
    return out


def cost_centre_ids_for_units(unit_ids: Iterable[int]) -> list[int]:
    return list(
        LedgerObject.objects.filter(
            dimension_id=COST_CENTRE_DIMENSION, mapping__unit_id__in=list(unit_ids)
        ).values_list("pk", flat=True)
    )


NO_COST_CENTRE = "—"
NONE = "none"


def pnl_by_cost_centre(
    *, start: dt.date, end: dt.date, cost_centre_ids: list[int] | None = None
) -> list[Line]:
    """Per cost-centre code, mapped to a unit or not; rows without one as their own line."""
    rows = posted_rows(start, end)
    if cost_centre_ids is not None:
        rows = rows.filter(cost_centre_id__in=cost_centre_ids)
    info = cost_centres()
    lines = []
    for row in _sums(rows, "cost_centre_id"):
        revenue, costs = _revenue_costs(row)
        cc = row["cost_centre_id"]
        if cc is None:
            line = Line(NO_COST_CENTRE, _("(no cost centre)"))
        else:
            assert isinstance(cc, int)
            i = info[cc]
            line = Line(
                i.code,
                i.unit_name or i.name or i.code,
                unit_id=i.unit_id,
                cost_centre_ids=[cc],
                code=i.code,
            )
        line.add(revenue, costs)
        lines.append(line)
    lines.sort(key=lambda ln: (ln.key == NO_COST_CENTRE, ln.key))
    return lines


def pnl_grouped(
    *, by: str, start: dt.date, end: dt.date, cost_centre_ids: list[int] | None = None
) -> list[Line]:
    """``by`` is "unit", "municipality", "business_area" or "consolidated"."""
    from koop.organisation.models import BusinessArea

    rows = posted_rows(start, end)
    if cost_centre_ids is not None:
        rows = rows.filter(cost_centre_id__in=cost_centre_ids)
    info = cost_centres()
    lines: dict[str, Line] = {}
    area_names = dict(BusinessArea.objects.values_list("pk", "name"))

    def line(key: str, label: str) -> Line:
        if key not in lines:
            lines[key] = Line(key, label)
        return lines[key]

    group = ["cost_centre_id", "business_area_id"] if by == "business_area" else ["cost_centre_id"]
    for row in _sums(rows, *group):
        revenue, costs = _revenue_costs(row)
        cc = row["cost_centre_id"]
        i = info.get(cc) if isinstance(cc, int) else None
        if by == "consolidated":
            target = line("all", _("The group"))
        elif by == "unit":
            target = (
                line(f"unit:{i.unit_id}", i.unit_name)
                if i and i.unit_id
                else line(NONE, _("(no unit)"))
            )
            if i and i.unit_id:
                target.unit_id = i.unit_id
                if i.code not in target.code.split(", "):
                    target.code = ", ".join(c for c in (target.code, i.code) if c)
        elif by == "municipality":
            target = (
                line(i.municipality, i.municipality)
                if i and i.municipality
                else line(NONE, _("(no municipality)"))
            )
        else:
            area = row.get("business_area_id")
            if area is None and i is not None and len(i.business_area_ids) == 1:
                area = i.business_area_ids[0]
            target = (
                line(f"area:{area}", area_names.get(area, _("(no business area)")))
                if isinstance(area, int)
                else line(NONE, _("(no business area)"))
            )
        target.add(revenue, costs)
    return sorted(lines.values(), key=lambda ln: (ln.key == NONE, ln.label))


@dataclass(frozen=True)
class AccountTotal:
    account: int
    name: str
    total: Decimal


def account_totals(
    *, start: dt.date, end: dt.date, cost_centre_ids: list[int]
) -> list[AccountTotal]:
    """The result accounts (3000 and up) of the cost centres, summed, in account order."""
    rows = (
        posted_rows(start, end)
        .filter(cost_centre_id__in=cost_centre_ids, account_id__gte=3000)
        .values("account_id", "account__name")
        .order_by("account_id")
        .annotate(total=Sum("amount"))
    )
    return [
        AccountTotal(row["account_id"], row["account__name"], round_money(row["total"] or ZERO))
        for row in rows
    ]


@dataclass
class Month:
    month: dt.date
    revenue: Decimal = ZERO
    costs: Decimal = ZERO
    previous_revenue: Decimal = ZERO
    previous_costs: Decimal = ZERO
    budget_revenue: Decimal = ZERO
    budget_costs: Decimal = ZERO

    @property
    def result(self) -> Decimal:
        return self.revenue - self.costs

    @property
    def previous_result(self) -> Decimal:
        return self.previous_revenue - self.previous_costs

    @property
    def budget_result(self) -> Decimal:
        return self.budget_revenue - self.budget_costs


def _month_sums(
    start: dt.date, end: dt.date, cc: list[int] | None
) -> dict[dt.date, tuple[Decimal, Decimal]]:
    rows = posted_rows(start, end)
    if cc is not None:
        rows = rows.filter(cost_centre_id__in=cc)
    out = {}
    for row in _sums(rows.annotate(month=TruncMonth("voucher__date")), "month"):
        month = row["month"]
        assert isinstance(month, dt.date)
        out[month.replace(day=1) if isinstance(month, dt.date) else month] = _revenue_costs(row)
    return out


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def monthly(*, start: dt.date, end: dt.date, cost_centre_ids: list[int] | None) -> list[Month]:
    """Per month of ``start``-``end``: actual, the same month a year before, and budget."""
    now = _month_sums(start, end, cost_centre_ids)
    before = _month_sums(_shift_year(start, -1), _shift_year(end, -1), cost_centre_ids)
    budget_rows = Budget.objects.filter(month__gte=start, month__lte=end)
    if cost_centre_ids is not None:
        budget_rows = budget_rows.filter(cost_centre_id__in=cost_centre_ids)
    budget: dict[dt.date, tuple[Decimal, Decimal]] = {}
    for row in (
        budget_rows.values("month")
        .annotate(revenue=Sum("amount", filter=REVENUE), costs=Sum("amount", filter=COSTS))
        .order_by("month")
    ):
        month = row["month"]
        budget[month] = _revenue_costs(row)
    out = []
    for month in months_between(start, end):
        m = Month(month)
        m.revenue, m.costs = now.get(month, (ZERO, ZERO))
        m.previous_revenue, m.previous_costs = before.get(_shift_year(month, -1), (ZERO, ZERO))
        m.budget_revenue, m.budget_costs = budget.get(month, (ZERO, ZERO))
        out.append(m)
    return out


def turnover_12m(*, on: dt.date, cost_centre_ids: list[int] | None = None) -> Decimal:
    """Net turnover (3000-3799) of the twelve months ending ``on``; 0 for an empty ledger."""
    start = _shift_year(on, -1) + dt.timedelta(days=1)
    rows = posted_rows(start, on).filter(NET_TURNOVER)
    if cost_centre_ids is not None:
        rows = rows.filter(cost_centre_id__in=cost_centre_ids)
    total = rows.aggregate(t=Sum("amount"))["t"]
    return round_money(-(total or ZERO))


def unit_turnover(*, cost_centre_id: int, start: dt.date, end: dt.date) -> Decimal:
    total = (
        posted_rows(start, end)
        .filter(NET_TURNOVER, cost_centre_id=cost_centre_id)
        .aggregate(t=Sum("amount"))["t"]
    )
    return round_money(-(total or ZERO))
