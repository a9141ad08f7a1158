"""Back-office views of the work app. Work orders are read here, never changed: their
states move only through the services (and the database refuses the rest)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from koop.core.admin import AuditedAdmin
from koop.work.models import Agreement, Customer, PriceListItem, WorkOrder, WorkOrderStatusChange


@admin.register(Customer)
class CustomerAdmin(AuditedAdmin):
    list_display = ["name", "department", "kind", "identity_number", "peppol_id", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "department", "identity_number"]


class PriceListItemInline(admin.TabularInline):
    model = PriceListItem
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(AuditedAdmin):
    list_display = ["title", "customer", "kind", "valid_from", "valid_to", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "procurement_reference"]
    inlines = [PriceListItemInline]


class StatusChangeInline(admin.TabularInline):
    model = WorkOrderStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["at", "by", "from_status", "to_status", "note"]


@admin.register(WorkOrder)
class WorkOrderAdmin(admin.ModelAdmin):
    list_display = ["pk", "unit", "customer", "planned_date", "status", "invoice_ref"]
    list_filter = ["status"]
    search_fields = ["description", "invoice_ref"]
    inlines = [StatusChangeInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
