"""An issued invoice as files: the PDF to print or e-mail, the Peppol UBL to send."""

from __future__ import annotations

from koop.billing.document_build import build_invoice_document
from koop.billing.models import Invoice
from koop.core.errors import KoopValidationError


def invoice_pdf(invoice: Invoice) -> bytes:
    from koop.billing.documents.pdf import render_invoice_pdf

    return render_invoice_pdf(build_invoice_document(invoice))


def invoice_ubl(invoice: Invoice) -> bytes:
    """The Peppol BIS Billing 3.0 file; a validation error naming what it lacks if the
    invoice cannot be one (a buyer without a buyer reference, for example)."""
    from koop.billing.documents.ubl import UblRenderError, render_invoice_ubl

    try:
        return render_invoice_ubl(build_invoice_document(invoice))
    except UblRenderError as error:
        raise KoopValidationError(str(error), field="ubl") from None


def file_name(invoice: Invoice, extension: str) -> str:
    prefix = "kreditnota" if invoice.is_credit_note else "faktura"
    return f"{prefix}-{invoice.number}.{extension}"
