from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from koop.core.forms import DateInput
from koop.organisation.models import BusinessArea, Cooperative, Municipality, UnitStatus


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none()
    )
    business_areas = forms.ModelMultipleChoiceField(
        label=_("Business areas"), queryset=BusinessArea.objects.none(), required=False
    )
    cost_centre = forms.CharField(
        label=_("Cost centre"),
        max_length=20,
        help_text=_("The unit's code in the books (SIE dimension 1)."),
    )
    started_on = forms.DateField(label=_("Start date"), widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=UnitStatus.choices)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: object, cooperative: Cooperative, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["municipality"].queryset = cooperative.municipalities.all()  # type: ignore[attr-defined]
        self.fields["business_areas"].queryset = cooperative.business_areas.all()  # type: ignore[attr-defined]
