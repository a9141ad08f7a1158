"""Our checks of the OpenPeppol BIS Billing 3.0 rules (PEPPOL-EN16931-R* and the
identifier rules PEPPOL-COMMON-R040/R049) that bear on Koop's invoices and credit notes,
written from the published rule texts. Listed in ``PEPPOL_RULES``; every one is fatal."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from lxml import etree

from koop.billing.documents.checks.base import (
    Collector,
    Failure,
    UblDocument,
    amount,
    decimal,
    gs1_valid,
    luhn_valid,
    within,
)

SPECIFICATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_FORMAT = re.compile(r"urn:fdc:peppol\.eu:2017:poacc:billing:[0-9]{2}:1\.0")
DIRECT_DEBIT = ("49", "59")  # UNCL 4461 codes that need a mandate (R061)
PROJECT_REFERENCE = "50"  # UNCL 1001, AdditionalDocumentReference/DocumentTypeCode (R080)
INVOICED_OBJECT = "130"  # UNCL 1001, the only type a line DocumentReference may have (R101)
SLACK = Decimal("0.02")

PEPPOL_RULES = (
    "PEPPOL-EN16931-R001", "PEPPOL-EN16931-R002", "PEPPOL-EN16931-R003",
    "PEPPOL-EN16931-R004", "PEPPOL-EN16931-R005", "PEPPOL-EN16931-R007",
    "PEPPOL-EN16931-R008", "PEPPOL-EN16931-R010", "PEPPOL-EN16931-R020",
    "PEPPOL-EN16931-R040", "PEPPOL-EN16931-R041", "PEPPOL-EN16931-R042",
    "PEPPOL-EN16931-R043", "PEPPOL-EN16931-R044", "PEPPOL-EN16931-R046",
    "PEPPOL-EN16931-R051", "PEPPOL-EN16931-R053", "PEPPOL-EN16931-R054",
    "PEPPOL-EN16931-R055", "PEPPOL-EN16931-R061", "PEPPOL-EN16931-R080",
    "PEPPOL-EN16931-R100", "PEPPOL-EN16931-R101", "PEPPOL-EN16931-R110",
    "PEPPOL-EN16931-R111", "PEPPOL-EN16931-R120", "PEPPOL-EN16931-R121",
    "PEPPOL-EN16931-R130",
    "PEPPOL-COMMON-R040", "PEPPOL-COMMON-R049",
)  # fmt: skip

# The amounts PEPPOL-EN16931-R051 holds to the document currency; the VAT total in the
# accounting currency (a TaxTotal without subtotals, BT-111) is the one exception.
CURRENCY_AMOUNTS = (
    "//cbc:Amount | //cbc:BaseAmount | //cbc:PriceAmount"
    " | /*/cac:TaxTotal[cac:TaxSubtotal]/cbc:TaxAmount | //cac:TaxSubtotal/cbc:TaxAmount"
    " | //cbc:TaxableAmount | //cbc:LineExtensionAmount | //cbc:TaxExclusiveAmount"
    " | //cbc:TaxInclusiveAmount | //cbc:AllowanceTotalAmount | //cbc:ChargeTotalAmount"
    " | //cbc:PrepaidAmount | //cbc:PayableRoundingAmount | //cbc:PayableAmount"
)


def peppol_failures(xml: bytes | etree._Element) -> list[Failure]:
    """The rules of ``PEPPOL_RULES`` that ``xml`` breaks."""
    doc = UblDocument(xml)
    out = Collector()
    _document_level(doc, out)
    _parties(doc, out)
    _allowances_and_charges(doc, out)
    _tax_and_currency(doc, out)
    _lines(doc, out)
    _identifiers(doc, out)
    return out.failures


def _document_level(doc: UblDocument, out: Collector) -> None:
    profile = doc.text("cbc:ProfileID")
    out.check("PEPPOL-EN16931-R001", bool(profile), "business process (ProfileID) missing")
    out.check(
        "PEPPOL-EN16931-R007",
        not profile or PROFILE_FORMAT.fullmatch(profile) is not None,
        f"business process {profile!r} is not urn:fdc:peppol.eu:2017:poacc:billing:NN:1.0",
    )
    out.check(
        "PEPPOL-EN16931-R002",
        len(doc.nodes("cbc:Note")) <= 1,
        "more than one note on document level",
    )
    out.check(
        "PEPPOL-EN16931-R003",
        bool(doc.text("cbc:BuyerReference") or doc.text("cac:OrderReference/cbc:ID")),
        "neither buyer reference nor purchase order reference",
    )
    out.check(
        "PEPPOL-EN16931-R004",
        doc.text("cbc:CustomizationID").startswith(SPECIFICATION_ID),
        f"specification identifier is not {SPECIFICATION_ID}",
    )
    tax_currency = doc.text("cbc:TaxCurrencyCode")
    out.check(
        "PEPPOL-EN16931-R005",
        not doc.has("cbc:TaxCurrencyCode") or tax_currency != doc.currency,
        "VAT accounting currency equals the invoice currency",
    )
    empty = [
        etree.QName(el).localname
        for el in doc.root.iter()
        if isinstance(el.tag, str) and len(el) == 0 and not (el.text or "").strip()
    ]
    out.check("PEPPOL-EN16931-R008", not empty, f"empty elements: {', '.join(empty)}")
    out.check(
        "PEPPOL-EN16931-R061",
        all(
            doc.text("cac:PaymentMandate/cbc:ID", means)
            for means in doc.nodes("cac:PaymentMeans")
            if doc.text("cbc:PaymentMeansCode", means) in DIRECT_DEBIT
        ),
        "direct debit without a mandate reference",
    )
    # A UBL Invoice has its own ProjectReference element; a CreditNote carries the project
    # reference as a document reference of type 50, so the rule is about credit notes.
    projects = f"cac:AdditionalDocumentReference[cbc:DocumentTypeCode='{PROJECT_REFERENCE}']"
    out.check(
        "PEPPOL-EN16931-R080",
        not doc.is_credit_note or len(doc.nodes(projects)) <= 1,
        "more than one project reference",
    )


def _parties(doc: UblDocument, out: Collector) -> None:
    out.check(
        "PEPPOL-EN16931-R010",
        bool(doc.text("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID")),
        "buyer electronic address (EndpointID) missing",
    )
    out.check(
        "PEPPOL-EN16931-R020",
        bool(doc.text("cac:AccountingSupplierParty/cac:Party/cbc:EndpointID")),
        "seller electronic address (EndpointID) missing",
    )


def _allowances_and_charges(doc: UblDocument, out: Collector) -> None:
    text = doc.text
    for ac in doc.nodes(f"cac:AllowanceCharge | {doc.line_tag}/cac:AllowanceCharge"):
        percent = decimal(text("cbc:MultiplierFactorNumeric", ac))
        base = decimal(text("cbc:BaseAmount", ac))
        has_percent = doc.has("cbc:MultiplierFactorNumeric", ac)
        has_base = doc.has("cbc:BaseAmount", ac)
        out.check("PEPPOL-EN16931-R041", not has_percent or has_base, "percentage without base")
        out.check("PEPPOL-EN16931-R042", not has_base or has_percent, "base without percentage")
        if percent is not None and base is not None:
            expected = base * percent / 100
            out.check(
                "PEPPOL-EN16931-R040",
                within(expected, amount(text("cbc:Amount", ac)), SLACK),
                f"allowance/charge amount is not {base} x {percent} %",
            )
        out.check(
            "PEPPOL-EN16931-R043",
            text("cbc:ChargeIndicator", ac) in ("true", "false"),
            "ChargeIndicator is neither 'true' nor 'false'",
        )
    for ac in doc.nodes(f"{doc.line_tag}/cac:Price/cac:AllowanceCharge"):
        out.check(
            "PEPPOL-EN16931-R044",
            text("cbc:ChargeIndicator", ac) == "false",
            "a charge on price level",
        )
        if doc.has("cbc:BaseAmount", ac):
            net_price = amount(text("../cbc:PriceAmount", ac))
            gross = amount(text("cbc:BaseAmount", ac))
            discount = amount(text("cbc:Amount", ac))
            out.check(
                "PEPPOL-EN16931-R046",
                net_price == gross - discount,
                f"net price {net_price} != gross price {gross} - allowance {discount}",
            )


def _tax_and_currency(doc: UblDocument, out: Collector) -> None:
    wrong = sorted(
        {
            f"{etree.QName(el).localname}@{el.get('currencyID')}"
            for el in doc.nodes(CURRENCY_AMOUNTS)
            if el.get("currencyID") != doc.currency
        }
    )
    out.check("PEPPOL-EN16931-R051", not wrong, f"not in {doc.currency}: {', '.join(wrong)}")
    with_subtotals = doc.nodes("cac:TaxTotal[cac:TaxSubtotal]")
    without = doc.nodes("cac:TaxTotal[not(cac:TaxSubtotal)]")
    tax_currency = doc.text("cbc:TaxCurrencyCode")
    out.check(
        "PEPPOL-EN16931-R053",
        len(with_subtotals) == 1,
        f"{len(with_subtotals)} tax totals with subtotals, not one",
    )
    out.check(
        "PEPPOL-EN16931-R054",
        len(without) == (1 if doc.has("cbc:TaxCurrencyCode") else 0),
        "a tax total without subtotals needs a tax currency code, and only one",
    )
    if tax_currency:
        in_document = [
            amount(v)
            for v in doc.values(f"cac:TaxTotal/cbc:TaxAmount[@currencyID='{doc.currency}']")
        ]
        in_accounting = [
            amount(v)
            for v in doc.values(f"cac:TaxTotal/cbc:TaxAmount[@currencyID='{tax_currency}']")
        ]
        both = in_document + in_accounting
        out.check(
            "PEPPOL-EN16931-R055",
            all(v <= 0 for v in both) or all(v >= 0 for v in both),
            "VAT totals in the two currencies have different signs",
        )


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _lines(doc: UblDocument, out: Collector) -> None:
    text = doc.text
    period_start = _date(text("cac:InvoicePeriod/cbc:StartDate"))
    period_end = _date(text("cac:InvoicePeriod/cbc:EndDate"))
    for line in doc.lines():
        line_id = text("cbc:ID", line)
        start = _date(text("cac:InvoicePeriod/cbc:StartDate", line))
        end = _date(text("cac:InvoicePeriod/cbc:EndDate", line))
        out.check(
            "PEPPOL-EN16931-R110",
            period_start is None or start is None or start >= period_start,
            f"line {line_id} starts before the invoice period",
        )
        out.check(
            "PEPPOL-EN16931-R111",
            period_end is None or end is None or end <= period_end,
            f"line {line_id} ends after the invoice period",
        )
        references = doc.nodes("cac:DocumentReference", line)
        out.check("PEPPOL-EN16931-R100", len(references) <= 1, f"line {line_id}: two objects")
        out.check(
            "PEPPOL-EN16931-R101",
            all(text("cbc:DocumentTypeCode", ref) == INVOICED_OBJECT for ref in references),
            f"line {line_id}: document reference of another type than {INVOICED_OBJECT}",
        )
        base_quantity = decimal(text("cac:Price/cbc:BaseQuantity", line))
        out.check(
            "PEPPOL-EN16931-R121",
            not doc.has("cac:Price/cbc:BaseQuantity", line)
            or (base_quantity is not None and base_quantity > 0),
            f"line {line_id}: base quantity not above zero",
        )
        base_unit = doc.values("cac:Price/cbc:BaseQuantity/@unitCode", line)
        out.check(
            "PEPPOL-EN16931-R130",
            not base_unit
            or not doc.has(doc.quantity_tag, line)
            or base_unit[0] == text(doc.quantity_tag + "/@unitCode", line),
            f"line {line_id}: base quantity unit differs from the quantity's",
        )
        _line_amount(doc, out, line, line_id, base_quantity)


def _line_amount(
    doc: UblDocument,
    out: Collector,
    line: etree._Element,
    line_id: str,
    base_quantity: Decimal | None,
) -> None:
    """R120: net = quantity x (price / base quantity) + charges - allowances, ±0.02."""
    text = doc.text
    quantity = decimal(text(doc.quantity_tag, line))
    price = amount(text("cac:Price/cbc:PriceAmount", line))
    per = base_quantity if base_quantity else Decimal(1)
    allowances = sum(
        (
            amount(v)
            for v in doc.values("cac:AllowanceCharge[cbc:ChargeIndicator='false']/cbc:Amount", line)
        ),
        Decimal(0),
    )
    charges = sum(
        (
            amount(v)
            for v in doc.values("cac:AllowanceCharge[cbc:ChargeIndicator='true']/cbc:Amount", line)
        ),
        Decimal(0),
    )
    expected = (Decimal(1) if quantity is None else quantity) * (price / per) + charges - allowances
    net = amount(text("cbc:LineExtensionAmount", line))
    out.check(
        "PEPPOL-EN16931-R120",
        within(expected, net, SLACK),
        f"line {line_id}: net amount {net} != {expected}",
    )


def _identifiers(doc: UblDocument, out: Collector) -> None:
    def with_scheme(scheme: str) -> list[str]:
        return doc.values(
            f"//cbc:EndpointID[@schemeID='{scheme}'] | //cac:PartyIdentification/cbc:ID"
            f"[@schemeID='{scheme}'] | //cbc:CompanyID[@schemeID='{scheme}']"
        )

    bad_gln = [v for v in with_scheme("0088") if not gs1_valid(v)]
    out.check("PEPPOL-COMMON-R040", not bad_gln, f"not a valid GLN: {', '.join(bad_gln)}")
    bad_orgnr = [v for v in with_scheme("0007") if not (len(v) == 10 and luhn_valid(v))]
    out.check(
        "PEPPOL-COMMON-R049",
        not bad_orgnr,
        f"not a valid Swedish organisation number: {', '.join(bad_orgnr)}",
    )
