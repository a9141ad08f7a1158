"""Forms of the work pages. They check types; the services check the rules. When a form
finds fault with some fields, the page still asks the service about the others (its
``*_check`` function), so every problem shows at once: ``add_remaining_problems``."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from koop.core.errors import KoopValidationError
from koop.core.forms import DateInput, DecimalField, add_service_errors
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


def add_remaining_problems(form: forms.BaseForm, error: KoopValidationError) -> None:
    """The service's problems beside their fields, except on fields the form has already
    marked: the form's message says what was wrong with what was typed, and the service,
    not given that field, would only repeat that it is missing."""
    remaining = [p for p in error.problems if not (p.field and p.field in form.errors)]
    if remaining:
        add_service_errors(form, KoopValidationError(remaining))


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
    title = forms.CharField(label=pgettext_lazy("name of an agreement", "Title"), max_length=200)
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
    price = DecimalField(
        label=_("Price (SEK, excl. VAT)"),
        max_digits=14,
        decimal_places=2,
        show_decimals=2,
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


class WorkOrderCustomerForm(forms.Form):
    """The first step of a work order: whose work it is. Choosing the customer brings
    their agreements (and price lists) into the work order form below it."""

    customer = forms.ModelChoiceField(
        label=_("Customer"),
        queryset=Customer.objects.none(),
        empty_label=_("Choose the customer"),
    )

    def __init__(self, *args: Any, cooperative_id: int, reload_url: str, **kwargs: Any) -> None:
        # The work order form below has its own (hidden) customer field: other ids here.
        kwargs.setdefault("auto_id", "choose_%s")
        super().__init__(*args, **kwargs)
        _set_queryset(
            self, "customer", Customer.objects.filter(cooperative_id=cooperative_id, active=True)
        )
        # With htmx, a new choice replaces the work order step in place, keeping what was
        # typed there (the token stays out of the address).
        self.fields["customer"].widget.attrs.update(
            {
                "hx-get": reload_url,
                "hx-trigger": "change",
                "hx-include": "#work-order-form",
                "hx-params": "not csrfmiddlewaretoken",
                "hx-target": "#work-order-step",
                "hx-select": "#work-order-step",
                "hx-swap": "outerHTML",
            }
        )


class WorkOrderForm(forms.Form):
    """A work order for the customer chosen above it: the agreement is one of that
    customer's active agreements covering the unit, preselected when there is one."""

    customer = forms.ModelChoiceField(
        label=_("Customer"), queryset=Customer.objects.none(), widget=forms.HiddenInput
    )
    agreement = forms.ModelChoiceField(
        # Not a participant's three-party agreement (överenskommelse): a customer's (avtal).
        label=pgettext_lazy("with a customer", "Agreement"),
        queryset=Agreement.objects.none(),
        required=False,
        empty_label=_("No agreement (free prices)"),
        help_text=_("The customer's active agreements; its price list prices the time."),
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
        if not self.is_bound and not self.initial.get("agreement"):
            only = list(agreements[:2])
            if len(only) == 1:
                self.initial["agreement"] = only[0].pk


class TimeRowForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Who"), queryset=Person.objects.none())
    date = forms.DateField(label=_("Date"), widget=DateInput())
    hours = DecimalField(label=_("Hours"), max_digits=5, decimal_places=2)
    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=PriceListItem.objects.none(),
        required=False,
        empty_label=_("Other work (free price)"),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    hourly_price = DecimalField(
        label=_("Hourly price (free price)"),
        max_digits=14,
        decimal_places=2,
        show_decimals=2,
        required=False,
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
    quantity = DecimalField(label=_("Quantity"), max_digits=10, decimal_places=2)
    unit_price = DecimalField(
        label=_("Unit price (free text)"),
        max_digits=14,
        decimal_places=2,
        show_decimals=2,
        required=False,
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
