from django.contrib import admin

from koop.core.admin import AuditedAdmin
from koop.organisation.models import BusinessArea, Cooperative, Municipality, Unit


@admin.register(Cooperative)
class CooperativeAdmin(AuditedAdmin):
    list_display = ["name", "org_number"]


@admin.register(Municipality)
class MunicipalityAdmin(AuditedAdmin):
    list_display = ["name", "code", "cooperative"]


@admin.register(BusinessArea)
class BusinessAreaAdmin(AuditedAdmin):
    list_display = ["name", "code"]


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["name", "municipality", "cost_centre", "status", "started_on"]
    list_filter = ["status", "municipality"]
    search_fields = ["name", "cost_centre"]
    filter_horizontal = ["business_areas"]
