from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """The six digits of an authenticator app (or, where ``recovery`` is allowed, a
    recovery code)."""

    token = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "spellcheck": "false",
                "autocapitalize": "off",
            }
        ),
    )

    def __init__(self, *args: object, recovery: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form's own arguments
        field = self.fields["token"]
        if recovery:
            field.help_text = _("The six digits your app shows now, or one of your recovery codes.")
            # A recovery code holds letters: no numeric keypad.
            field.widget.attrs.pop("inputmode", None)
        else:
            field.help_text = _("The six digits your app shows now.")
