"""Our checks of the Swedish national rules of Peppol BIS Billing 3.0 (SE-R-001 to
SE-R-013), written from the published rule texts, plus a few stricter checks of our own
(``KOOP-SE-*``) that a Swedish invoice from Koop must also meet.

The published rules apply to a seller whose postal address is in Sweden (SE-R-001,
SE-R-002 and SE-R-006 also need a VAT number starting "SE"). Their flags are the published
ones: SE-R-001, -002, -005 and -006 are fatal, the others warnings. The KOOP-SE rules are
not part of any published rule set; they are marked fatal because Koop never issues an
invoice that breaks them."""

from __future__ import annotations

from lxml import etree

from koop.billing.documents.checks.base import (
    FATAL,
    WARNING,
    Collector,
    Failure,
    UblDocument,
    decimal,
    luhn_valid,
)

SWEDISH_RULES = (
    "SE-R-001", "SE-R-002", "SE-R-003", "SE-R-004", "SE-R-005", "SE-R-006", "SE-R-007",
    "SE-R-008", "SE-R-009", "SE-R-010", "SE-R-011", "SE-R-012", "SE-R-013",
)  # fmt: skip
KOOP_SWEDISH_RULES = ("KOOP-SE-001", "KOOP-SE-002", "KOOP-SE-003", "KOOP-SE-004")

SELLER = "cac:AccountingSupplierParty/cac:Party"
BUYER = "cac:AccountingCustomerParty/cac:Party"
COUNTRY = "cac:PostalAddress/cac:Country/cbc:IdentificationCode"
VAT_ID = "cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/cbc:CompanyID"
F_TAX = "GODKÄND FÖR F-SKATT"
STANDARD_RATES = (25, 12, 6)
BANKGIRO = "SE:BANKGIRO"
PLUSGIRO = "SE:PLUSGIRO"


def swedish_failures(xml: bytes | etree._Element) -> list[Failure]:
    """The SE-R rules and Koop's KOOP-SE rules that ``xml`` breaks (none apply when the
    seller is not in Sweden)."""
    doc = UblDocument(xml)
    out = Collector()
    seller = doc.nodes(SELLER)
    if not seller or doc.text(COUNTRY, seller[0]) != "SE":
        return []
    party = seller[0]
    vat_number = doc.text(VAT_ID, party)
    _vat_number(doc, out, vat_number)
    _organisation_number(doc, out, party, vat_number)
    _tax_registration(doc, out, party)
    _payment_means(doc, out)
    return out.failures


def _vat_number(doc: UblDocument, out: Collector, vat_number: str) -> None:
    if not vat_number.startswith("SE"):
        return
    out.check("SE-R-001", len(vat_number) == 14, f"VAT number {vat_number} is not 14 characters")
    out.check(
        "SE-R-002",
        decimal(vat_number[2:14]) is not None,
        f"VAT number {vat_number} does not end in 12 digits",
    )
    categories = doc.nodes(
        "//cac:TaxCategory[cbc:ID='S'] | //cac:ClassifiedTaxCategory[cbc:ID='S']"
    )
    rates = [doc.text("cbc:Percent", category) for category in categories]
    wrong = sorted({r for r in rates if decimal(r) not in STANDARD_RATES})
    out.check("SE-R-006", not wrong, f"standard VAT rates other than 25, 12, 6: {wrong}")


def _organisation_number(
    doc: UblDocument, out: Collector, party: etree._Element, vat_number: str
) -> None:
    if not doc.has("cac:PartyLegalEntity/cbc:CompanyID", party):
        return
    orgnr = doc.text("cac:PartyLegalEntity/cbc:CompanyID", party)
    out.check("SE-R-003", orgnr.isdigit(), f"organisation number {orgnr} not numeric", flag=WARNING)
    out.check(
        "SE-R-004", len(orgnr) == 10, f"organisation number {orgnr} not 10 characters", flag=WARNING
    )
    out.check(
        "SE-R-013",
        luhn_valid(orgnr),
        f"organisation number {orgnr}: wrong Luhn check digit",
        flag=WARNING,
    )
    out.check(
        "KOOP-SE-001",
        not vat_number or vat_number == f"SE{orgnr}01",
        f"VAT number {vat_number} is not SE + organisation number {orgnr} + 01",
    )
    for scheme in doc.nodes("cac:PartyTaxScheme[cac:TaxScheme/cbc:ID!='VAT']", party):
        text = doc.text("cbc:CompanyID", scheme)
        out.check(
            "SE-R-005",
            text.upper() == F_TAX,
            f"seller tax registration {text!r} is not 'Godkänd för F-skatt'",
        )


def _tax_registration(doc: UblDocument, out: Collector, party: etree._Element) -> None:
    schemes = [
        doc.text("cac:TaxScheme/cbc:ID", scheme)
        for scheme in doc.nodes("cac:PartyTaxScheme", party)
        if doc.text("cbc:CompanyID", scheme).upper() == F_TAX
    ]
    out.check(
        "KOOP-SE-003",
        all(scheme == "TAX" for scheme in schemes),
        f"'Godkänd för F-skatt' under tax scheme {schemes}, not TAX",
    )


def _payment_means(doc: UblDocument, out: Collector) -> None:
    buyer = doc.nodes(BUYER)
    domestic = bool(buyer) and doc.text(COUNTRY, buyer[0]) == "SE"
    for means in doc.nodes("cac:PaymentMeans"):
        code = doc.text("cbc:PaymentMeansCode", means)
        branch = doc.text("cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID", means)
        account = doc.text("cac:PayeeFinancialAccount/cbc:ID", means)
        out.check(
            "SE-R-011",
            code not in ("50", "56"),
            f"payment means {code}: bankgiro and plusgiro are 30 with {BANKGIRO} or {PLUSGIRO}",
            flag=WARNING,
        )
        out.check(
            "SE-R-012",
            not domestic or code != "31",
            "a domestic credit transfer is payment means 30, not 31",
            flag=WARNING,
        )
        if code == "30" and branch == PLUSGIRO:
            out.check(
                "SE-R-007", account.isdigit(), f"plusgiro {account} not numeric", flag=WARNING
            )
            out.check(
                "SE-R-010",
                2 <= len(account) <= 8,
                f"plusgiro {account} not 2-8 digits",
                flag=WARNING,
            )
        if code == "30" and branch == BANKGIRO:
            out.check(
                "SE-R-008", account.isdigit(), f"bankgiro {account} not numeric", flag=WARNING
            )
            out.check(
                "SE-R-009",
                len(account) in (7, 8),
                f"bankgiro {account} not 7-8 digits",
                flag=WARNING,
            )
        if branch in (BANKGIRO, PLUSGIRO):
            out.check(
                "KOOP-SE-002",
                luhn_valid(account),
                f"{branch} {account}: wrong Luhn check digit",
                flag=FATAL,
            )
        reference = doc.text("cbc:PaymentID", means)
        out.check(
            "KOOP-SE-004",
            not reference or luhn_valid(reference),
            f"OCR reference {reference}: wrong Luhn check digit",
        )
