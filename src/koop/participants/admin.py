"""What administrators keep up to date by hand: the kinds of support, the compensation rates,
the referring bodies and who may read every case file. Case files themselves are never
shown here (they are read only through their logged page)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from koop.core.admin import AuditedAdmin
from koop.participants.models import CaseReader, CompensationRate, ReferringBody, SupportKind


@admin.register(SupportKind)
class SupportKindAdmin(AuditedAdmin):
    list_display = ["name", "code", "active", "sort_order"]
    list_editable = ["active", "sort_order"]


@admin.register(CompensationRate)
class CompensationRateAdmin(AuditedAdmin):
    list_display = ["body_kind", "support_kind", "amount", "basis", "valid_from", "valid_to"]
    list_filter = ["body_kind", "support_kind", "basis"]


@admin.register(ReferringBody)
class ReferringBodyAdmin(AuditedAdmin):
    list_display = ["name", "department", "kind", "municipality", "active"]
    list_filter = ["kind", "active"]


@admin.register(CaseReader)
class CaseReaderAdmin(AuditedAdmin):
    list_display = ["user", "note", "granted_at", "granted_by"]
    raw_id_fields = ["user"]
    readonly_fields = ["granted_by"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)
