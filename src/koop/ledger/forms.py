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
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_period(self) -> dt.date:
        try:
            return dt.datetime.strptime(self.cleaned_data["period"].strip(), "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(_("Give the month as YYYY-MM.")) from None


class SieImportForm(forms.Form):
    file = forms.FileField(
        label=_("SIE file"),
        help_text=_(
            "SIE 4 (4E or 4I) or the balances of types 1-3, as the accounting program exports them."
        ),
        error_messages={
            "required": _("Choose an SIE file."),
            "empty": _("The file is empty: there is nothing to import."),
        },
    )
    dry_run = forms.BooleanField(label=_("Dry run (check only, keep nothing)"), required=False)
