"""Our checks of the CEN EN 16931 business rules that matter most for Koop's invoices
(listed in ``EN16931_RULES``), written from the published rule texts.

Sums are compared after rounding to two decimals; BR-CO-17 and BR-S-09 allow one unit of
difference, as the CEN rules do. ``BR-DEC-*`` stands for the BR-DEC rules that limit
amounts to two decimals."""

from __future__ import annotations

import re
from decimal import Decimal

from lxml import etree

from koop.billing.documents.checks.base import (
    Collector,
    Failure,
    UblDocument,
    amount,
    round_cents,
)

EN16931_RULES = (
    "BR-01", "BR-02", "BR-03", "BR-04", "BR-05", "BR-06", "BR-07", "BR-08", "BR-09",
    "BR-10", "BR-11", "BR-12", "BR-13", "BR-14", "BR-15", "BR-16",
    "BR-21", "BR-22", "BR-23", "BR-24", "BR-25", "BR-26", "BR-27",
    "BR-45", "BR-46", "BR-47", "BR-48", "BR-49", "BR-50", "BR-55", "BR-61",
    "BR-CO-09", "BR-CO-10", "BR-CO-11", "BR-CO-12", "BR-CO-13", "BR-CO-14", "BR-CO-15",
    "BR-CO-16", "BR-CO-17", "BR-CO-18", "BR-CO-25", "BR-CO-26",
    "BR-S-01", "BR-S-05", "BR-S-08", "BR-S-09", "BR-S-10",
    "BR-Z-01", "BR-Z-05", "BR-Z-08", "BR-Z-09", "BR-Z-10",
    "BR-E-01", "BR-E-05", "BR-E-08", "BR-E-09", "BR-E-10",
    "BR-DEC-*",
)  # fmt: skip

SELLER = "cac:AccountingSupplierParty/cac:Party/"
BUYER = "cac:AccountingCustomerParty/cac:Party/"
TOTAL = "cac:LegalMonetaryTotal/"


def en16931_failures(xml: bytes | etree._Element) -> list[Failure]:
    """The EN 16931 rules of ``EN16931_RULES`` that ``xml`` breaks."""
    doc = UblDocument(xml)
    out = Collector()
    _header(doc, out)
    _lines(doc, out)
    _totals(doc, out)
    _vat_breakdown(doc, out)
    _payment_and_references(doc, out)
    return out.failures


def _header(doc: UblDocument, out: Collector) -> None:
    check, text, has = out.check, doc.text, doc.has
    type_code = "cbc:CreditNoteTypeCode" if doc.is_credit_note else "cbc:InvoiceTypeCode"
    check("BR-01", bool(text("cbc:CustomizationID")), "specification identifier")
    check("BR-02", bool(text("cbc:ID")), "invoice number")
    check("BR-03", bool(text("cbc:IssueDate")), "issue date")
    check("BR-04", bool(text(type_code)), "type code")
    check("BR-05", bool(doc.currency), "currency code")
    check("BR-06", bool(text(SELLER + "cac:PartyLegalEntity/cbc:RegistrationName")), "seller name")
    check("BR-07", bool(text(BUYER + "cac:PartyLegalEntity/cbc:RegistrationName")), "buyer name")
    check("BR-08", has(SELLER + "cac:PostalAddress"), "seller postal address")
    country = "cac:PostalAddress/cac:Country/cbc:IdentificationCode"
    check("BR-09", bool(text(SELLER + country)), "seller country code")
    check("BR-10", has(BUYER + "cac:PostalAddress"), "buyer postal address")
    check("BR-11", bool(text(BUYER + country)), "buyer country code")
    vat_ids = doc.values("//cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/cbc:CompanyID")
    check(
        "BR-CO-09",
        all(re.match(r"^[A-Z]{2}", v) for v in vat_ids),
        "VAT identifiers start with a country prefix",
    )
    check(
        "BR-CO-26",
        bool(
            text(SELLER + "cac:PartyLegalEntity/cbc:CompanyID")
            or text(SELLER + "cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/cbc:CompanyID")
            or text(SELLER + "cac:PartyIdentification/cbc:ID")
        ),
        "a seller identifier, legal registration identifier or VAT identifier",
    )


def _lines(doc: UblDocument, out: Collector) -> None:
    check, text = out.check, doc.text
    lines = doc.lines()
    check("BR-16", bool(lines), "at least one line")
    for line in lines:
        check("BR-21", bool(text("cbc:ID", line)), "line identifier")
        check("BR-22", bool(text(doc.quantity_tag, line)), "invoiced quantity")
        check("BR-23", bool(text(doc.quantity_tag + "/@unitCode", line)), "unit of measure")
        check("BR-24", bool(text("cbc:LineExtensionAmount", line)), "line net amount")
        check("BR-25", bool(text("cac:Item/cbc:Name", line)), "item name")
        check("BR-26", bool(text("cac:Price/cbc:PriceAmount", line)), "item net price")
        check("BR-27", amount(text("cac:Price/cbc:PriceAmount", line)) >= 0, "price not negative")
        category = text("cac:Item/cac:ClassifiedTaxCategory/cbc:ID", line)
        rate = amount(text("cac:Item/cac:ClassifiedTaxCategory/cbc:Percent", line))
        check("BR-S-05", category != "S" or rate > 0, "standard rate line has a rate above zero")
        check("BR-Z-05", category != "Z" or rate == 0, "zero rated line has rate 0")
        check("BR-E-05", category != "E" or rate == 0, "exempt line has rate 0")


def _totals(doc: UblDocument, out: Collector) -> None:
    check, text = out.check, doc.text
    for rule, name in (
        ("BR-12", "LineExtensionAmount"),
        ("BR-13", "TaxExclusiveAmount"),
        ("BR-14", "TaxInclusiveAmount"),
        ("BR-15", "PayableAmount"),
    ):
        check(rule, bool(text(TOTAL + "cbc:" + name)), name)

    line_sum = sum(
        (amount(v) for v in doc.values(doc.line_tag + "/cbc:LineExtensionAmount")), Decimal(0)
    )
    allowances = sum(
        (
            amount(v)
            for v in doc.values("cac:AllowanceCharge[cbc:ChargeIndicator='false']/cbc:Amount")
        ),
        Decimal(0),
    )
    charges = sum(
        (
            amount(v)
            for v in doc.values("cac:AllowanceCharge[cbc:ChargeIndicator='true']/cbc:Amount")
        ),
        Decimal(0),
    )
    net = amount(text(TOTAL + "cbc:LineExtensionAmount"))
    exclusive = amount(text(TOTAL + "cbc:TaxExclusiveAmount"))
    inclusive = amount(text(TOTAL + "cbc:TaxInclusiveAmount"))
    prepaid = amount(text(TOTAL + "cbc:PrepaidAmount"))
    rounding = amount(text(TOTAL + "cbc:PayableRoundingAmount"))
    payable = amount(text(TOTAL + "cbc:PayableAmount"))
    check("BR-CO-10", net == round_cents(line_sum), f"{net} != sum of lines {line_sum}")
    check(
        "BR-CO-11",
        amount(text(TOTAL + "cbc:AllowanceTotalAmount")) == round_cents(allowances),
        "sum of allowances",
    )
    check(
        "BR-CO-12",
        amount(text(TOTAL + "cbc:ChargeTotalAmount")) == round_cents(charges),
        "sum of charges",
    )
    check(
        "BR-CO-13",
        exclusive == round_cents(net - allowances + charges),
        f"{exclusive} != {net} - allowances + charges",
    )
    tax_totals = doc.nodes("cac:TaxTotal[cac:TaxSubtotal]")
    vat_total = amount(text("cbc:TaxAmount", tax_totals[0])) if tax_totals else Decimal(0)
    subtotal_vat = sum(
        (amount(v) for v in doc.values("cac:TaxTotal/cac:TaxSubtotal/cbc:TaxAmount")), Decimal(0)
    )
    check("BR-CO-14", vat_total == round_cents(subtotal_vat), "VAT total = sum of subtotals")
    check(
        "BR-CO-15",
        inclusive == round_cents(exclusive + vat_total),
        f"{inclusive} != {exclusive} + {vat_total}",
    )
    check(
        "BR-CO-16",
        payable == round_cents(inclusive - prepaid + rounding),
        f"{payable} != {inclusive} - {prepaid} + {rounding}",
    )
    check(
        "BR-CO-25",
        payable <= 0 or bool(text("cbc:DueDate") or text("cac:PaymentTerms/cbc:Note")),
        "a due date or payment terms when an amount is due",
    )
    for el in doc.nodes("//cbc:*[@currencyID]"):
        name = etree.QName(el).localname
        if name != "PriceAmount":
            check(
                "BR-DEC-*",
                len((el.text or "").partition(".")[2]) <= 2,
                f"{name} has at most two decimals",
            )


def _vat_breakdown(doc: UblDocument, out: Collector) -> None:
    check, text = out.check, doc.text
    subtotals = doc.nodes("cac:TaxTotal/cac:TaxSubtotal")
    check("BR-CO-18", bool(subtotals), "at least one VAT breakdown")
    breakdown_categories = {text("cac:TaxCategory/cbc:ID", st) for st in subtotals}
    line_categories = set(doc.values(doc.line_tag + "/cac:Item/cac:ClassifiedTaxCategory/cbc:ID"))
    for category in ("S", "Z", "E"):
        if category in line_categories:
            check(
                f"BR-{category}-01",
                category in breakdown_categories,
                f"a VAT breakdown for category {category}",
            )
    for st in subtotals:
        category = text("cac:TaxCategory/cbc:ID", st)
        rate = amount(text("cac:TaxCategory/cbc:Percent", st))
        taxable = amount(text("cbc:TaxableAmount", st))
        tax = amount(text("cbc:TaxAmount", st))
        reason = text("cac:TaxCategory/cbc:TaxExemptionReason", st) or text(
            "cac:TaxCategory/cbc:TaxExemptionReasonCode", st
        )
        check("BR-45", bool(text("cbc:TaxableAmount", st)), "taxable amount per category")
        check("BR-46", bool(text("cbc:TaxAmount", st)), "tax amount per category")
        check("BR-47", bool(category), "category code")
        check("BR-48", bool(text("cac:TaxCategory/cbc:Percent", st)) or category == "O", "rate")
        expected = round_cents(taxable * rate / 100)
        check("BR-CO-17", abs(tax - expected) <= 1, f"{tax} vs {taxable} x {rate} %")
        line_base = sum(
            (
                amount(text("cbc:LineExtensionAmount", line))
                for line in doc.lines()
                if text("cac:Item/cac:ClassifiedTaxCategory/cbc:ID", line) == category
                and amount(text("cac:Item/cac:ClassifiedTaxCategory/cbc:Percent", line)) == rate
            ),
            Decimal(0),
        )
        rule = {"S": "BR-S-08", "Z": "BR-Z-08", "E": "BR-E-08"}.get(category, "BR-S-08")
        check(
            rule, taxable == round_cents(line_base), f"{category} {rate}: {taxable} != {line_base}"
        )
        if category == "S":
            check("BR-S-09", abs(tax - expected) <= 1, "S tax amount")
            check("BR-S-10", not reason, "no exemption reason on standard rate")
        if category in ("Z", "E"):
            check(f"BR-{category}-09", tax == 0, f"{category} tax amount is zero")
        if category == "Z":
            check("BR-Z-10", not reason, "no exemption reason on zero rate")
        if category == "E":
            check("BR-E-10", bool(reason), "exemption reason on exempt")


def _payment_and_references(doc: UblDocument, out: Collector) -> None:
    check, text = out.check, doc.text
    for means in doc.nodes("cac:PaymentMeans"):
        code = text("cbc:PaymentMeansCode", means)
        check("BR-49", bool(code), "payment means code")
        if code in ("30", "58"):
            account = bool(text("cac:PayeeFinancialAccount/cbc:ID", means))
            check("BR-50", account, "payment account")
            check("BR-61", account, "account id")
    for ref in doc.nodes("cac:BillingReference/cac:InvoiceDocumentReference"):
        check("BR-55", bool(text("cbc:ID", ref)), "preceding invoice reference")
