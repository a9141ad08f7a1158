"""The pages that create and change a unit. They live here rather than in organisation
because a unit comes with its bodies (see ``services.units``), and organisation must never
import governance; their addresses stay under /organisation/."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koop.core.access import principal_of
from koop.core.errors import KoopValidationError
from koop.core.forms import add_service_errors
from koop.governance.services import unit_create_with_bodies, unit_update_with_bodies
from koop.organisation.access import access_organisation, access_unit
from koop.organisation.forms import UnitForm
from koop.organisation.selectors import cooperative_current


@login_required
def unit_create_view(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    access_organisation(principal, write=True)
    cooperative = cooperative_current()
    form = UnitForm(request.POST or None, cooperative=cooperative)
    if request.method == "POST" and form.is_valid():
        try:
            unit = unit_create_with_bodies(
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
            unit_update_with_bodies(
                unit=unit, acting_user=request.user, business_areas=areas, **data
            )
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
