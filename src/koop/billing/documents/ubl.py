"""The Peppol BIS Billing 3.0 rendering of an invoice document: a UBL 2.1 Invoice, or a
UBL 2.1 CreditNote for a credit note.

The mapping follows the BIS 3.0 syntax binding and the Swedish conventions in its national
rules (SE-R-001 to SE-R-013): the seller's VAT number and "Godkänd för F-skatt" as two
PartyTaxScheme entries (the latter with TaxScheme "TAX"), organisation numbers with ICD
scheme 0007 (ten digits, no dash), and bankgiro or plusgiro as credit transfer (payment
means 30) with FinancialInstitutionBranch "SE:BANKGIRO" or "SE:PLUSGIRO".

Element order follows the UBL 2.1 schema; the document carries only what the invoice
document holds and never rounds: amounts arrive rounded (see ``model``).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from lxml import etree

from koop.billing.documents.model import (
    Buyer,
    DocumentLine,
    InvoiceDocument,
    Seller,
    VatBreakdownEntry,
    VatCategory,
)

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
INVOICE_TYPE_CODE = "380"  # commercial invoice (UNCL 1001)
CREDIT_NOTE_TYPE_CODE = "381"  # credit note (UNCL 1001)
CREDIT_TRANSFER = "30"  # UNCL 4461
SWEDISH_ORG_NUMBER_SCHEME = "0007"  # ISO 6523 ICD and EAS: Swedish organisation number
F_TAX_TEXT = "Godkänd för F-skatt"
# Category E needs a reason (BR-E-10); this is what the category means when none is given.
DEFAULT_EXEMPTION_REASON = "Undantagen från skatteplikt"

NS_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
NS_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
NS_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
NS_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

_CAC = f"{{{NS_CAC}}}"
_CBC = f"{{{NS_CBC}}}"
# What XML 1.0 cannot hold: the C0 control characters other than tab, line feed and carriage
# return, and U+FFFE/U+FFFF. lxml refuses them, so text that reached an issued invoice
# before such characters were refused on input (or through a work order's rows) loses them
# here rather than making the invoice impossible to send.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class UblRenderError(ValueError):
    """The document lacks something a Peppol BIS 3.0 invoice cannot do without."""


def render_invoice_ubl(doc: InvoiceDocument) -> bytes:
    """The Peppol BIS Billing 3.0 UBL XML of ``doc`` (UTF-8, with an XML declaration)."""
    root = _document(doc)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# -- building blocks ---------------------------------------------------------------------


def xml_text(text: str) -> str:
    """``text`` without the characters XML cannot hold."""
    return _NOT_XML.sub("", text)


def _cbc(parent: etree._Element, name: str, text: str, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, _CBC + name, attrs)
    el.text = xml_text(text)
    return el


def _cac(parent: etree._Element, name: str) -> etree._Element:
    return etree.SubElement(parent, _CAC + name)


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):f}"


def _number(value: Decimal) -> str:
    """A quantity, rate or price without exponent and without trailing zeros."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _date(value: dt.date) -> str:
    return value.isoformat()


def _amount(parent: etree._Element, name: str, value: Decimal, currency: str) -> None:
    _cbc(parent, name, _money(value), currencyID=currency)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _sentences(*parts: str) -> str:
    """Texts joined as sentences: "30 dagar netto. Dröjsmålsränta ..."."""
    texts = [part.strip() for part in parts if part.strip()]
    last = len(texts) - 1
    return " ".join(
        t if i == last or t.endswith((".", "!", "?")) else t + "." for i, t in enumerate(texts)
    )


def _endpoint(peppol_id: str) -> tuple[str, str] | None:
    """(scheme, identifier) of a participant id written "0007:NNNNNNNNNN"."""
    scheme, sep, identifier = peppol_id.strip().partition(":")
    if not sep or not scheme or not identifier:
        return None
    return scheme, identifier.strip()


# -- the document ------------------------------------------------------------------------


def _document(doc: InvoiceDocument) -> etree._Element:
    credit = doc.is_credit_note
    ns = NS_CREDIT_NOTE if credit else NS_INVOICE
    root_name = "CreditNote" if credit else "Invoice"
    # The document's own namespace is the default one (key None), as Peppol examples have it.
    nsmap = {None: ns, "cac": NS_CAC, "cbc": NS_CBC}
    root = etree.Element(f"{{{ns}}}{root_name}", nsmap=nsmap)  # type: ignore[arg-type]  # lxml-stubs omit the None key lxml accepts
    if not doc.buyer.buyer_reference.strip():
        raise UblRenderError("A Peppol invoice needs the buyer reference (Er referens, BT-10).")

    _cbc(root, "CustomizationID", CUSTOMIZATION_ID)
    _cbc(root, "ProfileID", PROFILE_ID)
    _cbc(root, "ID", doc.number)
    _cbc(root, "IssueDate", _date(doc.issue_date))
    if credit:
        _cbc(root, "CreditNoteTypeCode", CREDIT_NOTE_TYPE_CODE)
    else:
        _cbc(root, "DueDate", _date(doc.due_date))
        _cbc(root, "InvoiceTypeCode", INVOICE_TYPE_CODE)
    notes = [note.strip() for note in doc.notes if note.strip()]
    if notes:
        # Peppol allows one document-level note (PEPPOL-EN16931-R002).
        _cbc(root, "Note", "\n".join(notes))
    _cbc(root, "DocumentCurrencyCode", doc.currency)
    _cbc(root, "BuyerReference", doc.buyer.buyer_reference.strip())
    if doc.period_start is not None and doc.period_end is not None:
        period = _cac(root, "InvoicePeriod")
        _cbc(period, "StartDate", _date(doc.period_start))
        _cbc(period, "EndDate", _date(doc.period_end))
    if credit and doc.credited_invoice_number:
        billing = _cac(_cac(root, "BillingReference"), "InvoiceDocumentReference")
        _cbc(billing, "ID", doc.credited_invoice_number)
        if doc.credited_invoice_date is not None:
            _cbc(billing, "IssueDate", _date(doc.credited_invoice_date))
    if doc.contract_reference.strip():
        _cbc(_cac(root, "ContractDocumentReference"), "ID", doc.contract_reference.strip())

    _seller(_cac(_cac(root, "AccountingSupplierParty"), "Party"), doc.seller)
    _buyer(_cac(_cac(root, "AccountingCustomerParty"), "Party"), doc.buyer)

    if doc.supply_date is not None:
        _cbc(_cac(root, "Delivery"), "ActualDeliveryDate", _date(doc.supply_date))
    if not credit:
        _payment_means(root, doc)
    terms = _sentences(doc.payment_terms_text, doc.late_interest_text)
    if terms:
        _cbc(_cac(root, "PaymentTerms"), "Note", terms)

    _tax_total(root, doc)
    _monetary_total(root, doc)
    for line in doc.lines:
        _line(root, line, doc)
    return root


def _seller(party: etree._Element, seller: Seller) -> None:
    endpoint = _endpoint(seller.peppol_id)
    org_digits = _digits(seller.org_number)
    if endpoint is None:
        if not org_digits:
            raise UblRenderError("The seller needs a Peppol id or an organisation number.")
        endpoint = (SWEDISH_ORG_NUMBER_SCHEME, org_digits)
    _cbc(party, "EndpointID", endpoint[1], schemeID=endpoint[0])
    _cbc(_cac(party, "PartyName"), "Name", seller.name)
    _address(
        party,
        seller.address.street,
        seller.address.city,
        seller.address.postal_code,
        seller.address.country,
    )
    if seller.vat_number.strip():
        _tax_scheme(party, seller.vat_number.strip().replace(" ", ""), "VAT")
    if seller.f_tax_text.strip():
        # SE-R-005: the seller's tax registration (BT-32) says "Godkänd för F-skatt".
        _tax_scheme(party, F_TAX_TEXT, "TAX")
    legal = _cac(party, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", seller.name)
    if org_digits:
        _cbc(legal, "CompanyID", org_digits, schemeID=SWEDISH_ORG_NUMBER_SCHEME)
    if seller.legal_form.strip():
        _cbc(legal, "CompanyLegalForm", seller.legal_form.strip())
    _contact(party, seller.reference, seller.phone, seller.email)


def _buyer(party: etree._Element, buyer: Buyer) -> None:
    org_digits = "" if buyer.is_private_person else _digits(buyer.identity_number)
    endpoint = _endpoint(buyer.peppol_id)
    if endpoint is None and len(org_digits) == 10:
        endpoint = (SWEDISH_ORG_NUMBER_SCHEME, org_digits)
    if endpoint is None:
        raise UblRenderError(
            "A Peppol invoice needs the buyer's electronic address (BT-49): a Peppol "
            "participant id or an organisation number."
        )
    _cbc(party, "EndpointID", endpoint[1], schemeID=endpoint[0])
    _cbc(_cac(party, "PartyName"), "Name", buyer.name)
    _address(
        party,
        buyer.address.street,
        buyer.address.city,
        buyer.address.postal_code,
        buyer.address.country,
    )
    if buyer.vat_number.strip():
        _tax_scheme(party, buyer.vat_number.strip().replace(" ", ""), "VAT")
    legal = _cac(party, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", buyer.name)
    if len(org_digits) == 10:
        _cbc(legal, "CompanyID", org_digits, schemeID=SWEDISH_ORG_NUMBER_SCHEME)
    _contact(party, buyer.department, "", buyer.email)


def _address(party: etree._Element, street: str, city: str, postal_code: str, country: str) -> None:
    address = _cac(party, "PostalAddress")
    if street.strip():
        _cbc(address, "StreetName", street.strip())
    if city.strip():
        _cbc(address, "CityName", city.strip())
    if postal_code.strip():
        _cbc(address, "PostalZone", postal_code.strip())
    _cbc(_cac(address, "Country"), "IdentificationCode", (country or "SE").upper())


def _tax_scheme(party: etree._Element, company_id: str, scheme: str) -> None:
    tax = _cac(party, "PartyTaxScheme")
    _cbc(tax, "CompanyID", company_id)
    _cbc(_cac(tax, "TaxScheme"), "ID", scheme)


def _contact(party: etree._Element, name: str, phone: str, email: str) -> None:
    if not (name.strip() or phone.strip() or email.strip()):
        return
    contact = _cac(party, "Contact")
    if name.strip():
        _cbc(contact, "Name", name.strip())
    if phone.strip():
        _cbc(contact, "Telephone", phone.strip())
    if email.strip():
        _cbc(contact, "ElectronicMail", email.strip())


def _payment_means(root: etree._Element, doc: InvoiceDocument) -> None:
    seller = doc.seller
    accounts = [
        (_digits(seller.bankgiro), "SE:BANKGIRO"),
        (_digits(seller.plusgiro), "SE:PLUSGIRO"),
        (seller.iban.replace(" ", "").upper(), seller.bic.replace(" ", "").upper()),
    ]
    for account, branch in accounts:
        if not account:
            continue
        means = _cac(root, "PaymentMeans")
        _cbc(means, "PaymentMeansCode", CREDIT_TRANSFER)
        if doc.ocr_reference.strip():
            _cbc(means, "PaymentID", doc.ocr_reference.strip())
        payee = _cac(means, "PayeeFinancialAccount")
        _cbc(payee, "ID", account)
        if branch:
            _cbc(_cac(payee, "FinancialInstitutionBranch"), "ID", branch)


def _tax_category(
    parent: etree._Element,
    name: str,
    category: VatCategory,
    rate: Decimal,
    exemption_reason: str | None,
) -> None:
    tax_category = _cac(parent, name)
    _cbc(tax_category, "ID", category.value)
    _cbc(tax_category, "Percent", _number(rate))
    if exemption_reason is not None and category is VatCategory.EXEMPT:
        _cbc(
            tax_category, "TaxExemptionReason", exemption_reason.strip() or DEFAULT_EXEMPTION_REASON
        )
    _cbc(_cac(tax_category, "TaxScheme"), "ID", "VAT")


def _tax_total(root: etree._Element, doc: InvoiceDocument) -> None:
    total = _cac(root, "TaxTotal")
    _amount(total, "TaxAmount", doc.totals.vat, doc.currency)
    entry: VatBreakdownEntry
    for entry in doc.vat_breakdown:
        subtotal = _cac(total, "TaxSubtotal")
        _amount(subtotal, "TaxableAmount", entry.taxable_amount, doc.currency)
        _amount(subtotal, "TaxAmount", entry.vat_amount, doc.currency)
        _tax_category(subtotal, "TaxCategory", entry.category, entry.rate, entry.exemption_reason)


def _monetary_total(root: etree._Element, doc: InvoiceDocument) -> None:
    totals = doc.totals
    monetary = _cac(root, "LegalMonetaryTotal")
    _amount(monetary, "LineExtensionAmount", totals.net, doc.currency)
    _amount(monetary, "TaxExclusiveAmount", totals.net, doc.currency)
    _amount(monetary, "TaxInclusiveAmount", totals.gross, doc.currency)
    if totals.rounding:
        _amount(monetary, "PayableRoundingAmount", totals.rounding, doc.currency)
    _amount(monetary, "PayableAmount", totals.payable, doc.currency)


def _line(root: etree._Element, line: DocumentLine, doc: InvoiceDocument) -> None:
    credit = doc.is_credit_note
    el = _cac(root, "CreditNoteLine" if credit else "InvoiceLine")
    _cbc(el, "ID", line.line_id)
    if line.work_order_reference.strip():
        _cbc(el, "Note", f"Arbetsorder {line.work_order_reference.strip()}")
    _cbc(
        el,
        "CreditedQuantity" if credit else "InvoicedQuantity",
        _number(line.quantity),
        unitCode=line.unit_code,
    )
    _amount(el, "LineExtensionAmount", line.net_amount, doc.currency)
    item = _cac(el, "Item")
    _cbc(item, "Name", xml_text(line.description).strip() or "-")
    _tax_category(item, "ClassifiedTaxCategory", line.vat_category, line.vat_rate, None)
    price = _cac(el, "Price")
    _cbc(price, "PriceAmount", _number_price(line.unit_price), currencyID=doc.currency)


def _number_price(value: Decimal) -> str:
    """A unit price: at least two decimals, more only when the price has them."""
    if value == value.quantize(Decimal("0.01")):
        return _money(value)
    return _number(value)
