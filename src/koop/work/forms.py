"""Forms of the work pages. They check types; the services check the rules."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koop.core.forms import DateInput
from koop.core.vat import vat_rates_on
from koop.organisation.models import BusinessArea, Unit
from koop.people.models import Person
from koop.work.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Customer,
    CustomerKind,
    PriceItemKind,
    PriceListItem,
    WorkOrderStatus,
)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


def _vat_choices() -> list[tuple[str, str]]:
    return [(str(r), f"{r.normalize()} %") for r in vat_rates_on(timezone.localdate())]


class CustomerForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CustomerKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    department = forms.CharField(
        label=_("Department"),
        max_length=200,
        required=False,
        help_text=_("For a public body: the department or office that buys."),
    )
    identity_number = forms.CharField(
        label=_("Org.nr / personnummer"),
        max_length=13,
        required=False,
        help_text=_("Organisation number NNNNNN-NNNN; for a private person YYYYMMDD-NNNN."),
    )
    vat_number = forms.CharField(label=_("VAT number"), max_length=14, required=False)
    street_address = forms.CharField(label=_("Street address"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=10, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    country = forms.CharField(label=_("Country"), max_length=2, initial="SE")
    invoice_email = forms.EmailField(label=_("Invoice e-mail"), required=False)
    buyer_reference = forms.CharField(
        label=_("Buyer reference (Er referens)"),
        max_length=100,
        required=False,
        help_text=_("Required for a public body."),
    )
    peppol_id = forms.CharField(
        label=_("Peppol participant id"),
        max_length=50,
        required=False,
        help_text=_("Left empty for a public body: 0007: and its organisation number."),
    )
    payment_terms_days = forms.IntegerField(
        label=_("Payment terms (days)"), min_value=0, max_value=365, initial=30
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class AgreementForm(forms.Form):
    customer = forms.ModelChoiceField(label=_("Customer"), queryset=Customer.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    procurement_reference = forms.CharField(
        label=_("Procurement reference"),
        max_length=100,
        required=False,
        help_text=_("Required for a reserved contract (LOU 4 kap. 18 §)."),
    )
    units = forms.ModelMultipleChoiceField(label=_("Units"), queryset=Unit.objects.none())
    business_area = forms.ModelChoiceField(
        label=_("Business area"), queryset=BusinessArea.objects.none()
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_to = forms.DateField(label=_("Valid to"), widget=DateInput(), required=False)
    social_requirements = forms.CharField(
        label=_("Social requirements"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (AgreementStatus.ACTIVE.value, AgreementStatus.ACTIVE.label),
            (AgreementStatus.DRAFT.value, AgreementStatus.DRAFT.label),
        ],
    )

    def __init__(
        self, *args: Any, cooperative_id: int | None, units: Iterable[Unit], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        customers = Customer.objects.filter(cooperative_id=cooperative_id or 0, active=True)
        _set_queryset(self, "customer", customers)
        _set_queryset(self, "units", Unit.objects.filter(pk__in=[u.pk for u in units]))
        _set_queryset(
            self, "business_area", BusinessArea.objects.filter(cooperative_id=cooperative_id or 0)
        )


class PriceItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PriceItemKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    price = forms.DecimalField(
        label=_("Price (SEK, excl. VAT)"),
        max_digits=14,
        decimal_places=2,
        help_text=_("Per hour for a service, per piece for an article."),
    )
    vat_rate = forms.TypedChoiceField(label=_("VAT rate"), coerce=Decimal, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        vat = self.fields["vat_rate"]
        assert isinstance(vat, forms.TypedChoiceField)
        vat.choices = _vat_choices()


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("To"), choices=WorkOrderStatus.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class AgreementTransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("To"), choices=AgreementStatus.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class WorkOrderForm(forms.Form):
    customer = forms.ModelChoiceField(label=_("Customer"), queryset=Customer.objects.none())
    agreement = forms.ModelChoiceField(
        label=_("Agreement"), queryset=Agreement.objects.none(), required=False
    )
    business_area = forms.ModelChoiceField(
        label=_("Business area"),
        queryset=BusinessArea.objects.none(),
        required=False,
        help_text=_("Taken from the agreement when left empty."),
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    planned_date = forms.DateField(label=_("Planned date"), widget=DateInput())
    planned_start = forms.TimeField(label=_("Start time"), widget=TimeInput(), required=False)
    planned_end = forms.TimeField(label=_("End time"), widget=TimeInput(), required=False)
    assigned = forms.ModelMultipleChoiceField(
        label=_("Assigned people"), queryset=Person.objects.none(), required=False
    )

    def __init__(
        self,
        *args: Any,
        unit: Unit,
        agreements: QuerySet[Agreement],
        people: QuerySet[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(
            self,
            "customer",
            Customer.objects.filter(cooperative_id=unit.cooperative_id, active=True),
        )
        _set_queryset(self, "agreement", agreements)
        _set_queryset(self, "business_area", unit.business_areas.order_by("name"))
        _set_queryset(self, "assigned", people)


class TimeRowForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Who"), queryset=Person.objects.none())
    date = forms.DateField(label=_("Date"), widget=DateInput())
    hours = forms.DecimalField(
        label=_("Hours"),
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
    )
    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=PriceListItem.objects.none(),
        required=False,
        empty_label=_("Other work (free price)"),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    hourly_price = forms.DecimalField(
        label=_("Hourly price (free price)"), max_digits=14, decimal_places=2, required=False
    )
    vat_rate = forms.TypedChoiceField(
        label=_("VAT rate (free price)"),
        coerce=Decimal,
        choices=(),
        required=False,
        empty_value=None,
    )

    def __init__(
        self, *args: Any, people: QuerySet[Person], services: QuerySet[PriceListItem], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "person", people)
        _set_queryset(self, "service", services)
        vat = self.fields["vat_rate"]
        assert isinstance(vat, forms.TypedChoiceField)
        vat.choices = _vat_choices()


class MaterialRowForm(forms.Form):
    article = forms.ModelChoiceField(
        label=_("Article"),
        queryset=PriceListItem.objects.none(),
        required=False,
        empty_label=_("Other material (free text)"),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    quantity = forms.DecimalField(
        label=_("Quantity"),
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal"}),
    )
    unit_price = forms.DecimalField(
        label=_("Unit price (free text)"), max_digits=14, decimal_places=2, required=False
    )
    vat_rate = forms.TypedChoiceField(
        label=_("VAT rate (free text)"),
        coerce=Decimal,
        choices=(),
        required=False,
        empty_value=None,
    )

    def __init__(self, *args: Any, articles: QuerySet[PriceListItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "article", articles)
        vat = self.fields["vat_rate"]
        assert isinstance(vat, forms.TypedChoiceField)
        vat.choices = _vat_choices()


def _set_queryset(form: forms.Form, name: str, queryset: QuerySet[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset
