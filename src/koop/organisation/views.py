"""The cooperative's own page and the forms that change units."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koop.core.access import principal_of
from koop.core.errors import KoopValidationError
from koop.core.forms import add_service_errors
from koop.organisation.access import access_organisation, access_unit, can_change_organisation
from koop.organisation.forms import UnitForm
from koop.organisation.selectors import (
    business_area_list,
    cooperative_current,
    municipality_list,
)
from koop.organisation.services import unit_create, unit_update


@login_required
def cooperative_detail(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    access_organisation(principal)
    cooperative = cooperative_current()
    return render(
        request,
        "organisation/cooperative.html",
        {
            "cooperative": cooperative,
            "municipalities": municipality_list(cooperative_id=cooperative.pk),
            "business_areas": business_area_list(cooperative_id=cooperative.pk),
            "can_change": can_change_organisation(principal),
        },
    )


@login_required
def unit_create_view(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    access_organisation(principal, write=True)
    cooperative = cooperative_current()
    form = UnitForm(request.POST or None, cooperative=cooperative)
    if request.method == "POST" and form.is_valid():
        try:
            unit = unit_create(
                cooperative=cooperative, acting_user=request.user, **form.cleaned_data
            )
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The unit %(name)s was created.") % {"name": unit.name})
            return redirect("portal:unit-detail", unit_id=unit.pk)
    return render(
        request,
        "koop/form.html",
        {"form": form, "title": _("New unit"), "cancel_url": "/units/"},
        status=422 if form.errors else 200,
    )


@login_required
def unit_edit_view(request: HttpRequest, unit_id: int) -> HttpResponse:
    principal = principal_of(request)
    unit = access_unit(principal, unit_id, write=True)
    initial = {
        "name": unit.name,
        "municipality": unit.municipality_id,
        "business_areas": list(unit.business_areas.values_list("pk", flat=True)),
        "cost_centre": unit.cost_centre,
        "started_on": unit.started_on,
        "status": unit.status,
        "description": unit.description,
    }
    form = UnitForm(request.POST or None, initial=initial, cooperative=unit.cooperative)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        areas = data.pop("business_areas")
        try:
            unit_update(unit=unit, acting_user=request.user, business_areas=areas, **data)
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The unit was saved."))
            return redirect("portal:unit-detail", unit_id=unit.pk)
    return render(
        request,
        "koop/form.html",
        {
            "form": form,
            "title": _("Edit %(name)s") % {"name": unit.name},
            "cancel_url": f"/units/{unit.pk}/",
        },
        status=422 if form.errors else 200,
    )
