"""The cooperative's invoice settings."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from koop.billing.models import (
    Invoice,
    InvoiceNumberCounter,
    InvoiceSettings,
)
from koop.billing.numbering import counter_ensure
from koop.billing.payment_refs import normalise_bankgiro, normalise_plusgiro
from koop.billing.services.common import Actor
from koop.core.audit import audit_record, snapshot
from koop.core.errors import KoopValidationError
from koop.core.validation import validate_model
from koop.organisation.models import Cooperative


def invoice_settings_save(
    *, cooperative: Cooperative, acting_user: Actor, **fields: Any
) -> InvoiceSettings:
    """Create or change the cooperative's invoice settings (the first number only until
    an invoice is issued: after that the series is fixed)."""
    with transaction.atomic():
        current = InvoiceSettings.objects.select_for_update().filter(cooperative=cooperative)
        settings = current.first() or InvoiceSettings(cooperative=cooperative)
        before = snapshot(settings) if settings.pk else None
        for name, value in fields.items():
            setattr(settings, name, value)
        validate_model(settings)
        settings.bankgiro = normalise_bankgiro(settings.bankgiro)
        if settings.plusgiro:
            settings.plusgiro = normalise_plusgiro(settings.plusgiro)
        issued = Invoice.objects.filter(cooperative=cooperative).exists()
        if issued and before is not None and before["first_number"] != settings.first_number:
            raise KoopValidationError(
                _("The number series cannot change once invoices have been issued."),
                field="first_number",
            )
        settings.save()
        if not issued:
            # A counter only moves forward (the database refuses less); before the first
            # invoice it has numbered nothing, so it is made again at the new first number.
            InvoiceNumberCounter.objects.filter(cooperative=cooperative).exclude(
                next_number=settings.first_number
            ).delete()
            counter_ensure(cooperative_id=cooperative.pk)
        audit_record(
            actor=acting_user,
            action="invoice_settings_save",
            obj=settings,
            before=before,
            after=snapshot(settings),
        )
    return settings
