"""Pages for agreements: the list, those ending soon, one agreement with its price list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koop.core.access import principal_of, require
from koop.core.errors import KoopValidationError
from koop.core.forms import add_service_errors
from koop.organisation.selectors import cooperative_current
from koop.work.access import (
    access_agreement,
    can_change_agreement,
    can_create_agreements,
    check_agreement_units,
    work_order_units,
)
from koop.work.customer_services import (
    AGREEMENT_TRANSITIONS,
    agreement_create,
    agreement_transition,
    price_item_add,
)
from koop.work.forms import AgreementForm, AgreementTransitionForm, PriceItemForm
from koop.work.models import AgreementStatus
from koop.work.selectors import agreement_list, agreements_ending
from koop.work.views.common import form_page

ENDING_WITHIN_DAYS = 60


def _require_agreement_readers(request: HttpRequest) -> None:
    principal = principal_of(request)
    require(principal.is_central or principal.is_board or bool(principal.staff_unit_ids))


@login_required
def agreement_list_view(request: HttpRequest) -> HttpResponse:
    _require_agreement_readers(request)
    principal = principal_of(request)
    agreements = agreement_list(principal=principal)
    status = request.GET.get("status", "")
    if status in AgreementStatus.values:
        agreements = agreements.filter(status=status)
    page = Paginator(agreements, 50).get_page(request.GET.get("page"))
    ending = agreements_ending(
        principal=principal, today=timezone.localdate(), within_days=ENDING_WITHIN_DAYS
    )
    return render(
        request,
        "work/agreement_list.html",
        {
            "page": page,
            "status": status,
            "statuses": AgreementStatus.choices,
            "ending_count": ending.count(),
            "can_create": can_create_agreements(principal),
        },
    )


@login_required
def agreements_ending_view(request: HttpRequest) -> HttpResponse:
    _require_agreement_readers(request)
    today = timezone.localdate()
    agreements = agreements_ending(
        principal=principal_of(request), today=today, within_days=ENDING_WITHIN_DAYS
    )
    return render(
        request,
        "work/agreements_ending.html",
        {"agreements": agreements, "today": today, "days": ENDING_WITHIN_DAYS},
    )


@login_required
def agreement_detail_view(request: HttpRequest, agreement_id: int) -> HttpResponse:
    principal = principal_of(request)
    agreement = access_agreement(principal, agreement_id)
    can_change = can_change_agreement(principal, agreement)
    return render(
        request,
        "work/agreement_detail.html",
        {
            "agreement": agreement,
            "units": agreement.units.order_by("name"),
            "items": agreement.price_items.all(),
            "history": agreement.status_changes.select_related("by"),
            "can_change": can_change,
            "next_states": [
                (s, AgreementStatus(s).label)
                for s in sorted(AGREEMENT_TRANSITIONS[agreement.status])
            ]
            if can_change
            else [],
        },
    )


@login_required
def agreement_create_view(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    require(can_create_agreements(principal))
    form = AgreementForm(
        request.POST or None,
        cooperative_id=principal.cooperative_id,
        units=work_order_units(principal)
        if not principal.is_central
        else list(cooperative_current().units.order_by("name")),
        initial={"valid_from": timezone.localdate(), "status": AgreementStatus.ACTIVE},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            check_agreement_units(principal, data["units"])
            agreement = agreement_create(
                cooperative=cooperative_current(), acting_user=request.user, **data
            )
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The agreement was added."))
            return redirect("work:agreement-detail", agreement_id=agreement.pk)
    return form_page(request, form, _("New agreement"), reverse("work:agreement-list"))


@login_required
@require_POST
def agreement_transition_view(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = access_agreement(principal_of(request), agreement_id, write=True)
    form = AgreementTransitionForm(request.POST)
    if form.is_valid():
        try:
            agreement_transition(
                agreement=agreement,
                to=form.cleaned_data["to"],
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except KoopValidationError as error:
            messages.error(request, str(error.problems[0].message))
        else:
            messages.success(request, _("The agreement's status was changed."))
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect("work:agreement-detail", agreement_id=agreement.pk)


@login_required
def price_item_create_view(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = access_agreement(principal_of(request), agreement_id, write=True)
    form = PriceItemForm(request.POST or None, initial={"vat_rate": "25.00"})
    if request.method == "POST" and form.is_valid():
        try:
            price_item_add(agreement=agreement, acting_user=request.user, **form.cleaned_data)
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The price list was updated."))
            return redirect("work:agreement-detail", agreement_id=agreement.pk)
    return form_page(
        request,
        form,
        _("Add to the price list of %(title)s") % {"title": agreement.title},
        reverse("work:agreement-detail", args=[agreement.pk]),
    )
