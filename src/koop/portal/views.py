"""Pages composed from several apps: the group in figures, the units and a unit's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from koop.core.access import found, principal_of
from koop.organisation.access import access_organisation, access_unit, can_change_organisation
from koop.organisation.models import Cooperative
from koop.organisation.selectors import unit_list as select_units
from koop.participants.selectors import has_own_page
from koop.people.selectors import unit_leaders, unit_staff
from koop.portal.selectors import group_figures


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    if principal.is_participant_only and has_own_page(principal):
        # A participant's home is their own page (schedule, attendance, plan).
        return redirect("participants:me")
    cooperative = found(Cooperative.objects.filter(pk=found(principal.cooperative_id)).first())
    figures = group_figures(cooperative_id=cooperative.pk, on=timezone.localdate())
    return render(
        request,
        "portal/dashboard.html",
        {"figures": figures, "cooperative_name": str(cooperative)},
    )


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    access_organisation(principal)
    assert principal.cooperative_id is not None
    page = Paginator(select_units(cooperative_id=principal.cooperative_id), 50).get_page(
        request.GET.get("page")
    )
    leaders = unit_leaders(unit_ids=[u.pk for u in page], on=timezone.localdate())
    rows = [(unit, leaders.get(unit.pk, []), principal.can_see_unit(unit.pk)) for unit in page]
    return render(
        request,
        "portal/unit_list.html",
        {"rows": rows, "page": page, "can_change": can_change_organisation(principal)},
    )


@login_required
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    principal = principal_of(request)
    unit = access_unit(principal, unit_id)
    staff = unit_staff(unit_id=unit.pk, on=timezone.localdate())
    return render(
        request,
        "portal/unit_detail.html",
        {
            "unit": unit,
            "staff": staff,
            "can_change": can_change_organisation(principal),
            "leads_unit": principal.is_central or unit.pk in principal.led_unit_ids,
        },
    )
