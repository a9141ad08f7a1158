from django import forms
from django.contrib import admin

from koop.core.admin import AuditedAdmin
from koop.core.identifiers import normalise_orgnr
from koop.organisation.models import BusinessArea, Cooperative, Municipality, Unit


class _HttpsURLField(forms.URLField):
    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("assume_scheme", "https")  # Django 6's default, without the warning
        super().__init__(**kwargs)  # type: ignore[arg-type]


class CooperativeAdminForm(forms.ModelForm):
    class Meta:
        model = Cooperative
        fields = "__all__"  # noqa: DJ007  (the back office corrects any field)
        field_classes = {"website": _HttpsURLField}

    def clean_org_number(self) -> str:
        # Stored in the one form the services store: NNNNNN-NNNN.
        return normalise_orgnr(self.cleaned_data["org_number"])


@admin.register(Cooperative)
class CooperativeAdmin(AuditedAdmin):
    form = CooperativeAdminForm
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
