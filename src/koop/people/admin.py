from django.contrib import admin

from koop.core.admin import AuditedAdmin
from koop.people.models import Employment, Membership, Person, RoleAssignment


class EmploymentInline(admin.TabularInline):
    model = Employment
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["last_name", "first_name", "email"]
    search_fields = ["last_name", "first_name", "email"]
    audit_exclude = frozenset({"personnummer"})
    raw_id_fields = ["user"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["person", "started_on", "ended_on"]
    raw_id_fields = ["person"]


@admin.register(Employment)
class EmploymentAdmin(AuditedAdmin):
    list_display = ["person", "kind", "unit", "started_on", "ended_on", "wage_step"]
    list_filter = ["kind"]
    raw_id_fields = ["person"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
