"""The cooperative's own page. The pages that create and change a unit are in
``koop.governance.views.units``: a unit comes with its bodies, and this app sits below
governance."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from koop.core.access import principal_of
from koop.organisation.access import access_organisation, can_change_organisation
from koop.organisation.selectors import (
    business_area_list,
    cooperative_current,
    municipality_list,
)


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
