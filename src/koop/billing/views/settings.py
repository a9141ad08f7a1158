"""The cooperative's invoice settings: bankgiro, terms, texts, the first number."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koop.billing.access import access_invoice_settings, can_change_settings
from koop.billing.forms import InvoiceSettingsForm
from koop.billing.selectors import invoice_settings_of
from koop.billing.services import invoice_settings_save
from koop.core.access import principal_of
from koop.core.errors import KoopValidationError
from koop.core.forms import add_service_errors
from koop.organisation.selectors import cooperative_current


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
