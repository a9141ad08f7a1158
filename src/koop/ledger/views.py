"""Ledger pages: vouchers, reports, SIE import/export, mapping, levy, pool and fund."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from koop.core.access import Role, principal_of, require
from koop.core.errors import KoopValidationError
from koop.core.forms import add_service_errors
from koop.ledger import levy as levy_services
from koop.ledger.access import (
    access_central_ledger,
    access_ledger,
    access_unit_report,
    access_voucher,
    visible_cost_centre_ids,
    voucher_rows_seen,
)
from koop.ledger.budget import budget_import, budget_read
from koop.ledger.charts import bar_chart, month_label
from koop.ledger.exports import lines_csv, lines_pdf, lines_xlsx
from koop.ledger.forms import LevyRunForm
from koop.ledger.models import (
    Account,
    FiscalYear,
    Fund,
    FundMovement,
    LedgerObject,
    LevyEntry,
    LevyRate,
    Loan,
    ObjectMapping,
)
from koop.ledger.models.accounts import COST_CENTRE_DIMENSION
from koop.ledger.reports import (
    GROUPINGS,
    Line,
    account_totals,
    cost_centre_ids_for_units,
    monthly,
    period_of_year,
    pnl_by_cost_centre,
    pnl_grouped,
    posted_rows,
    turnover_12m,
)
from koop.ledger.selectors import voucher_list
from koop.ledger.services import object_map, voucher_reverse
from koop.organisation.models import Unit


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    access_ledger(principal)
    return render(request, "ledger/home.html", {"years": FiscalYear.objects.all()})


@login_required
def voucher_list_view(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    access_ledger(principal)
    vouchers = voucher_list(cost_centre_ids=visible_cost_centre_ids(principal))
    page = Paginator(vouchers, 50).get_page(request.GET.get("page"))
    return render(request, "ledger/voucher_list.html", {"page": page})


@login_required
def voucher_detail_view(request: HttpRequest, voucher_id: int) -> HttpResponse:
    principal = principal_of(request)
    voucher = access_voucher(principal, voucher_id)
    seen = voucher_rows_seen(principal, voucher)
    return render(
        request,
        "ledger/voucher_detail.html",
        {"voucher": voucher, "rows": seen.rows, "seen": seen},
    )


@login_required
@require_POST
def voucher_reverse_view(request: HttpRequest, voucher_id: int) -> HttpResponse:
    voucher = access_voucher(principal_of(request), voucher_id, write=True)
    try:
        reversal = voucher_reverse(voucher=voucher, acting_user=request.user)
    except KoopValidationError as error:
        messages.error(request, str(error.problems[0].message))
        return redirect("ledger:voucher-detail", voucher_id=voucher.pk)
    return redirect("ledger:voucher-detail", voucher_id=reversal.pk)


CHART_TITLES = {
    "unit": gettext_lazy("Result %(year)s per unit"),
    "cost_centre": gettext_lazy("Result %(year)s per cost centre"),
    "business_area": gettext_lazy("Result %(year)s per business area"),
    "municipality": gettext_lazy("Result %(year)s per municipality"),
    "consolidated": gettext_lazy("Result %(year)s for the group"),
}
EXPORTS = {
    "csv": ("csv", "text/csv"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": ("pdf", "application/pdf"),
}


def _export(
    fmt: str, lines: list[Line], *, title: str, name: str, headings: tuple[str, str]
) -> HttpResponse:
    suffix, content_type = EXPORTS[fmt]
    if fmt == "csv":
        data = lines_csv(lines, headings=headings)
    elif fmt == "xlsx":
        data = lines_xlsx(lines, title=title, headings=headings)
    else:
        data = lines_pdf(lines, title=title, headings=headings)
    return _download(data, f"{name}.{suffix}", content_type)


@login_required
def report_units_view(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    access_ledger(principal)
    year = _year(request)
    by = request.GET.get("by", "unit")
    if by not in GROUPINGS:
        by = "unit"
    start, end = period_of_year(year)
    ids = visible_cost_centre_ids(principal)
    lines = (
        pnl_by_cost_centre(start=start, end=end, cost_centre_ids=ids)
        if by == "cost_centre"
        else pnl_grouped(by=by, start=start, end=end, cost_centre_ids=ids)
    )
    grouping = str(GROUPINGS[by])
    title = f"{_('Profit and loss')} {year}"
    fmt = request.GET.get("format", "")
    if fmt in EXPORTS:
        return _export(
            fmt,
            lines,
            title=f"{title}: {grouping}",
            name=f"resultat-{year}",
            headings=(_("Cost centre"), grouping),
        )
    # The chart ranks the units (or municipalities, areas): what belongs to none of them,
    # the central cost centre above all, would dwarf every bar and is in the table only.
    charted = sorted(
        (ln for ln in lines if not ln.unassigned and (by != "cost_centre" or ln.unit_id)),
        key=lambda ln: -ln.result,
    )
    chart_title = str(CHART_TITLES[by]) % {"year": year}
    chart = bar_chart(
        [(ln.label, ln.result) for ln in charted], title=chart_title, chart_id="result-chart"
    )
    return render(
        request,
        "ledger/report_units.html",
        {
            "lines": lines,
            "year": year,
            "by": by,
            "grouping": grouping,
            "groupings": list(GROUPINGS.items()),
            "chart": mark_safe(chart) if charted else "",  # noqa: S308  # escaped by bar_chart
            "chart_title": chart_title,
            "left_out": len(lines) - len(charted),
        },
    )


def _download(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def report_unit_view(request: HttpRequest, unit_id: int) -> HttpResponse:
    principal = principal_of(request)
    unit = access_unit_report(principal, unit_id)
    year = _year(request)
    start, end = period_of_year(year)
    ids = cost_centre_ids_for_units([unit.pk])
    months = monthly(start=start, end=end, cost_centre_ids=ids)
    fmt = request.GET.get("format", "")
    if fmt in EXPORTS:
        lines = [
            Line(
                f"{m.month:%Y-%m}",
                unit.name,
                revenue=m.revenue,
                costs=m.costs,
                unit_id=unit.pk,
                code=f"{m.month:%Y-%m}",
            )
            for m in months
        ]
        return _export(
            fmt,
            lines,
            title=f"{unit.name} {year}",
            name=f"resultat-{year}-{slugify(unit.name) or unit.pk}",
            headings=(_("Month"), _("Unit")),
        )
    today = timezone.localdate()
    ytd_end = min(end, today)
    ytd = [m for m in months if m.month <= ytd_end]
    chart_title = _("Result per month, %(unit)s %(year)s") % {"unit": unit.name, "year": year}
    chart = bar_chart(
        [(month_label(m.month), m.result) for m in months],
        title=chart_title,
        chart_id="month-chart",
    )
    return render(
        request,
        "ledger/report_unit.html",
        {
            "unit": unit,
            "year": year,
            "months": months,
            "ytd_result": sum((m.result for m in ytd), Decimal(0)),
            "ytd_budget": sum((m.budget_result for m in ytd), Decimal(0)),
            "ytd_previous": sum((m.previous_result for m in ytd), Decimal(0)),
            "t12m": turnover_12m(on=today, cost_centre_ids=ids),
            "accounts": account_totals(start=start, end=end, cost_centre_ids=ids),
            "chart": mark_safe(chart),  # noqa: S308  # escaped by bar_chart
            "chart_title": chart_title,
        },
    )


@login_required
def report_drilldown_view(request: HttpRequest, unit_id: int, account: int) -> HttpResponse:
    principal = principal_of(request)
    unit = access_unit_report(principal, unit_id)
    year = _year(request)
    start, end = period_of_year(year)
    rows = (
        posted_rows(start, end)
        .filter(cost_centre_id__in=cost_centre_ids_for_units([unit.pk]), account_id=account)
        .select_related("voucher__series", "account")
        .order_by("voucher__date", "voucher_id")[:500]
    )
    return render(
        request,
        "ledger/drilldown.html",
        {
            "unit": unit,
            "year": year,
            "account": Account.objects.filter(number=account).first(),
            "number": account,
            "rows": rows,
        },
    )


@login_required
def object_mapping_view(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    access_ledger(principal, write=True)
    if request.method == "POST":
        obj = LedgerObject.objects.filter(
            pk=request.POST.get("object") or 0, dimension_id=COST_CENTRE_DIMENSION
        ).first()
        unit = Unit.objects.filter(
            pk=request.POST.get("unit") or 0, cooperative_id=principal.cooperative_id or 0
        ).first()
        if obj is None or unit is None:
            messages.error(request, _("Choose a cost centre and a unit."))
        else:
            object_map(obj=obj, unit=unit, acting_user=request.user)
        return redirect("ledger:object-mapping")
    objects = (
        LedgerObject.objects.filter(dimension_id=COST_CENTRE_DIMENSION)
        .select_related("mapping__unit")
        .order_by("code")
    )
    units = Unit.objects.filter(cooperative_id=principal.cooperative_id or 0).order_by("name")
    return render(request, "ledger/object_mapping.html", {"objects": objects, "units": units})


# --- levy, pool and fund ---------------------------------------------------------------


@login_required
def levy_view(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    access_central_ledger(principal)
    form = LevyRunForm(request.POST or None)
    status = 200
    if request.method == "POST":
        require(principal.has_any(Role.ADMIN, Role.FINANCE))
        if form.is_valid():
            period = form.cleaned_data["period"]
            try:
                entries = levy_services.levy_run(period=period, acting_user=request.user)
            except KoopValidationError as error:
                add_service_errors(form, error)
            else:
                month = f"{period:%Y-%m}"
                if entries:
                    messages.success(
                        request,
                        ngettext(
                            "The levy of %(month)s posted for %(count)s unit.",
                            "The levy of %(month)s posted for %(count)s units.",
                            len(entries),
                        )
                        % {"month": month, "count": len(entries)},
                    )
                else:
                    messages.info(
                        request,
                        _("The levy of %(month)s is up to date: nothing posted.")
                        % {"month": month},
                    )
                return redirect("ledger:levy")
        status = 422
    return render(
        request,
        "ledger/levy.html",
        {
            "form": form,
            "rates": LevyRate.objects.all(),
            "entries": LevyEntry.objects.select_related("cost_centre", "voucher__series").order_by(
                "-period", "cost_centre__code"
            )[:100],
        },
        status=status,
    )


@login_required
def funds_view(request: HttpRequest) -> HttpResponse:
    access_central_ledger(principal_of(request))
    loans = list(Loan.objects.select_related("unit").prefetch_related("instalments"))
    return render(
        request,
        "ledger/funds.html",
        {
            "pool": levy_services.fund_balance(Fund.POOL),
            "fund": levy_services.fund_balance(Fund.FUND),
            "movements": FundMovement.objects.select_related("unit").order_by("-date", "-pk")[:200],
            "loans": [(loan, levy_services.loan_outstanding(loan)) for loan in loans],
        },
    )


@login_required
def budget_import_view(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    access_ledger(principal, write=True)
    errors: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise KoopValidationError(_("Choose a file."), field="file")
            lines = budget_read(name=upload.name or "", data=upload.read())
            created = budget_import(lines=lines, acting_user=request.user)
            messages.success(
                request, _("%(count)s budget lines imported.") % {"count": len(created)}
            )
            return redirect("ledger:budget-import")
        except KoopValidationError as error:
            errors = [str(p.message) for p in error.problems]
    years = FiscalYear.objects.annotate(lines=Count("budget")).order_by("-start")
    return render(
        request,
        "ledger/budget_import.html",
        {"errors": errors, "years": years},
        status=422 if errors else 200,
    )


def _decimal(value: str | None) -> Decimal | None:
    try:
        return Decimal(value or "")
    except InvalidOperation:
        return None


__all__ = ["ObjectMapping"]
