"""Payments against issued invoices, never more than is owed."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.billing.models import (
    Invoice,
    InvoiceKind,
    Payment,
)
from koop.billing.services.common import Actor, _decimal, _user_or_none
from koop.billing.services.ledger_posting import (
    _post_payment_to_ledger,
)
from koop.core.audit import audit_record, snapshot
from koop.core.errors import FieldProblem, KoopValidationError
from koop.core.money import round_money
from koop.core.validation import validate_model


def payment_register(
    *,
    invoice: Invoice,
    paid_on: dt.date,
    amount: object,
    acting_user: Actor,
    reference: str = "",
) -> Payment:
    """Register a payment (full or partial) against ``invoice``; never more than is owed."""
    from koop.billing.selectors import invoice_balance

    value = _decimal(amount, field="amount")
    problems: list[FieldProblem] = []
    if value <= 0:
        problems.append(FieldProblem("amount", _("A payment is more than 0.")))
    elif value != round_money(value):
        problems.append(FieldProblem("amount", _("Give the amount in kronor and öre.")))
    if paid_on > timezone.localdate():
        problems.append(FieldProblem("paid_on", _("A payment date cannot be in the future.")))
    if problems:
        raise KoopValidationError(problems)
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if locked.kind != InvoiceKind.INVOICE:
            raise KoopValidationError(
                _("Payments are registered against invoices, not credit notes."),
                field="invoice",
            )
        if paid_on < locked.issue_date:
            raise KoopValidationError(
                _("The payment date is before the invoice date."), field="paid_on"
            )
        owed = invoice_balance(locked).outstanding
        if value > owed:
            raise KoopValidationError(
                _("%(amount)s is more than is owed on this invoice (%(owed)s).")
                % {"amount": value, "owed": owed},
                field="amount",
            )
        payment = Payment(
            invoice=locked,
            paid_on=paid_on,
            amount=value,
            reference=reference.strip(),
            registered_by=_user_or_none(acting_user),
        )
        validate_model(payment, exclude=["registered_by"])
        payment.save()
        _post_payment_to_ledger(payment, locked, acting_user)
        audit_record(
            actor=acting_user,
            action="payment_register",
            obj=payment,
            before=None,
            after=snapshot(payment),
        )
    return payment
