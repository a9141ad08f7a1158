"""Building the ``InvoiceDocument`` of an issued invoice from its stored rows."""

from __future__ import annotations

from typing import Any

from koop.billing.documents.model import (
    Address,
    Buyer,
    DocumentKind,
    DocumentLine,
    InvoiceDocument,
    Seller,
    Totals,
    VatBreakdownEntry,
    VatCategory,
)
from koop.billing.models import Invoice, InvoiceKind


def _address(data: dict[str, Any]) -> Address:
    return Address(
        street=data.get("street", ""),
        postal_code=data.get("postal_code", ""),
        city=data.get("city", ""),
        country=data.get("country", "") or "SE",
    )


def _seller(data: dict[str, Any]) -> Seller:
    fields = {k: v for k, v in data.items() if k in Seller.__dataclass_fields__}
    fields["address"] = _address(data.get("address", {}))
    return Seller(**fields)


def _buyer(data: dict[str, Any]) -> Buyer:
    fields = {k: v for k, v in data.items() if k in Buyer.__dataclass_fields__}
    fields["address"] = _address(data.get("address", {}))
    return Buyer(**fields)


def terms_text(days: int) -> str:
    return f"{days} dagar netto" if days else "Ingen betalning"


def build_invoice_document(invoice: Invoice) -> InvoiceDocument:
    lines = list(invoice.lines.select_related("business_area", "work_order").order_by("line_no"))
    vat_rows = list(invoice.vat_amounts.order_by("position"))
    credited = invoice.credited_invoice if invoice.credited_invoice_id else None
    single_day = invoice.period_start is not None and invoice.period_start == invoice.period_end
    notes = tuple(part for part in invoice.note.splitlines() if part.strip())
    return InvoiceDocument(
        kind=(
            DocumentKind.CREDIT_NOTE
            if invoice.kind == InvoiceKind.CREDIT_NOTE
            else DocumentKind.INVOICE
        ),
        number=str(invoice.number),
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        supply_date=invoice.period_start if single_day else None,
        period_start=None if single_day else invoice.period_start,
        period_end=None if single_day else invoice.period_end,
        currency=invoice.currency,
        ocr_reference=invoice.ocr_reference,
        seller=_seller(invoice.seller),
        buyer=_buyer(invoice.buyer),
        lines=tuple(
            DocumentLine(
                line_id=str(line.line_no),
                description=line.description,
                quantity=line.quantity,
                unit_code=line.unit_code,
                unit_price=line.unit_price,
                net_amount=line.net_amount,
                vat_rate=line.vat_rate,
                vat_category=VatCategory(line.vat_category),
                work_order_reference=line.work_order.reference if line.work_order else "",
                business_area=line.business_area.name,
            )
            for line in lines
        ),
        vat_breakdown=tuple(
            VatBreakdownEntry(
                rate=row.rate,
                category=VatCategory(row.category),
                taxable_amount=row.taxable_amount,
                vat_amount=row.vat_amount,
                exemption_reason=row.exemption_reason,
            )
            for row in vat_rows
        ),
        totals=Totals(
            net=invoice.net_total,
            vat=invoice.vat_total,
            gross=invoice.gross_total,
            rounding=invoice.rounding,
            payable=invoice.payable,
        ),
        payment_terms_text=terms_text(invoice.payment_terms_days),
        late_interest_text=invoice.late_interest_text,
        credited_invoice_number=str(credited.number) if credited else "",
        credited_invoice_date=credited.issue_date if credited else None,
        contract_reference=invoice.contract_reference,
        notes=notes,
    )
