"""Ledger forms."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _


class LevyRunForm(forms.Form):
    period = forms.CharField(
        label=_("Month"),
        help_text=_("YYYY-MM"),
        max_length=7,
        widget=forms.TextInput(attrs={"placeholder": "YYYY-MM", "inputmode": "numeric"}),
    )

    def clean_period(self) -> dt.date:
        try:
            return dt.datetime.strptime(self.cleaned_data["period"].strip(), "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(_("Give the month as YYYY-MM.")) from None
