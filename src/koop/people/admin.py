from django import forms
from django.contrib import admin

from koop.core.admin import AuditedAdmin
from koop.core.identifiers import normalise_personnummer
from koop.people.models import Employment, Membership, Person, RoleAssignment


class EmploymentInline(admin.TabularInline):
    model = Employment
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


class PersonAdminForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = "__all__"  # noqa: DJ007  (the back office corrects any field)

    def clean_personnummer(self) -> str | None:
        # Stored in the one form the services store, so uniqueness compares like with like.
        value = self.cleaned_data.get("personnummer")
        return normalise_personnummer(value) if value else None


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    form = PersonAdminForm
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
