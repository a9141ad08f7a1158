"""Forms of the billing pages. They check shapes; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koop.billing.models import Invoice, InvoiceSettings, PaymentStatus, UnitCode
from koop.core.formatting import format_number
from koop.core.forms import DateInput, DecimalField, KoopModelForm
from koop.organisation.models import BusinessArea, Municipality, Unit
from koop.work.models import Customer, WorkOrder, WorkOrderStatus


class InvoiceFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *PaymentStatus.choices],
    )
    customer = forms.ModelChoiceField(
        label=_("Customer"),
        required=False,
        queryset=Customer.objects.none(),
        empty_label=_("All customers"),
    )

    def __init__(self, *args: Any, unit_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the customers this unit has invoiced: a cooperative has thousands.
        self.fields["customer"].queryset = Customer.objects.filter(  # type: ignore[attr-defined]  # ModelChoiceField
            pk__in=Invoice.objects.filter(unit_id=unit_id).values("customer_id")
        )


class GroupInvoiceFilterForm(forms.Form):
    """The group-wide lists' filters: a unit, a municipality, a status (all optional)."""

    unit = forms.ModelChoiceField(
        label=_("Unit"), required=False, queryset=Unit.objects.none(), empty_label=_("All units")
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.none(),
        empty_label=_("All municipalities"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *PaymentStatus.choices],
    )

    def __init__(
        self, *args: Any, cooperative_id: int, with_status: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]  # ModelChoiceField
            cooperative_id=cooperative_id
        ).order_by("name")
        self.fields["municipality"].queryset = Municipality.objects.filter(  # type: ignore[attr-defined]  # ModelChoiceField
            cooperative_id=cooperative_id
        ).order_by("name")
        if not with_status:
            del self.fields["status"]

    def filters(self) -> dict[str, Any]:
        """The chosen filters as ``invoice_list`` takes them (an invalid choice: none)."""
        if not self.is_bound or not self.is_valid():
            return {"unit_id": None, "municipality_id": None, "status": ""}
        data = self.cleaned_data
        return {
            "unit_id": data["unit"].pk if data["unit"] else None,
            "municipality_id": data["municipality"].pk if data["municipality"] else None,
            "status": data.get("status") or "",
        }


class DraftStartForm(forms.Form):
    customer = forms.ModelChoiceField(label=_("Customer"), queryset=Customer.objects.none())
    work_orders = forms.TypedMultipleChoiceField(
        label=_("Done work orders"),
        required=False,
        coerce=int,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        cooperative_id: int,
        unit_id: int,
        chosen_id: int | None,
        work_order_choices: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The customers this unit works or has worked for (and the one asked for): a
        # cooperative has thousands, a phone shows a short list.
        worked_for = WorkOrder.objects.filter(
            unit_id=unit_id, status__in=[WorkOrderStatus.DONE, WorkOrderStatus.INVOICED]
        ).values("customer_id")
        self.fields["customer"].queryset = Customer.objects.filter(  # type: ignore[attr-defined]  # ModelChoiceField
            Q(pk__in=worked_for) | Q(pk=chosen_id or 0),
            cooperative_id=cooperative_id,
            active=True,
        )
        self.fields["work_orders"].choices = work_order_choices  # type: ignore[attr-defined]  # ChoiceField


class DraftLineForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=300)
    quantity = DecimalField(label=_("Quantity"), max_digits=12, decimal_places=3)
    unit_code = forms.ChoiceField(label=_("Unit"), choices=UnitCode.choices)
    unit_price = DecimalField(
        label=_("Unit price"), max_digits=14, decimal_places=2, show_decimals=2
    )
    vat_rate = forms.TypedChoiceField(label=_("VAT rate (%)"), choices=[], coerce=str)
    business_area = forms.ModelChoiceField(
        label=_("Business area"), queryset=BusinessArea.objects.none()
    )

    def __init__(
        self, *args: Any, cooperative_id: int, vat_rates: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vat_rate"].choices = [  # type: ignore[attr-defined]  # ChoiceField
            (str(r), f"{r.normalize()} %") for r in vat_rates
        ]
        self.fields["business_area"].queryset = BusinessArea.objects.filter(  # type: ignore[attr-defined]  # ModelChoiceField
            cooperative_id=cooperative_id
        )


class DraftEditForm(forms.Form):
    buyer_reference = forms.CharField(
        label=_("Buyer reference (Er referens)"), max_length=100, required=False
    )
    contract_reference = forms.CharField(
        label=_("Contract reference"), max_length=100, required=False
    )
    period_start = forms.DateField(label=_("Supplied from"), required=False, widget=DateInput())
    period_end = forms.DateField(label=_("Supplied until"), required=False, widget=DateInput())
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("Payment date"), widget=DateInput())
    amount = DecimalField(label=_("Amount (SEK)"), max_digits=14, decimal_places=2, show_decimals=2)
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)


class CreditNoteForm(forms.Form):
    """One quantity field per invoice line (``line_<id>``), or everything left."""

    whole = forms.BooleanField(label=_("Credit everything not yet credited"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args: Any, lines: list[tuple[Any, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line_fields: list[tuple[Any, Any, str]] = []
        for line, remaining in lines:
            name = f"line_{line.pk}"
            self.fields[name] = DecimalField(
                label=f"{line.line_no}. {line.description}",
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=3,
                help_text=_("At most %(left)s")
                % {"left": format_number(remaining, max_decimals=3)},
            )
            self.line_fields.append((line, remaining, name))

    def quantities(self) -> dict[int, Any] | None:
        if self.cleaned_data.get("whole"):
            return None
        return {
            line.pk: self.cleaned_data[name]
            for line, _remaining, name in self.line_fields
            if self.cleaned_data.get(name)
        }


class InvoiceSettingsForm(KoopModelForm):
    class Meta:
        model = InvoiceSettings
        fields = [
            "bankgiro",
            "plusgiro",
            "iban",
            "bic",
            "payment_terms_days",
            "late_interest_text",
            "f_tax_text",
            "vat_exemption_reason",
            "first_number",
        ]
