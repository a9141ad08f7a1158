"""Drafts: made from a customer's done work orders or from one done work order
("Fakturera"), filled with free lines, edited, and issued or deleted after a confirmation
that shows what will happen."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from koop.billing.access import (
    access_billing_unit,
    access_invoice_draft,
    access_invoiceable_work_order,
    can_invoice_for_unit,
)
from koop.billing.calculation import line_net, totals_of
from koop.billing.forms import DraftEditForm, DraftLineForm, DraftStartForm
from koop.billing.models import InvoiceDraft
from koop.billing.preview import issue_preview
from koop.billing.services import (
    invoice_draft_add_line,
    invoice_draft_create,
    invoice_draft_delete,
    invoice_draft_from_work_order,
    invoice_draft_line_check,
    invoice_draft_remove_line,
    invoice_draft_update,
    invoice_issue,
)
from koop.billing.views.common import int_or_none
from koop.core.access import principal_of
from koop.core.errors import KoopValidationError
from koop.core.formatting import format_date, format_money
from koop.core.forms import add_service_errors
from koop.core.vat import vat_rates_on
from koop.work.forms import add_remaining_problems
from koop.work.models import WorkOrder
from koop.work.selectors import work_orders_invoiceable

CONFIRMED = "yes"


def _confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get("confirmed") == CONFIRMED


def _work_order_choices(unit_id: int, customer_id: int | None) -> list[tuple[int, str]]:
    if customer_id is None:
        return []
    orders = work_orders_invoiceable(customer_id=customer_id, unit_id=unit_id)
    return [
        (o.pk, f"{o.reference} {format_date(o.planned_date)} {o.description[:60]}") for o in orders
    ]


@login_required
def draft_create_view(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Pick a customer, then tick its done work orders (or none, for free lines only)."""
    principal = principal_of(request)
    unit = access_billing_unit(principal, unit_id, write=True)
    posted = request.method == "POST"
    customer_id = int_or_none((request.POST if posted else request.GET).get("customer"))
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


@login_required
@require_POST
def work_order_invoice_view(request: HttpRequest, work_order_id: int) -> HttpResponse:
    """Fakturera (invoice) on a done work order: one step to a draft with its time and material."""
    order = access_invoiceable_work_order(principal_of(request), work_order_id)
    try:
        draft = invoice_draft_from_work_order(work_order=order, acting_user=request.user)
    except KoopValidationError as error:
        for problem in error.problems:
            messages.error(request, problem.message)
        return redirect("work:work-order-detail", work_order_id=order.pk)
    messages.success(
        request,
        _("Draft %(id)s was made from %(ref)s. Check it, then issue the invoice.")
        % {"id": draft.pk, "ref": order.reference},
    )
    return redirect("billing:draft-detail", draft_id=draft.pk)


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
    try:
        if form.is_valid():
            invoice_draft_add_line(draft=draft, acting_user=request.user, **form.cleaned_data)
            return redirect("billing:draft-detail", draft_id=draft.pk)
        # Some fields could not be read: the service checks the others now.
        invoice_draft_line_check(draft=draft, **form.cleaned_data)
    except KoopValidationError as error:
        add_remaining_problems(form, error)
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
            "cancel_url": reverse("billing:draft-detail", args=[draft.pk]),
        },
        status=422 if form.errors else 200,
    )


def _work_order_refs(draft: InvoiceDraft) -> list[str]:
    orders = WorkOrder.objects.filter(invoice_draft_lines__draft=draft).distinct().order_by("pk")
    return [o.reference for o in orders]


@login_required
def draft_issue_view(request: HttpRequest, draft_id: int) -> HttpResponse:
    """GET: the invoice as it will be issued, and what issuing does; POST with
    ``confirmed=yes``: issue it."""
    draft = access_invoice_draft(principal_of(request), draft_id, write=True)
    if _confirmed(request):
        try:
            invoice = invoice_issue(draft=draft, acting_user=request.user)
        except KoopValidationError as error:
            return _draft_page(request, draft, issue_error=error, status=422)
        messages.success(request, _("Invoice %(number)s was issued.") % {"number": invoice.number})
        return redirect("billing:invoice-detail", invoice_id=invoice.pk)
    preview = issue_preview(draft, issue_date=timezone.localdate())
    if preview.problems:
        # Nothing to confirm yet: the draft page says what to fix first.
        return _draft_page(
            request, draft, issue_error=KoopValidationError(preview.problems), status=422
        )
    consequences = [
        _(
            "It gets the next number in the invoice series, %(number)s (unless someone "
            "else issues an invoice first)."
        )
        % {"number": preview.next_number},
        _("After that it is never changed or deleted: a mistake is corrected with a credit note."),
        _("It is booked in the ledger on the unit %(unit)s (cost centre %(centre)s).")
        % {"unit": draft.unit.name, "centre": draft.unit.cost_centre},
    ]
    refs = _work_order_refs(draft)
    if refs:
        consequences.append(
            ngettext(
                "Work order %(refs)s is marked invoiced.",
                "Work orders %(refs)s are marked invoiced.",
                len(refs),
            )
            % {"refs": ", ".join(refs)}
        )
    if preview.e_invoice:
        consequences.append(
            _(
                "The buyer is a public body: a Peppol e-invoice (BIS Billing 3.0) is made "
                "for %(peppol_id)s with the buyer reference %(reference)s."
            )
            % {
                "peppol_id": preview.buyer["peppol_id"] or "—",
                "reference": preview.buyer["buyer_reference"],
            }
        )
    url = reverse("billing:draft-issue", args=[draft.pk])
    return render(
        request,
        "billing/issue_confirm.html",
        {
            "title": _("Issue the invoice to %(customer)s") % {"customer": draft.customer},
            "question": _("This is the invoice as it will be issued. Issue it?"),
            "consequences": consequences,
            "confirm_label": _("Issue invoice %(number)s") % {"number": preview.next_number},
            "cancel_url": reverse("billing:draft-detail", args=[draft.pk]),
            "action_url": url,
            "preview": preview,
            "unit": draft.unit,
        },
    )


@login_required
def draft_delete_view(request: HttpRequest, draft_id: int) -> HttpResponse:
    """GET: what deleting the draft removes; POST with ``confirmed=yes``: delete it."""
    draft = access_invoice_draft(principal_of(request), draft_id, write=True)
    if _confirmed(request):
        unit_id = draft.unit_id
        invoice_draft_delete(draft=draft, acting_user=request.user)
        messages.success(request, _("Draft %(id)s was deleted.") % {"id": draft_id})
        return redirect("billing:invoice-list", unit_id=unit_id)
    lines = list(draft.lines.select_related("business_area", "work_order"))
    for line in lines:
        line.net_amount = line_net(line.quantity, line.unit_price)  # type: ignore[attr-defined]  # shown on the page
    totals = totals_of(lines)  # type: ignore[arg-type]  # net_amount set just above
    consequences = [
        ngettext(
            "Draft %(id)s to %(customer)s and its %(count)s line (%(amount)s excl. VAT) "
            "are deleted.",
            "Draft %(id)s to %(customer)s and its %(count)s lines (%(amount)s excl. VAT) "
            "are deleted.",
            len(lines),
        )
        % {
            "id": draft.pk,
            "customer": draft.customer,
            "count": len(lines),
            "amount": format_money(totals.net),
        },
        _("It has no number and nothing has been booked, so nothing else is removed."),
    ]
    refs = _work_order_refs(draft)
    if refs:
        consequences.append(
            ngettext(
                "Work order %(refs)s stays done and can be invoiced again.",
                "Work orders %(refs)s stay done and can be invoiced again.",
                len(refs),
            )
            % {"refs": ", ".join(refs)}
        )
    return render(
        request,
        "billing/draft_delete_confirm.html",
        {
            "title": _("Delete draft %(id)s") % {"id": draft.pk},
            "question": _("Delete this draft?"),
            "consequences": consequences,
            "confirm_label": _("Delete the draft"),
            "cancel_url": reverse("billing:draft-detail", args=[draft.pk]),
            "action_url": reverse("billing:draft-delete", args=[draft.pk]),
            "danger": True,
            "lines": lines,
            "totals": totals,
        },
    )
