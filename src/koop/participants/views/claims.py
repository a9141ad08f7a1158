"""Compensation claims to the referring bodies, and the anonymous outcome statistics."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koop.billing.models import InvoiceDraft
from koop.core.access import principal_of, require
from koop.core.errors import KoopValidationError
from koop.core.forms import add_service_errors
from koop.participants.access import (
    access_claim,
    can_change_claims,
    can_read_claims,
    can_see_statistics,
)
from koop.participants.forms import ClaimForm, ClaimInvoiceForm
from koop.participants.models import CLAIM_TRANSITIONS, ClaimStatus, CompensationClaim
from koop.participants.selectors import outcome_statistics
from koop.participants.services import claim_compute, claim_invoice_create, claim_set_status


@login_required
def claim_list(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    require(can_read_claims(principal))
    assert principal.cooperative_id is not None
    form = ClaimForm(request.POST or None, cooperative_id=principal.cooperative_id)
    if request.method == "POST":
        require(can_change_claims(principal))
        if form.is_valid():
            try:
                claim = claim_compute(
                    body=form.cleaned_data["body"],
                    month=form.cleaned_data["month"],
                    acting_user=request.user,
                )
            except KoopValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The claim was worked out."))
                return redirect("participants:claim-detail", claim_id=claim.pk)
    claims = CompensationClaim.objects.filter(
        cooperative_id=principal.cooperative_id
    ).select_related("body")[:200]
    return render(
        request,
        "participants/claim_list.html",
        {
            "claims": claims,
            "form": form,
            "can_change": can_change_claims(principal),
        },
        status=422 if form.errors else 200,
    )


@login_required
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    principal = principal_of(request)
    claim = access_claim(principal, claim_id)
    return render(
        request,
        "participants/claim_detail.html",
        {
            "claim": claim,
            "lines": claim.lines.select_related("person"),
            "history": claim.status_changes.select_related("changed_by"),
            "next_statuses": [
                (s, ClaimStatus(s).label) for s in sorted(CLAIM_TRANSITIONS[claim.status])
            ]
            if can_change_claims(principal)
            else [],
            "invoice_form": ClaimInvoiceForm(cooperative_id=claim.cooperative_id)
            if can_change_claims(principal)
            and claim.status == ClaimStatus.SENT
            and claim.invoice_draft_id is None
            else None,
            "draft_exists": claim.invoice_draft_id is not None
            and InvoiceDraft.objects.filter(pk=claim.invoice_draft_id).exists(),
        },
    )


@login_required
@require_POST
def claim_invoice(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access_claim(principal_of(request), claim_id, write=True)
    form = ClaimInvoiceForm(request.POST, cooperative_id=claim.cooperative_id)
    if not form.is_valid():
        messages.error(request, _("Choose the unit that sends the invoice."))
        return redirect("participants:claim-detail", claim_id=claim.pk)
    try:
        draft = claim_invoice_create(
            claim=claim, unit=form.cleaned_data["unit"], acting_user=request.user
        )
    except KoopValidationError as error:
        messages.error(request, " ".join(str(p.message) for p in error.problems))
        return redirect("participants:claim-detail", claim_id=claim.pk)
    messages.success(request, _("An invoice draft was made from the claim; check and issue it."))
    return redirect("billing:draft-detail", draft_id=draft.pk)


@login_required
@require_POST
def claim_status(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access_claim(principal_of(request), claim_id, write=True)
    try:
        claim_set_status(
            claim=claim, to_status=request.POST.get("status", ""), acting_user=request.user
        )
    except KoopValidationError as error:
        messages.error(request, str(error.problems[0].message))
    return redirect("participants:claim-detail", claim_id=claim.pk)


@login_required
def outcome_statistics_view(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    require(can_see_statistics(principal))
    assert principal.cooperative_id is not None
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    total, rows = outcome_statistics(cooperative_id=principal.cooperative_id, year=year)
    return render(
        request, "participants/outcomes.html", {"year": year, "total": total, "rows": rows}
    )
