"""Billing: invoice settings, drafts, issued invoices and credit notes, payments.

Responsible for turning done work (or free lines) into invoices: numbering them in the
cooperative's gapless series, computing VAT per rate, and keeping every issued invoice
exactly as it was issued. An issued invoice, its lines, its VAT amounts and its payments
are insert-only; the database refuses updates and deletes (migration 0002). Corrections
are credit notes. Billing must never change a work order except through the work app's
``work_order_mark_invoiced``; it posts to the ledger only through the ledger's services,
in the issuing transaction, and never writes ledger rows itself."""

from koop.billing.models.drafts import InvoiceDraft, InvoiceDraftLine
from koop.billing.models.invoices import (
    Invoice,
    InvoiceKind,
    InvoiceLine,
    InvoiceVatAmount,
    UnitCode,
    VatCategory,
)
from koop.billing.models.payments import Payment, PaymentStatus
from koop.billing.models.settings import InvoiceNumberCounter, InvoiceSettings

__all__ = [
    "Invoice",
    "InvoiceDraft",
    "InvoiceDraftLine",
    "InvoiceKind",
    "InvoiceLine",
    "InvoiceNumberCounter",
    "InvoiceSettings",
    "InvoiceVatAmount",
    "Payment",
    "PaymentStatus",
    "UnitCode",
    "VatCategory",
]
