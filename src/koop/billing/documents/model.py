"""The invoice as a document: plain, frozen data that the PDF and the Peppol UBL renderings
read, built from an issued invoice (or credit note) by
``koop.billing.document_build.build_invoice_document``.

Conventions every rendering can rely on:

- Money is ``Decimal`` with two decimals, already rounded; renderings never round again.
- On a credit note every quantity and amount is positive, as in a UBL CreditNote; the kind
  says that they are credited. A PDF may print them with a minus sign.
- ``lines`` are in line order; ``vat_breakdown`` has one entry per VAT rate (and category)
  present on the lines, highest rate first; the sums hold exactly:
  ``totals.net == sum(line.net_amount)``, ``taxable_amount`` per rate is the sum of the
  lines at that rate, ``vat_amount == round_money(taxable_amount * rate / 100)`` (rounded
  once per rate, EN 16931 BR-CO-17), ``totals.vat == sum(vat_amount)``,
  ``totals.gross == totals.net + totals.vat``, ``totals.payable == totals.gross +
  totals.rounding``.
- VAT categories (UNCL 5305): "S" standard rate (> 0 %), "Z" zero rated, "E" exempt
  (with an exemption reason). Unit codes are UN/ECE Rec 20: "HUR" hour, "EA" each.
- Empty strings mean "not given"; renderings leave the element out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


class DocumentKind(StrEnum):
    INVOICE = "invoice"  # UBL Invoice, InvoiceTypeCode 380
    CREDIT_NOTE = "credit_note"  # UBL CreditNote, CreditNoteTypeCode 381


class VatCategory(StrEnum):
    STANDARD = "S"
    ZERO = "Z"
    EXEMPT = "E"


@dataclass(frozen=True)
class Address:
    street: str
    postal_code: str
    city: str
    country: str = "SE"  # ISO 3166-1 alpha-2


@dataclass(frozen=True)
class Seller:
    name: str
    org_number: str  # "NNNNNN-NNNN" (legal registration id, 10 digits once the dash is dropped)
    vat_number: str  # "SE" + 12 digits, or "" when not VAT registered
    address: Address
    f_tax_text: str  # "Godkänd för F-skatt" (SE-R-005), "" when not approved
    legal_form: str  # e.g. "ekonomisk förening"
    bankgiro: str  # digits only, 7 or 8
    plusgiro: str  # digits only, or ""
    iban: str
    bic: str
    email: str
    phone: str
    reference: str  # "Vår referens": the unit (and its cost centre) that did the work
    peppol_id: str  # "0007:" + org.nr digits


@dataclass(frozen=True)
class Buyer:
    name: str
    department: str
    identity_number: str  # org.nr, or a private person's personnummer (masked on a PDF)
    vat_number: str
    address: Address
    email: str
    peppol_id: str  # "0007:NNNNNNNNNN" for an e-invoice receiver, "" otherwise
    buyer_reference: str  # "Er referens"; required by Peppol (BT-10) for public buyers
    is_public: bool
    is_private_person: bool


@dataclass(frozen=True)
class DocumentLine:
    line_id: str  # "1", "2", ... in order
    description: str
    quantity: Decimal  # > 0, up to 3 decimals
    unit_code: str  # "HUR" or "EA"
    unit_price: Decimal  # net price per unit, excluding VAT
    net_amount: Decimal  # round_money(quantity * unit_price)
    vat_rate: Decimal  # percent: 25, 12, 6 or 0
    vat_category: VatCategory
    work_order_reference: str  # the work order's number or "" for a free line
    business_area: str  # name of the business area, for the reader; not in UBL


@dataclass(frozen=True)
class VatBreakdownEntry:
    rate: Decimal
    category: VatCategory
    taxable_amount: Decimal
    vat_amount: Decimal
    exemption_reason: str = ""  # required for category E (BR-E-10)


@dataclass(frozen=True)
class Totals:
    net: Decimal  # sum of line net amounts (BT-106, = BT-109, no document allowances)
    vat: Decimal  # BT-110
    gross: Decimal  # BT-112
    rounding: Decimal  # BT-114 (0.00 unless the payable amount is rounded)
    payable: Decimal  # BT-115


@dataclass(frozen=True)
class InvoiceDocument:
    kind: DocumentKind
    number: str  # the invoice number, digits only
    issue_date: dt.date
    due_date: dt.date
    # When the goods or services were supplied: one day, or a period (both ends given).
    supply_date: dt.date | None
    period_start: dt.date | None
    period_end: dt.date | None
    currency: str  # "SEK"
    ocr_reference: str  # payment reference (OCR: number + length digit + Luhn digit)
    seller: Seller
    buyer: Buyer
    lines: tuple[DocumentLine, ...]
    vat_breakdown: tuple[VatBreakdownEntry, ...]
    totals: Totals
    payment_terms_text: str  # e.g. "30 dagar netto"
    late_interest_text: str  # e.g. "Dröjsmålsränta enligt räntelagen."
    # For a credit note: the invoice it credits (BT-25, BT-26). "" / None on an invoice.
    credited_invoice_number: str = ""
    credited_invoice_date: dt.date | None = None
    contract_reference: str = ""  # the agreement or procurement reference (BT-12)
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_credit_note(self) -> bool:
        return self.kind is DocumentKind.CREDIT_NOTE


def example_document(kind: DocumentKind = DocumentKind.INVOICE) -> InvoiceDocument:
    """A complete, consistent document without a database: for tests and previews."""
    d = Decimal
    lines = (
        DocumentLine(
            "1",
            "Flytt av kontorsmöbler",
            d("6.5"),
            "HUR",
            d("450.00"),
            d("2925.00"),
            d("25"),
            VatCategory.STANDARD,
            "AO-1042",
            "Möbellager",
        ),
        DocumentLine(
            "2",
            "Kartonger",
            d("12"),
            "EA",
            d("19.90"),
            d("238.80"),
            d("25"),
            VatCategory.STANDARD,
            "AO-1042",
            "Möbellager",
        ),
        DocumentLine(
            "3",
            "Cykeltransport av livsmedel",
            d("3"),
            "HUR",
            d("380.00"),
            d("1140.00"),
            d("12"),
            VatCategory.STANDARD,
            "",
            "Cykeltransporter",
        ),
    )
    breakdown = (
        VatBreakdownEntry(d("25"), VatCategory.STANDARD, d("3163.80"), d("790.95")),
        VatBreakdownEntry(d("12"), VatCategory.STANDARD, d("1140.00"), d("136.80")),
    )
    credit = kind is DocumentKind.CREDIT_NOTE
    return InvoiceDocument(
        kind=kind,
        number="1043" if credit else "1042",
        issue_date=dt.date(2025, 3, 14),
        due_date=dt.date(2025, 4, 13),
        supply_date=None,
        period_start=dt.date(2025, 3, 1),
        period_end=dt.date(2025, 3, 12),
        currency="SEK",
        ocr_reference="104364" if credit else "104265",
        seller=Seller(
            name="Kooptjänst ekonomisk förening",
            org_number="769600-2182",
            vat_number="SE769600218201",
            address=Address("Järnvägsgatan 6", "582 22", "Linköping"),
            f_tax_text="Godkänd för F-skatt",
            legal_form="ekonomisk förening",
            bankgiro="56781230",
            plusgiro="",
            iban="",
            bic="",
            email="faktura@kooptjanst.example",
            phone="013-12 34 56",
            reference="Möbellagret (ML01)",
            peppol_id="0007:7696002182",
        ),
        buyer=Buyer(
            name="Linköpings kommun",
            department="Kultur- och fritidsförvaltningen",
            identity_number="212000-0142",
            vat_number="SE212000014201",
            address=Address("Box 1000", "581 81", "Linköping"),
            email="",
            peppol_id="0007:2120000142",
            buyer_reference="KFN-4711",
            is_public=True,
            is_private_person=False,
        ),
        lines=lines,
        vat_breakdown=breakdown,
        totals=Totals(d("4303.80"), d("927.75"), d("5231.55"), d("0.00"), d("5231.55")),
        payment_terms_text="30 dagar netto",
        late_interest_text="Vid betalning efter förfallodagen debiteras dröjsmålsränta "
        "enligt räntelagen.",
        credited_invoice_number="1042" if credit else "",
        credited_invoice_date=dt.date(2025, 3, 14) if credit else None,
        contract_reference="Direktavtal 2025-07",
        notes=("Kreditering av faktura 1042.",) if credit else (),
    )


__all__ = [
    "Address",
    "Buyer",
    "DocumentKind",
    "DocumentLine",
    "InvoiceDocument",
    "Seller",
    "Totals",
    "VatBreakdownEntry",
    "VatCategory",
    "example_document",
]
