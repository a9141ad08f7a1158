"""Showing a service's errors on the form that fed it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db import models

from koop.core.errors import KoopValidationError
from koop.core.formatting import format_input, parse_decimal


def add_service_errors(form: forms.BaseForm, error: KoopValidationError) -> None:
    """Put each problem beside its field (or on top of the form when the field is not on it)."""
    for problem in error.problems:
        # A problem about a field the form does not show goes on top of the form, in the
        # service's own words: a field's internal name never reaches the screen.
        field = problem.field if problem.field in form.fields else None
        form.add_error(field, problem.message)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DecimalInput(forms.TextInput):
    """A number field that takes what people type (``3,5`` as well as ``3.5``) and shows a
    prefilled value the way the page shows numbers (``3,5`` in Swedish), never a raw
    ``3.50000000``. A text input with a decimal keypad on phones: browsers' number inputs
    refuse the decimal comma in some locales."""

    def __init__(self, attrs: dict[str, str] | None = None, *, decimals: int | None = None) -> None:
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})
        # Show exactly this many decimals (money); None: no trailing zeros (hours, quantities).
        self.decimals = decimals

    def format_value(self, value: object) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_input(value, decimals=self.decimals)
        return str(value)  # what the person typed, shown back as typed


class DecimalField(forms.DecimalField):
    """``forms.DecimalField`` reading ``3,5``, ``3.5`` and ``1 234,50`` alike."""

    widget = DecimalInput

    def __init__(self, *, show_decimals: int | None = None, **kwargs: object) -> None:
        kwargs.setdefault("widget", DecimalInput(decimals=show_decimals))
        super().__init__(**kwargs)  # type: ignore[arg-type]  # Django's own keyword arguments

    # django-stubs types DecimalField.to_python as its base IntegerField's (int | None).
    def to_python(self, value: object) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        try:
            number = parse_decimal(str(value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return number

    def widget_attrs(self, widget: forms.Widget) -> dict[str, str]:
        # No min/max/step: they belong to number inputs, and the validators check the range.
        return {}


def decimal_formfield(db_field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """The ``formfield_callback`` of ``KoopModelForm``: a model's decimal fields get the
    ``DecimalField`` above. Money fields (``max_digits=14, decimal_places=2``, the house
    rule) show both öre digits; other decimals (hours, quantities, rates) none trailing."""
    if isinstance(db_field, models.DecimalField):
        money = db_field.max_digits == 14 and db_field.decimal_places == 2
        kwargs.setdefault("form_class", DecimalField)
        kwargs.setdefault("show_decimals", 2 if money else None)
    return db_field.formfield(**kwargs)


class _KoopModelFormMetaclass(forms.models.ModelFormMetaclass):
    # Django reads ``formfield_callback`` from the form's own Meta only, which every
    # subclass replaces: give each Meta the callback unless it names its own.
    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> type:
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = decimal_formfield
        return super().__new__(mcs, name, bases, attrs)


class KoopModelForm(forms.ModelForm, metaclass=_KoopModelFormMetaclass):
    """The base of Koop's model forms: decimals typed with a comma or a point."""
