"""Forms of the participants pages. They only parse input; the services judge it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koop.core.forms import DateInput
from koop.organisation.models import BusinessArea, Unit
from koop.participants.models import (
    AgreementChangeKind,
    ExitOutcome,
    GoalStatus,
    ReferringBody,
    SupportKind,
    Weekday,
)
from koop.people.models import Employment, Person


class ParticipantForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    personnummer = forms.CharField(
        label=_("Personnummer"),
        max_length=13,
        required=False,
        help_text=_("Optional. YYYYMMDD-NNNN; shown masked."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)


class ReferralForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Referring body"), queryset=ReferringBody.objects.none())
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    support_kind = forms.ModelChoiceField(
        label=_("Kind of support"), queryset=SupportKind.objects.filter(active=True)
    )
    decision_reference = forms.CharField(label=_("Decision reference"), max_length=100)
    decision_date = forms.DateField(label=_("Decision date"), widget=DateInput())
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), widget=DateInput())
    hours_per_week = forms.DecimalField(label=_("Hours per week"), max_digits=4, decimal_places=1)
    officer_name = forms.CharField(label=_("Case officer"), max_length=200)
    officer_phone = forms.CharField(label=_("Case officer's phone"), max_length=40, required=False)
    officer_email = forms.EmailField(label=_("Case officer's e-mail"), required=False)

    def __init__(
        self, *args: Any, cooperative_id: int, units: QuerySet[Unit], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        body = self.fields["body"]
        unit = self.fields["unit"]
        assert isinstance(body, forms.ModelChoiceField)
        assert isinstance(unit, forms.ModelChoiceField)
        body.queryset = ReferringBody.objects.filter(cooperative_id=cooperative_id, active=True)
        unit.queryset = units


class PlacementForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    business_area = forms.ModelChoiceField(
        label=_("Business area"), queryset=BusinessArea.objects.none(), required=False
    )
    supervisor = forms.ModelChoiceField(
        label=_("Supervisor (handledare)"), queryset=Person.objects.none()
    )
    starts_on = forms.DateField(label=_("From"), widget=DateInput())

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        staff = Employment.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today), unit__in=units
        ).values("person_id")
        fields = self.fields
        for name, queryset in (
            ("unit", units),
            ("business_area", BusinessArea.objects.filter(units__in=units).distinct()),
            ("supervisor", Person.objects.filter(pk__in=staff)),
        ):
            f = fields[name]
            assert isinstance(f, forms.ModelChoiceField)
            f.queryset = queryset
        for day in Weekday:
            fields[f"hours_{day.value}"] = forms.DecimalField(
                label=_("Hours on %(day)s") % {"day": day.label},
                required=False,
                max_digits=4,
                decimal_places=1,
                min_value=0,
                max_value=12,
                initial=6 if day.value < 5 else None,
            )

    def schedule(self) -> dict[int, Any]:
        return {
            day.value: self.cleaned_data[f"hours_{day.value}"]
            for day in Weekday
            if self.cleaned_data.get(f"hours_{day.value}")
        }


class AgreementChangeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Change"), choices=AgreementChangeKind.choices)
    new_ends_on = forms.DateField(label=_("New end date"), widget=DateInput())
    decision_reference = forms.CharField(
        label=_("Decision reference"), max_length=100, required=False
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class GoalForm(forms.Form):
    text = forms.CharField(label=_("Goal"), max_length=300)
    target_on = forms.DateField(label=_("Target date"), widget=DateInput(), required=False)


class StepForm(forms.Form):
    text = forms.CharField(label=_("Step"), max_length=300)
    due_on = forms.DateField(label=_("By"), widget=DateInput(), required=False)


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    next_on = forms.DateField(label=_("Next meeting"), widget=DateInput(), required=False)


class ExitForm(forms.Form):
    exited_on = forms.DateField(label=_("Exit date"), widget=DateInput())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ExitOutcome.choices)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)


class StepDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DateInput(), required=False)

    def clean_done_on(self) -> Any:
        done_on = self.cleaned_data.get("done_on") or timezone.localdate()
        if done_on > timezone.localdate():
            raise forms.ValidationError(_("A step cannot be done in the future."))
        return done_on


class ExitFollowUpForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DateInput())
    outcome = forms.ChoiceField(label=_("Where the person is now"), choices=ExitOutcome.choices)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean_done_on(self) -> Any:
        done_on = self.cleaned_data["done_on"]
        if done_on > timezone.localdate():
            raise forms.ValidationError(_("A follow-up cannot be done in the future."))
        return done_on


class CaseFileForm(forms.Form):
    health = forms.CharField(
        label=_("Health"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    disability = forms.CharField(
        label=_("Disability"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    background = forms.CharField(
        label=_("Background"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class ClaimForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Referring body"), queryset=ReferringBody.objects.none())
    month = forms.DateField(
        label=_("Month"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )

    def __init__(self, *args: Any, cooperative_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        body = self.fields["body"]
        assert isinstance(body, forms.ModelChoiceField)
        body.queryset = ReferringBody.objects.filter(cooperative_id=cooperative_id)


class ClaimInvoiceForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Invoicing unit"),
        queryset=Unit.objects.none(),
        help_text=_("The unit that sends the invoice and books the income."),
    )

    def __init__(self, *args: Any, cooperative_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = Unit.objects.filter(cooperative_id=cooperative_id).order_by("name")
