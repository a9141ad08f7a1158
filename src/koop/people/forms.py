from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from koop.core.forms import DateInput
from koop.organisation.models import Cooperative, Unit
from koop.people.models import EmploymentKind, Gender


class PersonForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    street_address = forms.CharField(label=_("Street address"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=10, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    personnummer = forms.CharField(
        label=_("Personnummer"),
        max_length=13,
        required=False,
        help_text=_("Optional. YYYYMMDD-NNNN; shown masked."),
    )


class SelfReportForm(forms.Form):
    consent = forms.BooleanField(
        label=_("The person consents to storing what they report about themself"), required=False
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", _("Not stated")), *Gender.choices], required=False
    )
    other_background = forms.NullBooleanField(
        label=_("Other ethnic background"),
        widget=forms.Select(
            choices=[("unknown", _("Not stated")), ("true", _("Yes")), ("false", _("No"))]
        ),
        required=False,
    )


class EmploymentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EmploymentKind.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    title = forms.CharField(label=_("Title"), max_length=100, required=False)
    started_on = forms.DateField(label=_("From"), widget=DateInput())
    ended_on = forms.DateField(label=_("Until"), widget=DateInput(), required=False)
    wage_step = forms.IntegerField(label=_("Wage step"), min_value=1, initial=1)

    def __init__(self, *args: object, cooperative: Cooperative, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = Unit.objects.filter(cooperative=cooperative)


class MembershipForm(forms.Form):
    started_on = forms.DateField(label=_("Member from"), widget=DateInput())
    ended_on = forms.DateField(label=_("Member until"), widget=DateInput(), required=False)
