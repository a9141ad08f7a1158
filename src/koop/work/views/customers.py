"""Pages for customers: the list, one customer, and the form that makes or edits one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from koop.core.access import principal_of
from koop.core.errors import KoopValidationError
from koop.organisation.selectors import cooperative_current
from koop.work.access import (
    access_customer,
    access_customers,
    can_change_customers,
)
from koop.work.customer_services import customer_check, customer_create, customer_update
from koop.work.forms import CustomerForm, add_remaining_problems
from koop.work.models import Customer, CustomerKind
from koop.work.selectors import agreement_list, customer_list, work_order_list
from koop.work.views.common import form_page


@login_required
def customer_list_view(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    access_customers(principal)
    search = request.GET.get("q", "").strip()
    customers = customer_list(cooperative_id=principal.cooperative_id, search=search)
    page = Paginator(customers, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "work/customer_list.html",
        {"page": page, "search": search, "can_change": can_change_customers(principal)},
    )


@login_required
def customer_detail_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    principal = principal_of(request)
    customer = access_customer(principal, customer_id)
    orders = work_order_list(principal=principal, customer_id=customer.pk)[:20]
    agreements = agreement_list(principal=principal).filter(customer=customer)
    return render(
        request,
        "work/customer_detail.html",
        {
            "customer": customer,
            "identity_number": _shown_identity(customer),
            "orders": orders,
            "agreements": agreements,
            "can_change": can_change_customers(principal),
        },
    )


def _shown_identity(customer: Customer) -> str:
    if customer.kind == CustomerKind.PRIVATE and customer.identity_number:
        return f"{customer.identity_number[:8]}-****"
    return customer.identity_number


@login_required
def customer_create_view(request: HttpRequest) -> HttpResponse:
    access_customers(principal_of(request), write=True)
    cooperative = cooperative_current()
    form = CustomerForm(request.POST or None)
    if request.method == "POST":
        try:
            if form.is_valid():
                customer = customer_create(
                    cooperative=cooperative, acting_user=request.user, **form.cleaned_data
                )
                messages.success(request, _("%(name)s was added.") % {"name": customer})
                return redirect("work:customer-detail", customer_id=customer.pk)
            # Some fields could not be read: the service checks the others now, so
            # org.nr, VAT number, postcode and the rest are reported together.
            customer_check(cooperative=cooperative, **form.cleaned_data)
        except KoopValidationError as error:
            add_remaining_problems(form, error)
    return form_page(request, form, _("New customer"), reverse("work:customer-list"))


@login_required
def customer_edit_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access_customer(principal_of(request), customer_id, write=True)
    initial = {name: getattr(customer, name) for name in CustomerForm.base_fields}
    form = CustomerForm(request.POST or None, initial=initial)
    if request.method == "POST":
        try:
            if form.is_valid():
                customer_update(customer=customer, acting_user=request.user, **form.cleaned_data)
                messages.success(request, _("The customer was saved."))
                return redirect("work:customer-detail", customer_id=customer.pk)
            customer_check(cooperative=customer.cooperative, customer=customer, **form.cleaned_data)
        except KoopValidationError as error:
            add_remaining_problems(form, error)
    return form_page(
        request,
        form,
        _("Edit %(name)s") % {"name": customer},
        reverse("work:customer-detail", args=[customer.pk]),
    )
