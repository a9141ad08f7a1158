"""Showing a service's errors on the form that fed it."""

from __future__ import annotations

from django import forms

from koop.core.errors import KoopValidationError


def add_service_errors(form: forms.BaseForm, error: KoopValidationError) -> None:
    """Put each problem beside its field (or on top of the form when the field is not on it)."""
    for problem in error.problems:
        field = problem.field if problem.field in form.fields else None
        if field is None and problem.field:
            label = problem.field.replace("_", " ")
            form.add_error(None, f"{label}: {problem.message}")
        else:
            form.add_error(field, problem.message)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
