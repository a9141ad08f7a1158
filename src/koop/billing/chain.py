"""The hash chain of the invoices: what an issued invoice or credit note's content is,
sealing it as it is issued, and reading each number series back for ``koop verify-books``.

A chain is one cooperative's number series, invoices and credit notes together, in number
order. A document's content is everything it says: kind and number, cooperative, unit and
customer, its dates, references and note, the seller and the buyer as printed, terms,
totals, the invoice a credit note credits (by number), who issued it and when, every line
(number, description, quantity, unit, price, amount, VAT rate and category, business
area, work order, and for a credit note the line it takes back, by line number) and every
VAT row. The serialisation is ``koop.core.chain``'s. Issued documents are never updated
(migration 0002), so the hash is computed before the invoice row is inserted, from the
very lines and VAT rows inserted after it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from koop.billing.models import Invoice, InvoiceLine, InvoiceVatAmount
from koop.core.chain import GENESIS, Chain, Sealed, amount, day, link, moment


def invoice_content(
    invoice: Any, lines: Iterable[Any], vat_amounts: Iterable[Any]
) -> dict[str, Any]:
    """The content of ``invoice`` (saved or not) with its ``lines`` and ``vat_amounts``."""
    credited = invoice.credited_invoice
    return {
        "record": "invoice",
        "kind": invoice.kind,
        "number": invoice.number,
        "cooperative": invoice.cooperative_id,
        "unit": invoice.unit_id,
        "customer": invoice.customer_id,
        "issue_date": day(invoice.issue_date),
        "due_date": day(invoice.due_date),
        "period_start": day(invoice.period_start),
        "period_end": day(invoice.period_end),
        "currency": invoice.currency,
        "ocr_reference": invoice.ocr_reference,
        "buyer_reference": invoice.buyer_reference,
        "contract_reference": invoice.contract_reference,
        "note": invoice.note,
        "seller": invoice.seller,
        "buyer": invoice.buyer,
        "payment_terms_days": invoice.payment_terms_days,
        "late_interest_text": invoice.late_interest_text,
        "net_total": amount(invoice.net_total),
        "vat_total": amount(invoice.vat_total),
        "gross_total": amount(invoice.gross_total),
        "rounding": amount(invoice.rounding),
        "payable": amount(invoice.payable),
        "line_count": invoice.line_count,
        "vat_count": invoice.vat_count,
        "credited_invoice": None if credited is None else credited.number,
        "issued_at": moment(invoice.issued_at),
        "issued_by": invoice.issued_by_id,
        "lines": [
            {
                "line_no": line.line_no,
                "description": line.description,
                "quantity": amount(line.quantity, 3),
                "unit_code": line.unit_code,
                "unit_price": amount(line.unit_price),
                "net_amount": amount(line.net_amount),
                "vat_rate": amount(line.vat_rate),
                "vat_category": line.vat_category,
                "business_area": line.business_area_id,
                "work_order": line.work_order_id,
                "credited_line": None if line.credited_line is None else line.credited_line.line_no,
            }
            for line in sorted(lines, key=lambda li: li.line_no)
        ],
        "vat": [
            {
                "position": vat.position,
                "rate": amount(vat.rate),
                "category": vat.category,
                "taxable_amount": amount(vat.taxable_amount),
                "vat_amount": amount(vat.vat_amount),
                "exemption_reason": vat.exemption_reason,
            }
            for vat in sorted(vat_amounts, key=lambda v: v.position)
        ],
    }


def seal(invoice: Any, lines: Iterable[Any], vat_amounts: Iterable[Any], *, previous: str) -> None:
    """Set ``invoice``'s chain columns, following the hash ``previous``."""
    invoice.chain_previous = previous
    invoice.chain_hash = link(previous, invoice_content(invoice, lines, vat_amounts))


def previous_hash(*, cooperative_id: int, number: int) -> str:
    """The hash of the document before ``number`` in the series (``GENESIS`` for the
    first); read under the number counter's lock, which ``number`` was taken with."""
    previous = (
        Invoice.objects.filter(cooperative_id=cooperative_id, number__lt=number)
        .order_by("-number")
        .values_list("chain_hash", flat=True)
        .first()
    )
    return GENESIS if previous is None else previous


def invoice_store(
    invoice: Invoice, lines: Sequence[InvoiceLine], vat_amounts: Sequence[InvoiceVatAmount]
) -> list[InvoiceLine]:
    """Seal ``invoice`` and write it, then exactly its lines and VAT rows; inside the
    issuing transaction, after its number was taken. Returns the stored lines."""
    seal(
        invoice,
        lines,
        vat_amounts,
        previous=previous_hash(cooperative_id=invoice.cooperative_id, number=invoice.number),
    )
    invoice.save(force_insert=True)
    for line in lines:
        line.invoice = invoice
    for vat in vat_amounts:
        vat.invoice = invoice
    stored = InvoiceLine.objects.bulk_create(lines)
    InvoiceVatAmount.objects.bulk_create(vat_amounts)
    return stored


# --- reading the chains back ----------------------------------------------------------


def _sealed(cooperative_id: int, using: str) -> Iterator[Sealed]:
    documents = (
        Invoice.objects.using(using)
        .filter(cooperative_id=cooperative_id)
        .select_related("credited_invoice")
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=InvoiceLine.objects.using(using).select_related("credited_line"),
            ),
            Prefetch("vat_amounts", queryset=InvoiceVatAmount.objects.using(using)),
        )
    )
    for invoice in documents.iterator(chunk_size=500):
        yield Sealed(
            label=str(invoice),
            number=invoice.number,
            previous=invoice.chain_previous,
            hash=invoice.chain_hash,
            content=invoice_content(invoice, invoice.lines.all(), invoice.vat_amounts.all()),
        )


def invoice_chains(using: str = "default") -> Iterator[Chain]:
    """One chain per cooperative that has issued anything."""
    from koop.billing.models import InvoiceNumberCounter, InvoiceSettings
    from koop.organisation.models import Cooperative

    issuing = Invoice.objects.using(using).values_list("cooperative_id", flat=True).distinct()
    for cooperative in Cooperative.objects.using(using).filter(pk__in=issuing).order_by("pk"):
        counter = (
            InvoiceNumberCounter.objects.using(using)
            .filter(cooperative=cooperative)
            .values_list("next_number", flat=True)
            .first()
        )
        first = (
            InvoiceSettings.objects.using(using)
            .filter(cooperative=cooperative)
            .values_list("first_number", flat=True)
            .first()
        )
        yield Chain(
            name=_("Invoices and credit notes of %(cooperative)s") % {"cooperative": cooperative},
            key=f"billing:{cooperative.pk}",
            records=_sealed(cooperative.pk, using),
            next_number=counter,
            first_number=first,
        )
