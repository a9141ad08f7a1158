"""The audit trail, readable by administrators, and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from koop.core.access import principal_of, require
from koop.core.models import AuditEntry


def health(request: HttpRequest) -> HttpResponse:
    """Answers "ok" without touching the database: for load balancers, and the baseline
    the page benchmarks compare against."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    require(principal_of(request).is_admin)
    entries = AuditEntry.objects.select_related("actor")
    object_type = request.GET.get("type", "")
    if object_type:
        entries = entries.filter(object_type=object_type)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "koop/audit_list.html", {"page": page, "object_type": object_type})


@login_required
def audit_object(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    require(principal_of(request).is_admin)
    entries = AuditEntry.objects.filter(object_type=object_type, object_id=object_id)
    return render(
        request,
        "koop/audit_object.html",
        {
            "entries": entries.select_related("actor"),
            "object_type": object_type,
            "object_id": object_id,
        },
    )
