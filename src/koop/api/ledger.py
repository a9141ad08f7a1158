"""The ledger's JSON API: accounts, fiscal years, vouchers, reports, SIE export, levy runs."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from koop.core.access import Principal, principal_of
from koop.ledger.access import (
    access_central_ledger,
    access_ledger,
    access_voucher,
    visible_cost_centre_ids,
    voucher_rows_seen,
)
from koop.ledger.levy import levy_run
from koop.ledger.models import LevyEntry, Voucher
from koop.ledger.reports import period_of_year, pnl_by_cost_centre
from koop.ledger.selectors import account_list, fiscal_year_list, voucher_list
from koop.ledger.services import RowSpec, voucher_post, voucher_reverse

router = Router(tags=["ledger"])


class AccountOut(Schema):
    number: int
    name: str
    kind: str


class FiscalYearOut(Schema):
    id: int
    start: dt.date
    end: dt.date
    locked_until: dt.date | None


class RowIn(Schema):
    account: int
    amount: Decimal
    cost_centre_id: int | None = None
    project_id: int | None = None
    text: str = ""


class RowOut(Schema):
    account: int
    amount: Decimal
    cost_centre: str | None
    project: str | None
    text: str


class VoucherIn(Schema):
    date: dt.date
    series: str = "A"
    text: str
    rows: list[RowIn]


class VoucherOut(Schema):
    id: int
    series: str
    number: int
    date: dt.date
    text: str
    source: str
    reverses_id: int | None


class VoucherDetailOut(VoucherOut):
    rows: list[RowOut]
    # A unit leader sees their own units' rows; the rest summed (None: all rows shown).
    other_units: Decimal | None = None


class ReportLineOut(Schema):
    cost_centre: str | None
    name: str
    unit_id: int | None
    revenue: Decimal
    costs: Decimal
    result: Decimal


class LevyRunIn(Schema):
    period: str  # YYYY-MM


class LevyEntryOut(Schema):
    period: dt.date
    cost_centre: str
    turnover: Decimal
    rate: Decimal
    amount: Decimal
    voucher_id: int


def _voucher_out(v: Voucher) -> dict[str, object]:
    return {
        "id": v.pk,
        "series": v.series.code,
        "number": v.number,
        "date": v.date,
        "text": v.text,
        "source": v.source,
        "reverses_id": v.reverses_id,
    }


def _detail(v: Voucher, principal: Principal) -> dict[str, object]:
    seen = voucher_rows_seen(principal, v)
    return {
        **_voucher_out(v),
        "other_units": seen.others,
        "rows": [
            {
                "account": r.account_id,
                "amount": r.amount,
                "cost_centre": r.cost_centre.code if r.cost_centre else None,
                "project": r.project.code if r.project else None,
                "text": r.text,
            }
            for r in seen.rows
        ],
    }


@router.get("/accounts", response=list[AccountOut])
def accounts(request: HttpRequest) -> object:
    access_ledger(principal_of(request))
    return list(account_list())


@router.get("/fiscal-years", response=list[FiscalYearOut])
def fiscal_years(request: HttpRequest) -> object:
    access_ledger(principal_of(request))
    return list(fiscal_year_list())


@router.get("/vouchers", response=list[VoucherOut])
def vouchers(request: HttpRequest, limit: int = 100, offset: int = 0) -> object:
    principal = principal_of(request)
    access_ledger(principal)
    rows = voucher_list(cost_centre_ids=visible_cost_centre_ids(principal))
    return [_voucher_out(v) for v in rows[offset : offset + min(limit, 500)]]


@router.get("/vouchers/{voucher_id}", response=VoucherDetailOut)
def voucher_get(request: HttpRequest, voucher_id: int) -> object:
    principal = principal_of(request)
    return _detail(access_voucher(principal, voucher_id), principal)


@router.post("/vouchers", response={201: VoucherDetailOut})
def voucher_create(request: HttpRequest, payload: VoucherIn) -> object:
    principal = principal_of(request)
    access_ledger(principal, write=True)
    voucher = voucher_post(
        voucher_date=payload.date,
        series=payload.series[:10] or "A",
        text=payload.text,
        rows=[
            RowSpec(
                account=r.account,
                amount=r.amount,
                cost_centre_id=r.cost_centre_id,
                project_id=r.project_id,
                text=r.text,
            )
            for r in payload.rows
        ],
        acting_user=request.user,
    )
    return 201, _detail(voucher, principal)


@router.post("/vouchers/{voucher_id}/reversal", response={201: VoucherDetailOut})
def voucher_reversal(request: HttpRequest, voucher_id: int) -> object:
    principal = principal_of(request)
    voucher = access_voucher(principal, voucher_id, write=True)
    return 201, _detail(voucher_reverse(voucher=voucher, acting_user=request.user), principal)


@router.get("/reports/units", response=list[ReportLineOut])
def report_units(request: HttpRequest, year: int) -> object:
    principal = principal_of(request)
    access_ledger(principal)
    start, end = period_of_year(year)
    lines = pnl_by_cost_centre(
        start=start, end=end, cost_centre_ids=visible_cost_centre_ids(principal)
    )
    return [
        {
            "cost_centre": ln.key if ln.cost_centre_ids else None,
            "name": ln.label,
            "unit_id": ln.unit_id,
            "revenue": ln.revenue,
            "costs": ln.costs,
            "result": ln.result,
        }
        for ln in lines
    ]


@router.get("/sie-export")
def sie_export(request: HttpRequest, year: int, type: str = "4E") -> HttpResponse:
    from koop.core.errors import KoopValidationError
    from koop.ledger.sie.exporter import write_sie, year_by_label

    access_ledger(principal_of(request), write=True)
    fiscal = year_by_label(str(year))
    if fiscal is None:
        raise KoopValidationError("No such fiscal year.", field="year")
    buffer = io.BytesIO()
    write_sie(buffer, year=fiscal, sie_type="4I" if type == "4I" else "4E")
    return HttpResponse(buffer.getvalue(), content_type="application/octet-stream")


@router.get("/levy-runs", response=list[LevyEntryOut])
def levy_entries(request: HttpRequest) -> object:
    access_central_ledger(principal_of(request))
    return [
        {
            "period": e.period,
            "cost_centre": e.cost_centre.code,
            "turnover": e.turnover,
            "rate": e.rate,
            "amount": e.amount,
            "voucher_id": e.voucher_id,
        }
        for e in LevyEntry.objects.select_related("cost_centre").order_by("-period")[:500]
    ]


@router.post("/levy-runs", response={201: list[LevyEntryOut]})
def levy_run_create(request: HttpRequest, payload: LevyRunIn) -> object:
    from koop.core.errors import KoopValidationError

    access_ledger(principal_of(request), write=True)
    try:
        period = dt.datetime.strptime(payload.period, "%Y-%m").date()
    except ValueError:
        raise KoopValidationError("The period is YYYY-MM.", field="period") from None
    entries = levy_run(period=period, acting_user=request.user)
    return 201, [
        {
            "period": e.period,
            "cost_centre": e.cost_centre.code,
            "turnover": e.turnover,
            "rate": e.rate,
            "amount": e.amount,
            "voucher_id": e.voucher_id,
        }
        for e in entries
    ]
