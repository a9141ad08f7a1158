"""Back-office corrections through the Django admin still leave an audit row."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from koop.core.audit import audit_record, snapshot
from koop.core.models import AuditEntry, VatRate


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletes write the audit trail in the same transaction."""

    audit_exclude: frozenset[str] = frozenset()

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = None
            if change and obj.pk is not None:
                stored = type(obj)._default_manager.filter(pk=obj.pk).first()
                before = snapshot(stored, exclude=self.audit_exclude) if stored else None
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action="admin_change" if change else "admin_add",
                obj=obj,
                before=before,
                after=snapshot(obj, exclude=self.audit_exclude),
            )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action="admin_delete",
                obj=obj,
                before=snapshot(obj, exclude=self.audit_exclude),
                after=None,
            )
            super().delete_model(request, obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id", "object_repr"]
    list_filter = ["object_type", "action"]
    search_fields = ["object_id", "object_repr"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(VatRate)
class VatRateAdmin(AuditedAdmin):
    list_display = ["rate", "valid_from", "valid_to", "label"]
