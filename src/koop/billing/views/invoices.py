"""A unit's invoices, its overdue ones, and one invoice: its files, credit notes and
payments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.billing.access import (
    access_billing_unit,
    access_invoice,
    can_invoice_for_unit,
    can_see_group_invoices,
)
from koop.billing.forms import CreditNoteForm, InvoiceFilterForm, PaymentForm
from koop.billing.models import InvoiceKind, PaymentStatus
from koop.billing.rendering import file_name, invoice_pdf, invoice_ubl
from koop.billing.selectors import (
    draft_list,
    invoice_balance,
    invoice_list,
    invoice_overdue_list,
)
from koop.billing.services import credit_note_issue, credited_quantities, payment_register
from koop.billing.views.common import PAGE_SIZE, query_without_page
from koop.core.access import principal_of
from koop.core.errors import KoopValidationError
from koop.core.forms import add_service_errors
from koop.core.money import ZERO


@login_required
def invoice_list_view(request: HttpRequest, unit_id: int) -> HttpResponse:
    principal = principal_of(request)
    unit = access_billing_unit(principal, unit_id)
    form = InvoiceFilterForm(request.GET or None, unit_id=unit.pk)
    status, customer_id = "", None
    if form.is_valid():
        status = form.cleaned_data["status"] or ""
        customer = form.cleaned_data["customer"]
        customer_id = customer.pk if customer else None
    invoices = invoice_list(
        cooperative_id=unit.cooperative_id,
        unit_id=unit.pk,
        status=status,
        customer_id=customer_id,
    )
    page = Paginator(invoices, PAGE_SIZE).get_page(request.GET.get("page"))
    labels = dict(PaymentStatus.choices)
    for invoice in page:
        invoice.status_label = labels[invoice.status]  # type: ignore[attr-defined]  # shown in the list
    return render(
        request,
        "billing/invoice_list.html",
        {
            "unit": unit,
            "form": form,
            "page": page,
            "drafts": draft_list(unit_id=unit.pk),
            "can_invoice": can_invoice_for_unit(principal, unit.pk),
            "can_see_group": can_see_group_invoices(principal),
            "query": query_without_page(request.GET),
        },
    )


@login_required
def overdue_list_view(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access_billing_unit(principal_of(request), unit_id)
    invoices = invoice_overdue_list(cooperative_id=unit.cooperative_id, unit_id=unit.pk)
    return render(
        request,
        "billing/overdue_list.html",
        {"unit": unit, "invoices": invoices, "today": timezone.localdate()},
    )


@login_required
def invoice_detail_view(request: HttpRequest, invoice_id: int) -> HttpResponse:
    principal = principal_of(request)
    invoice = access_invoice(principal, invoice_id)
    return render(
        request,
        "billing/invoice_detail.html",
        {
            "invoice": invoice,
            "unit": invoice.unit,
            "lines": invoice.lines.select_related("business_area", "work_order"),
            "vat_amounts": invoice.vat_amounts.all(),
            "payments": invoice.payments.all(),
            "credit_notes": invoice.credit_notes.order_by("number"),
            "balance": invoice_balance(invoice),
            "can_write": can_invoice_for_unit(principal, invoice.unit_id),
            "is_invoice": invoice.kind == InvoiceKind.INVOICE,
        },
    )


def _download(invoice_bytes: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(invoice_bytes, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def invoice_pdf_view(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = access_invoice(principal_of(request), invoice_id)
    return _download(invoice_pdf(invoice), file_name(invoice, "pdf"), "application/pdf")


@login_required
def invoice_ubl_view(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = access_invoice(principal_of(request), invoice_id)
    try:
        data = invoice_ubl(invoice)
    except KoopValidationError as error:
        for problem in error.problems:
            messages.error(request, problem.message)
        return redirect("billing:invoice-detail", invoice_id=invoice.pk)
    return _download(data, file_name(invoice, "xml"), "application/xml")


@login_required
def credit_note_create_view(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = access_invoice(principal_of(request), invoice_id, write=True)
    taken = credited_quantities(invoice)
    lines = [(line, line.quantity - taken.get(line.pk, ZERO)) for line in invoice.lines.all()]
    form = CreditNoteForm(request.POST or None, lines=lines)
    if request.method == "POST" and form.is_valid():
        try:
            credit = credit_note_issue(
                invoice=invoice,
                quantities=form.quantities(),
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            )
        except KoopValidationError as error:
            for problem in error.problems:
                name = (problem.field or "").replace("lines.", "line_")
                form.add_error(name if name in form.fields else None, problem.message)
        else:
            messages.success(
                request, _("Credit note %(number)s was issued.") % {"number": credit.number}
            )
            return redirect("billing:invoice-detail", invoice_id=credit.pk)
    return render(
        request,
        "koop/form.html",
        {
            "form": form,
            "title": _("Credit invoice %(number)s") % {"number": invoice.number},
            "cancel_url": f"/invoices/{invoice.pk}/",
        },
        status=422 if form.errors else 200,
    )


@login_required
def payment_create_view(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = access_invoice(principal_of(request), invoice_id, write=True)
    balance = invoice_balance(invoice)
    form = PaymentForm(
        request.POST or None,
        initial={"paid_on": timezone.localdate(), "amount": balance.outstanding},
    )
    if request.method == "POST" and form.is_valid():
        try:
            payment_register(invoice=invoice, acting_user=request.user, **form.cleaned_data)
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The payment was registered."))
            return redirect("billing:invoice-detail", invoice_id=invoice.pk)
    return render(
        request,
        "koop/form.html",
        {
            "form": form,
            "title": _("Payment of invoice %(number)s") % {"number": invoice.number},
            "cancel_url": f"/invoices/{invoice.pk}/",
        },
        status=422 if form.errors else 200,
    )
