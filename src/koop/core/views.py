"""The audit trail, readable by administrators, and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from koop.core.access import principal_of, require
from koop.core.audit import (
    action_label,
    audit_object_types,
    field_label,
    object_type_label,
    value_label,
)
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
    rows = [
        (entry, action_label(entry.action, entry.object_type), object_type_label(entry.object_type))
        for entry in page
    ]
    return render(
        request,
        "koop/audit_list.html",
        {
            "page": page,
            "rows": rows,
            "object_type": object_type,
            "object_types": audit_object_types(),
        },
    )


@login_required
def audit_object(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    require(principal_of(request).is_admin)
    entries = AuditEntry.objects.filter(object_type=object_type, object_id=object_id)
    shown = [
        (
            entry,
            action_label(entry.action, object_type),
            [
                (
                    field_label(object_type, name),
                    value_label(object_type, name, before),
                    value_label(object_type, name, after),
                )
                for name, before, after in entry.changes()
            ],
        )
        for entry in entries.select_related("actor")
    ]
    latest = shown[0][0].object_repr if shown else ""
    return render(
        request,
        "koop/audit_object.html",
        {"entries": shown, "kind": object_type_label(object_type), "name": latest},
    )
