"""The group-wide invoice lists for central finance (and, to read, the administrator and
the regional manager): every unit's invoices with their totals, and what is overdue."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from koop.billing.access import access_group_invoices, can_invoice_for_every_unit
from koop.billing.forms import GroupInvoiceFilterForm
from koop.billing.models import PaymentStatus
from koop.billing.selectors import invoice_list, invoice_list_totals, invoice_overdue_list
from koop.billing.views.common import PAGE_SIZE, query_without_page
from koop.core.access import principal_of


@login_required
def group_invoice_list_view(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    access_group_invoices(principal)
    cooperative_id = principal.cooperative_id or 0
    form = GroupInvoiceFilterForm(request.GET or None, cooperative_id=cooperative_id)
    invoices = invoice_list(cooperative_id=cooperative_id, **form.filters()).select_related("unit")
    page = Paginator(invoices, PAGE_SIZE).get_page(request.GET.get("page"))
    labels = dict(PaymentStatus.choices)
    for invoice in page:
        invoice.status_label = labels[invoice.status]  # type: ignore[attr-defined]  # shown in the list
    return render(
        request,
        "billing/group_invoice_list.html",
        {
            "form": form,
            "page": page,
            "totals": invoice_list_totals(invoices),
            "query": query_without_page(request.GET),
        },
    )


@login_required
def group_overdue_list_view(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    access_group_invoices(principal)
    cooperative_id = principal.cooperative_id or 0
    today = timezone.localdate()
    form = GroupInvoiceFilterForm(
        request.GET or None, cooperative_id=cooperative_id, with_status=False
    )
    filters = form.filters()
    invoices = invoice_overdue_list(
        cooperative_id=cooperative_id,
        unit_id=filters["unit_id"],
        municipality_id=filters["municipality_id"],
        today=today,
    ).select_related("unit")
    page = Paginator(invoices, PAGE_SIZE).get_page(request.GET.get("page"))
    for invoice in page:
        invoice.days_overdue = (today - invoice.due_date).days  # type: ignore[attr-defined]  # shown in the list
    return render(
        request,
        "billing/group_overdue_list.html",
        {
            "form": form,
            "page": page,
            "totals": invoice_list_totals(invoices),
            "query": query_without_page(request.GET),
            # Central finance registers payments; the regional manager only reads.
            "can_register_payments": can_invoice_for_every_unit(principal),
            "today": today,
        },
    )
