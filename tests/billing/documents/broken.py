"""Deliberately broken UBL documents: for every rule our checks cover, a change to a valid
generated document that breaks that rule (and must make its check fire)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from tests.billing.documents.validation import NS

Mutation = Callable[[etree._Element], None]

CAC = f"{{{NS['cac']}}}"
CBC = f"{{{NS['cbc']}}}"
SELLER = "cac:AccountingSupplierParty/cac:Party/"
BUYER = "cac:AccountingCustomerParty/cac:Party/"
TOTAL = "cac:LegalMonetaryTotal/"
LINE1 = "cac:InvoiceLine[1]/"
SUB1 = "cac:TaxTotal/cac:TaxSubtotal[1]/"
SUB = "cac:TaxTotal/cac:TaxSubtotal[cac:TaxCategory/cbc:ID='{}']"
VAT_ID = SELLER + "cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/cbc:CompanyID"
F_TAX = SELLER + "cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='TAX']"
ORGNR = SELLER + "cac:PartyLegalEntity/cbc:CompanyID"
ACCOUNT = "cac:PaymentMeans/cac:PayeeFinancialAccount/"


def _find(root: etree._Element, path: str) -> list[etree._Element]:
    found = root.xpath(path, namespaces=NS)
    assert isinstance(found, list)
    assert found, f"nothing at {path}"
    return [el for el in found if isinstance(el, etree._Element)]


def drop(path: str) -> Mutation:
    def apply(root: etree._Element) -> None:
        for el in _find(root, path):
            parent = el.getparent()
            assert parent is not None
            parent.remove(el)

    return apply


def set_text(path: str, text: str) -> Mutation:
    def apply(root: etree._Element) -> None:
        for el in _find(root, path):
            el.text = text

    return apply


def set_attr(path: str, name: str, value: str | None) -> Mutation:
    def apply(root: etree._Element) -> None:
        for el in _find(root, path):
            if value is None:
                del el.attrib[name]
            else:
                el.set(name, value)

    return apply


def add(path: str, fragment: str) -> Mutation:
    """Append ``fragment`` (UBL with the cac/cbc prefixes) to the element at ``path``."""

    def apply(root: etree._Element) -> None:
        wrapped = f'<w xmlns:cac="{NS["cac"]}" xmlns:cbc="{NS["cbc"]}">{fragment}</w>'
        for el in _find(root, path):
            for child in etree.fromstring(wrapped):
                el.append(child)

    return apply


def duplicate(path: str) -> Mutation:
    def apply(root: etree._Element) -> None:
        el = _find(root, path)[0]
        el.addnext(etree.fromstring(etree.tostring(el)))

    return apply


def allowance(charge: str, amount: str, extra: str = "") -> str:
    return (
        f"<cac:AllowanceCharge><cbc:ChargeIndicator>{charge}</cbc:ChargeIndicator>{extra}"
        f'<cbc:Amount currencyID="SEK">{amount}</cbc:Amount></cac:AllowanceCharge>'
    )


@dataclass(frozen=True)
class Broken:
    rule: str
    mutations: tuple[Mutation, ...]
    base: str = "invoice"  # "invoice" (25/12/6/0 % exempt), "zero" (0 % zero rated), "credit"


def b(rule: str, *mutations: Mutation, base: str = "invoice") -> Broken:
    return Broken(rule, mutations, base)


EN16931 = [
    b("BR-01", drop("cbc:CustomizationID")),
    b("BR-02", drop("cbc:ID")),
    b("BR-03", drop("cbc:IssueDate")),
    b("BR-04", drop("cbc:InvoiceTypeCode")),
    b("BR-05", drop("cbc:DocumentCurrencyCode")),
    b("BR-06", drop(SELLER + "cac:PartyLegalEntity/cbc:RegistrationName")),
    b("BR-07", drop(BUYER + "cac:PartyLegalEntity/cbc:RegistrationName")),
    b("BR-08", drop(SELLER + "cac:PostalAddress")),
    b("BR-09", drop(SELLER + "cac:PostalAddress/cac:Country")),
    b("BR-10", drop(BUYER + "cac:PostalAddress")),
    b("BR-11", drop(BUYER + "cac:PostalAddress/cac:Country")),
    b("BR-12", drop(TOTAL + "cbc:LineExtensionAmount")),
    b("BR-13", drop(TOTAL + "cbc:TaxExclusiveAmount")),
    b("BR-14", drop(TOTAL + "cbc:TaxInclusiveAmount")),
    b("BR-15", drop(TOTAL + "cbc:PayableAmount")),
    b("BR-16", drop("cac:InvoiceLine")),
    b("BR-21", drop(LINE1 + "cbc:ID")),
    b("BR-22", set_text(LINE1 + "cbc:InvoicedQuantity", "")),
    b("BR-23", set_attr(LINE1 + "cbc:InvoicedQuantity", "unitCode", None)),
    b("BR-24", drop(LINE1 + "cbc:LineExtensionAmount")),
    b("BR-25", drop(LINE1 + "cac:Item/cbc:Name")),
    b("BR-26", drop(LINE1 + "cac:Price/cbc:PriceAmount")),
    b("BR-27", set_text(LINE1 + "cac:Price/cbc:PriceAmount", "-450.00")),
    b("BR-45", drop(SUB1 + "cbc:TaxableAmount")),
    b("BR-46", drop(SUB1 + "cbc:TaxAmount")),
    b("BR-47", set_text(SUB1 + "cac:TaxCategory/cbc:ID", "")),
    b("BR-48", drop(SUB1 + "cac:TaxCategory/cbc:Percent")),
    b("BR-49", set_text("cac:PaymentMeans/cbc:PaymentMeansCode", "")),
    b("BR-50", drop(ACCOUNT + "cbc:ID")),
    b("BR-61", drop(ACCOUNT + "cbc:ID")),
    b("BR-55", drop("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"), base="credit"),
    b("BR-CO-09", set_text(VAT_ID, "769600218201")),
    b("BR-CO-10", set_text(TOTAL + "cbc:LineExtensionAmount", "1.00")),
    b("BR-CO-11", add(".", allowance("false", "10.00"))),
    b("BR-CO-12", add(".", allowance("true", "10.00"))),
    b("BR-CO-13", set_text(TOTAL + "cbc:TaxExclusiveAmount", "1.00")),
    b("BR-CO-14", set_text("cac:TaxTotal/cbc:TaxAmount", "1.00")),
    b("BR-CO-15", set_text(TOTAL + "cbc:TaxInclusiveAmount", "1.00")),
    b("BR-CO-16", set_text(TOTAL + "cbc:PayableAmount", "1.00")),
    b("BR-CO-17", set_text(SUB1 + "cbc:TaxAmount", "1.00")),
    b("BR-CO-18", drop("cac:TaxTotal/cac:TaxSubtotal")),
    b("BR-CO-25", drop("cbc:DueDate"), drop("cac:PaymentTerms")),
    b(
        "BR-CO-26",
        drop(ORGNR),
        drop(SELLER + "cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']"),
    ),
    b("BR-S-01", drop(SUB.format("S"))),
    b("BR-S-05", set_text(LINE1 + "cac:Item/cac:ClassifiedTaxCategory/cbc:Percent", "0")),
    b("BR-S-08", set_text(SUB1 + "cbc:TaxableAmount", "1.00")),
    b("BR-S-09", set_text(SUB1 + "cbc:TaxAmount", "1.00")),
    b(
        "BR-S-10",
        add(SUB1 + "cac:TaxCategory", "<cbc:TaxExemptionReason>X</cbc:TaxExemptionReason>"),
    ),
    b("BR-Z-01", drop(SUB.format("Z")), base="zero"),
    b(
        "BR-Z-05",
        set_text("//cac:ClassifiedTaxCategory[cbc:ID='Z']/cbc:Percent", "12"),
        base="zero",
    ),
    b("BR-Z-08", set_text(SUB.format("Z") + "/cbc:TaxableAmount", "1.00"), base="zero"),
    b("BR-Z-09", set_text(SUB.format("Z") + "/cbc:TaxAmount", "5.00"), base="zero"),
    b(
        "BR-Z-10",
        add(
            SUB.format("Z") + "/cac:TaxCategory",
            "<cbc:TaxExemptionReason>X</cbc:TaxExemptionReason>",
        ),
        base="zero",
    ),
    b("BR-E-01", drop(SUB.format("E"))),
    b("BR-E-05", set_text("//cac:ClassifiedTaxCategory[cbc:ID='E']/cbc:Percent", "6")),
    b("BR-E-08", set_text(SUB.format("E") + "/cbc:TaxableAmount", "1.00")),
    b("BR-E-09", set_text(SUB.format("E") + "/cbc:TaxAmount", "5.00")),
    b("BR-E-10", drop("//cac:TaxCategory/cbc:TaxExemptionReason")),
    b("BR-DEC-*", set_text(TOTAL + "cbc:PayableAmount", "7668.101")),
]

PEPPOL = [
    b("PEPPOL-EN16931-R001", drop("cbc:ProfileID")),
    b("PEPPOL-EN16931-R002", add(".", "<cbc:Note>Ett</cbc:Note><cbc:Note>Två</cbc:Note>")),
    b("PEPPOL-EN16931-R003", drop("cbc:BuyerReference")),
    b("PEPPOL-EN16931-R004", set_text("cbc:CustomizationID", "urn:cen.eu:en16931:2017")),
    b("PEPPOL-EN16931-R005", add(".", "<cbc:TaxCurrencyCode>SEK</cbc:TaxCurrencyCode>")),
    b("PEPPOL-EN16931-R007", set_text("cbc:ProfileID", "urn:fdc:peppol.eu:2017:poacc:billing:1.0")),
    b("PEPPOL-EN16931-R008", set_text(SELLER + "cac:Contact/cbc:Name", " ")),
    b("PEPPOL-EN16931-R010", drop(BUYER + "cbc:EndpointID")),
    b("PEPPOL-EN16931-R020", drop(SELLER + "cbc:EndpointID")),
    b(
        "PEPPOL-EN16931-R040",
        add(
            ".",
            allowance(
                "false",
                "5.00",
                "<cbc:MultiplierFactorNumeric>10</cbc:MultiplierFactorNumeric>"
                '<cbc:BaseAmount currencyID="SEK">100.00</cbc:BaseAmount>',
            ),
        ),
    ),
    b(
        "PEPPOL-EN16931-R041",
        add(
            ".",
            allowance(
                "false", "5.00", "<cbc:MultiplierFactorNumeric>5</cbc:MultiplierFactorNumeric>"
            ),
        ),
    ),
    b(
        "PEPPOL-EN16931-R042",
        add(
            ".",
            allowance("false", "5.00", '<cbc:BaseAmount currencyID="SEK">100.00</cbc:BaseAmount>'),
        ),
    ),
    b("PEPPOL-EN16931-R043", add(".", allowance("yes", "5.00"))),
    b("PEPPOL-EN16931-R044", add(LINE1 + "cac:Price", allowance("true", "10.00"))),
    b(
        "PEPPOL-EN16931-R046",
        add(
            LINE1 + "cac:Price",
            allowance("false", "10.00", '<cbc:BaseAmount currencyID="SEK">500.00</cbc:BaseAmount>'),
        ),
    ),
    b("PEPPOL-EN16931-R051", set_attr(TOTAL + "cbc:PayableAmount", "currencyID", "EUR")),
    b("PEPPOL-EN16931-R053", duplicate("cac:TaxTotal")),
    b(
        "PEPPOL-EN16931-R054",
        add(
            ".", '<cac:TaxTotal><cbc:TaxAmount currencyID="SEK">1.00</cbc:TaxAmount></cac:TaxTotal>'
        ),
    ),
    b(
        "PEPPOL-EN16931-R055",
        add(
            ".",
            "<cbc:TaxCurrencyCode>EUR</cbc:TaxCurrencyCode>"
            '<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">-10.00</cbc:TaxAmount></cac:TaxTotal>',
        ),
    ),
    b("PEPPOL-EN16931-R061", set_text("cac:PaymentMeans/cbc:PaymentMeansCode", "59")),
    b(
        "PEPPOL-EN16931-R080",
        add(
            ".",
            "<cac:AdditionalDocumentReference><cbc:ID>P1</cbc:ID>"
            "<cbc:DocumentTypeCode>50</cbc:DocumentTypeCode></cac:AdditionalDocumentReference>"
            "<cac:AdditionalDocumentReference><cbc:ID>P2</cbc:ID>"
            "<cbc:DocumentTypeCode>50</cbc:DocumentTypeCode></cac:AdditionalDocumentReference>",
        ),
        base="credit",
    ),
    b(
        "PEPPOL-EN16931-R100",
        add(
            "cac:InvoiceLine[1]",
            "<cac:DocumentReference><cbc:ID>A</cbc:ID>"
            "<cbc:DocumentTypeCode>130</cbc:DocumentTypeCode></cac:DocumentReference>"
            "<cac:DocumentReference><cbc:ID>B</cbc:ID>"
            "<cbc:DocumentTypeCode>130</cbc:DocumentTypeCode></cac:DocumentReference>",
        ),
    ),
    b(
        "PEPPOL-EN16931-R101",
        add(
            "cac:InvoiceLine[1]",
            "<cac:DocumentReference><cbc:ID>A</cbc:ID>"
            "<cbc:DocumentTypeCode>50</cbc:DocumentTypeCode></cac:DocumentReference>",
        ),
    ),
    b(
        "PEPPOL-EN16931-R110",
        add(
            "cac:InvoiceLine[1]",
            "<cac:InvoicePeriod><cbc:StartDate>2025-02-01</cbc:StartDate></cac:InvoicePeriod>",
        ),
    ),
    b(
        "PEPPOL-EN16931-R111",
        add(
            "cac:InvoiceLine[1]",
            "<cac:InvoicePeriod><cbc:EndDate>2025-04-01</cbc:EndDate></cac:InvoicePeriod>",
        ),
    ),
    b("PEPPOL-EN16931-R120", set_text(LINE1 + "cbc:LineExtensionAmount", "2900.00")),
    b(
        "PEPPOL-EN16931-R121",
        add(LINE1 + "cac:Price", '<cbc:BaseQuantity unitCode="HUR">0</cbc:BaseQuantity>'),
    ),
    b(
        "PEPPOL-EN16931-R130",
        add(LINE1 + "cac:Price", '<cbc:BaseQuantity unitCode="EA">1</cbc:BaseQuantity>'),
    ),
    b(
        "PEPPOL-COMMON-R040",
        set_attr(BUYER + "cbc:EndpointID", "schemeID", "0088"),
        set_text(BUYER + "cbc:EndpointID", "7350000000001"),
    ),
    b("PEPPOL-COMMON-R049", set_text(SELLER + "cbc:EndpointID", "7696002183")),
]

BANKGIRO = "cac:PaymentMeans[.//cbc:ID='SE:BANKGIRO']/cac:PayeeFinancialAccount/"
TO_PLUSGIRO = set_text(ACCOUNT + "cac:FinancialInstitutionBranch/cbc:ID", "SE:PLUSGIRO")

SWEDISH = [
    b("SE-R-001", set_text(VAT_ID, "SE76960021820")),
    b("SE-R-002", set_text(VAT_ID, "SE7696002182AB")),
    b("SE-R-003", set_text(ORGNR, "769600-218")),
    b("SE-R-004", set_text(ORGNR, "76960021820")),
    b("SE-R-005", set_text(F_TAX + "/cbc:CompanyID", "F-skatt")),
    b("SE-R-006", set_text("//cac:ClassifiedTaxCategory[cbc:ID='S']/cbc:Percent", "24")),
    b("SE-R-007", TO_PLUSGIRO, set_text(ACCOUNT + "cbc:ID", "12A4")),
    b("SE-R-008", set_text(BANKGIRO + "cbc:ID", "5678-123")),
    b("SE-R-009", set_text(BANKGIRO + "cbc:ID", "567812")),
    b("SE-R-010", TO_PLUSGIRO, set_text(ACCOUNT + "cbc:ID", "123456789")),
    b("SE-R-011", set_text("cac:PaymentMeans/cbc:PaymentMeansCode", "50")),
    b("SE-R-012", set_text("cac:PaymentMeans/cbc:PaymentMeansCode", "31")),
    b("SE-R-013", set_text(ORGNR, "7696002183")),
    b("KOOP-SE-001", set_text(VAT_ID, "SE556016068001")),
    b("KOOP-SE-002", set_text(BANKGIRO + "cbc:ID", "56781231")),
    b("KOOP-SE-003", set_text(F_TAX + "/cac:TaxScheme/cbc:ID", "FSKATT")),
    b("KOOP-SE-004", set_text("cac:PaymentMeans/cbc:PaymentID", "104266")),
]

ALL = EN16931 + PEPPOL + SWEDISH


def break_document(xml: bytes, case: Broken) -> bytes:
    root = etree.fromstring(xml)
    for mutation in case.mutations:
        mutation(root)
    return etree.tostring(root)
