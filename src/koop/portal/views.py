"""Pages composed from several apps: each role's home and the lists its counts link to,
the group in figures, the units and a unit's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from koop.core.access import found, principal_of, require
from koop.organisation.access import access_organisation, access_unit, can_change_organisation
from koop.organisation.models import Cooperative
from koop.organisation.selectors import unit_list as select_units
from koop.participants.selectors import has_own_page
from koop.people.selectors import unit_leaders, unit_staff
from koop.portal.homes import SECTIONS_BY_KEY, home_sections, section_title
from koop.portal.scope import Scope
from koop.portal.selectors import group_figures


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The home: what the principal's roles must act on, the most urgent first."""
    principal = principal_of(request)
    if principal.is_participant_only and has_own_page(principal):
        # A participant's home is their own page (schedule, attendance, plan).
        return redirect("participants:me")
    scope = Scope.of(principal)
    cooperative = Cooperative.objects.filter(pk=scope.cooperative_id).first()
    return render(
        request,
        "portal/home.html",
        {
            "sections": home_sections(scope),
            "today": scope.today,
            "cooperative_name": str(cooperative) if cooperative else "Koop",
        },
    )


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    cooperative = found(Cooperative.objects.filter(pk=found(principal.cooperative_id)).first())
    figures = group_figures(cooperative_id=cooperative.pk, on=timezone.localdate())
    return render(
        request,
        "portal/figures.html",
        {"figures": figures, "cooperative_name": str(cooperative)},
    )


WORKLIST_PAGE_SIZE = 50


@login_required
def worklist(request: HttpRequest, section: str, item: str) -> HttpResponse:
    """Exactly what one count on the home counts, one row each linking to its page."""
    scope = Scope.of(principal_of(request))
    spec = found(SECTIONS_BY_KEY.get(section))
    require(spec.applies(scope))
    entry = found(next((i for i in spec.items if i.key == item), None))
    objects = entry.objects(scope)
    page = Paginator(objects, WORKLIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/worklist.html",
        {
            "item": entry,
            "section_title": section_title(scope, spec),
            "page": page,
            # Each cell with its column, so a phone can show the heading beside the value.
            "rows": [
                (
                    row,
                    [
                        (column, cell, i == row.link)
                        for i, (column, cell) in enumerate(
                            zip(entry.columns, row.cells, strict=True)
                        )
                    ],
                )
                for row in (entry.row(obj) for obj in page)
            ],
            "figure": entry.figure(scope) if entry.figure else None,
            "amount": entry.amount(scope) if entry.amount else None,
        },
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
