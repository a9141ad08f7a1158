"""The billing pages: a unit's invoices, the draft builder, an invoice and its downloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koop.billing.access import (
    access_billing_unit,
    access_invoice,
    access_invoice_draft,
    access_invoice_settings,
    can_change_settings,
    can_invoice_for_unit,
)
from koop.billing.calculation import line_net, totals_of
from koop.billing.forms import (
    CreditNoteForm,
    DraftEditForm,
    DraftLineForm,
    DraftStartForm,
    InvoiceFilterForm,
    InvoiceSettingsForm,
    PaymentForm,
)
from koop.billing.models import InvoiceDraft, InvoiceKind, PaymentStatus
from koop.billing.rendering import file_name, invoice_pdf, invoice_ubl
from koop.billing.selectors import (
    draft_list,
    invoice_balance,
    invoice_list,
    invoice_overdue_list,
    invoice_settings_of,
)
from koop.billing.services import (
    credit_note_issue,
    credited_quantities,
    invoice_draft_add_line,
    invoice_draft_create,
    invoice_draft_delete,
    invoice_draft_remove_line,
    invoice_draft_update,
    invoice_issue,
    invoice_settings_save,
    payment_register,
)
from koop.core.access import principal_of
from koop.core.errors import KoopValidationError
from koop.core.forms import add_service_errors
from koop.core.money import ZERO
from koop.core.vat import vat_rates_on
from koop.organisation.selectors import cooperative_current
from koop.work.models import WorkOrder
from koop.work.selectors import work_orders_invoiceable

PAGE_SIZE = 50


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
            "query": request.GET.copy().urlencode() if request.GET else "",
        },
    )


@login_required
def overdue_list_view(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access_billing_unit(principal_of(request), unit_id)
    invoices = invoice_overdue_list(cooperative_id=unit.cooperative_id, unit_id=unit.pk)
    return render(request, "billing/overdue_list.html", {"unit": unit, "invoices": invoices})


def _work_order_choices(unit_id: int, customer_id: int | None) -> list[tuple[int, str]]:
    if customer_id is None:
        return []
    orders = work_orders_invoiceable(customer_id=customer_id, unit_id=unit_id)
    return [(o.pk, f"{o.reference} {o.planned_date:%Y-%m-%d} {o.description[:60]}") for o in orders]


@login_required
def draft_create_view(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Pick a customer, then tick its done work orders (or none, for free lines only)."""
    principal = principal_of(request)
    unit = access_billing_unit(principal, unit_id, write=True)
    posted = request.method == "POST"
    customer_id = _int_or_none((request.POST if posted else request.GET).get("customer"))
    form = DraftStartForm(
        request.POST if posted else None,
        initial={"customer": customer_id},
        cooperative_id=unit.cooperative_id,
        unit_id=unit.pk,
        chosen_id=customer_id,
        work_order_choices=_work_order_choices(unit.pk, customer_id),
    )
    if posted and form.is_valid():
        orders = list(
            WorkOrder.objects.filter(pk__in=form.cleaned_data["work_orders"]).order_by(
                "planned_date", "pk"
            )
        )
        try:
            draft = invoice_draft_create(
                unit=unit,
                customer=form.cleaned_data["customer"],
                work_orders=orders,
                acting_user=request.user,
            )
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("billing:draft-detail", draft_id=draft.pk)
    return render(
        request,
        "billing/draft_create.html",
        {"unit": unit, "form": form, "customer_chosen": customer_id is not None},
        status=422 if form.errors else 200,
    )


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _draft_page(
    request: HttpRequest,
    draft: InvoiceDraft,
    *,
    line_form: DraftLineForm | None = None,
    issue_error: KoopValidationError | None = None,
    status: int = 200,
) -> HttpResponse:
    principal = principal_of(request)
    lines = list(draft.lines.select_related("business_area", "work_order"))
    for line in lines:
        line.net_amount = line_net(line.quantity, line.unit_price)  # type: ignore[attr-defined]  # shown on the preview
    totals = totals_of(lines)  # type: ignore[arg-type]  # net_amount set just above
    can_write = can_invoice_for_unit(principal, draft.unit_id)
    if line_form is None and can_write:
        line_form = DraftLineForm(
            cooperative_id=draft.cooperative_id,
            vat_rates=vat_rates_on(timezone.localdate()),
            initial={"unit_code": "HUR", "vat_rate": "25.00", "quantity": 1},
        )
    return render(
        request,
        "billing/draft_detail.html",
        {
            "draft": draft,
            "unit": draft.unit,
            "lines": lines,
            "totals": totals,
            "line_form": line_form,
            "can_write": can_write,
            "issue_problems": issue_error.problems if issue_error else [],
        },
        status=status,
    )


@login_required
def draft_detail_view(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = access_invoice_draft(principal_of(request), draft_id)
    return _draft_page(request, draft)


@login_required
@require_POST
def draft_line_add_view(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = access_invoice_draft(principal_of(request), draft_id, write=True)
    form = DraftLineForm(
        request.POST,
        cooperative_id=draft.cooperative_id,
        vat_rates=vat_rates_on(timezone.localdate()),
    )
    if form.is_valid():
        try:
            invoice_draft_add_line(draft=draft, acting_user=request.user, **form.cleaned_data)
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("billing:draft-detail", draft_id=draft.pk)
    return _draft_page(request, draft, line_form=form, status=422)


@login_required
@require_POST
def draft_line_remove_view(request: HttpRequest, draft_id: int, line_id: int) -> HttpResponse:
    draft = access_invoice_draft(principal_of(request), draft_id, write=True)
    try:
        invoice_draft_remove_line(draft=draft, line_id=line_id, acting_user=request.user)
    except KoopValidationError as error:
        return _draft_page(request, draft, issue_error=error, status=422)
    return redirect("billing:draft-detail", draft_id=draft.pk)


@login_required
def draft_edit_view(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = access_invoice_draft(principal_of(request), draft_id, write=True)
    initial = {
        "buyer_reference": draft.buyer_reference,
        "contract_reference": draft.contract_reference,
        "period_start": draft.period_start,
        "period_end": draft.period_end,
        "note": draft.note,
    }
    form = DraftEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            invoice_draft_update(draft=draft, acting_user=request.user, **form.cleaned_data)
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("billing:draft-detail", draft_id=draft.pk)
    return render(
        request,
        "koop/form.html",
        {
            "form": form,
            "title": _("Invoice details"),
            "cancel_url": f"/invoices/drafts/{draft.pk}/",
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def draft_issue_view(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = access_invoice_draft(principal_of(request), draft_id, write=True)
    try:
        invoice = invoice_issue(draft=draft, acting_user=request.user)
    except KoopValidationError as error:
        return _draft_page(request, draft, issue_error=error, status=422)
    messages.success(request, _("Invoice %(number)s was issued.") % {"number": invoice.number})
    return redirect("billing:invoice-detail", invoice_id=invoice.pk)


@login_required
@require_POST
def draft_delete_view(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = access_invoice_draft(principal_of(request), draft_id, write=True)
    unit_id = draft.unit_id
    invoice_draft_delete(draft=draft, acting_user=request.user)
    messages.success(request, _("The draft was deleted."))
    return redirect("billing:invoice-list", unit_id=unit_id)


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


@login_required
def invoice_settings_view(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    access_invoice_settings(principal)
    cooperative = cooperative_current()
    settings = invoice_settings_of(cooperative.pk)
    can_change = can_change_settings(principal)
    form = InvoiceSettingsForm(
        request.POST if request.method == "POST" and can_change else None, instance=settings
    )
    if request.method == "POST":
        access_invoice_settings(principal, write=True)
        if form.is_valid():
            try:
                invoice_settings_save(
                    cooperative=cooperative, acting_user=request.user, **form.cleaned_data
                )
            except KoopValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The invoice settings were saved."))
                return redirect("billing:settings")
    if not can_change:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "billing/settings.html",
        {"form": form, "can_change": can_change},
        status=422 if form.errors else 200,
    )
