"""What issuing, crediting and paying post to the ledger, in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from koop.billing.models import (
    Invoice,
    InvoiceKind,
    InvoiceLine,
    InvoiceSettings,
    InvoiceVatAmount,
    Payment,
)
from koop.billing.services.common import Actor
from koop.core.money import ZERO


def _post_to_ledger(
    invoice: Invoice,
    lines: Iterable[InvoiceLine],
    vat_lines: Iterable[Any],
    acting_user: Actor,
) -> None:
    """Post the document's voucher in the ledger, in the issuing transaction.

    ``lines`` are the document's lines as just stored (read again they are the same)."""
    from koop.ledger.services import voucher_post_sale

    revenue: dict[tuple[int | None, Decimal], Decimal] = {}
    for line in lines:
        key = (line.business_area_id, line.vat_rate)
        revenue[key] = revenue.get(key, ZERO) + line.net_amount
    voucher_post_sale(
        cooperative=invoice.cooperative,
        voucher_date=invoice.issue_date,
        unit=invoice.unit,
        reference=str(invoice.number),
        text=f"{invoice.get_kind_display()} {invoice.number} {invoice.buyer.get('name', '')}",
        receivable=invoice.payable,
        revenue=[
            (area, rate, net)
            for (area, rate), net in sorted(
                revenue.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1])
            )
        ],
        vat=[(v.rate, v.vat_amount) for v in vat_lines],
        credit_note=invoice.kind == InvoiceKind.CREDIT_NOTE,
        acting_user=acting_user,
    )


def _post_payment_to_ledger(payment: Payment, invoice: Invoice, acting_user: Actor) -> None:
    """Post the payment's voucher (bank against receivables) in the registering transaction."""
    from koop.ledger.services import voucher_post_payment

    voucher_post_payment(
        cooperative=invoice.cooperative,
        voucher_date=payment.paid_on,
        unit=invoice.unit,
        reference=str(invoice.number),
        text=f"{_('Payment')} {invoice.number} {invoice.buyer.get('name', '')}".strip(),
        amount=payment.amount,
        acting_user=acting_user,
        payment_key=str(payment.pk),
    )


def _vat_rows(
    invoice: Invoice, vat_lines: Iterable[Any], settings: InvoiceSettings
) -> list[InvoiceVatAmount]:
    """The document's VAT rows, to be stored with it (``invoice_store``)."""
    return [
        InvoiceVatAmount(
            invoice=invoice,
            position=i,
            rate=v.rate,
            category=v.category,
            taxable_amount=v.taxable_amount,
            vat_amount=v.vat_amount,
            exemption_reason="" if v.rate > 0 else settings.vat_exemption_reason,
        )
        for i, v in enumerate(vat_lines, start=1)
    ]
