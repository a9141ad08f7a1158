"""Invoices and credit notes issued through Koop's services, each written as Peppol UBL and
run through the official rules (``assert_valid_ubl``): the UBL 2.1 schema, CEN EN 16931 and
OpenPeppol BIS Billing 3.0 with the Swedish rules. Koop knows the VAT categories standard
rated (25, 12, 6 %) and exempt (0 %); it has no reverse charge, no discounts and no
öre rounding on issued invoices (the rounding amount is always 0, so BT-114 is left out);
the rendering of a rounded document is validated in ``test_ubl.py``."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from lxml import etree

from koop.billing.models import Invoice
from koop.billing.rendering import invoice_ubl
from koop.billing.services import (
    credit_note_issue,
    invoice_draft_add_line,
    invoice_draft_create,
    invoice_draft_from_work_order,
    invoice_issue,
)
from koop.work.factories import CompanyCustomerFactory
from koop.work.models import Customer
from tests.billing.conftest import Billing
from tests.billing.documents.validation import NS, assert_valid_ubl
from tests.billing.helpers import priced_order

pytestmark = pytest.mark.django_db

Line = tuple[str, str, str, str]  # description, quantity, unit price, VAT rate


def _swedish_company(billing: Billing) -> Customer:
    """A Swedish company buyer with its organisation number (and so its Peppol address)."""
    return CompanyCustomerFactory(
        cooperative=billing.world.cooperative,
        name="Norrköpings Bygg & Fastighet AB",
        identity_number="556036-0793",
        vat_number="SE556036079301",
        buyer_reference="Inköp / Karin Ek",
        invoice_email="faktura@example.se",
    )


def _issue(
    billing: Billing,
    lines: tuple[Line, ...],
    *,
    customer: Customer | None = None,
    note: str = "",
    contract_reference: str = "",
) -> Invoice:
    user = billing.world.user("leader")
    draft = invoice_draft_create(
        unit=billing.world.unit_a,
        customer=customer or _swedish_company(billing),
        acting_user=user,
        note=note,
        contract_reference=contract_reference,
    )
    for description, quantity, price, rate in lines:
        invoice_draft_add_line(
            draft=draft,
            description=description,
            quantity=quantity,
            unit_price=price,
            vat_rate=rate,
            business_area=billing.area,
            acting_user=user,
        )
    return invoice_issue(draft=draft, acting_user=user)


EVERY_RATE: tuple[Line, ...] = (
    ("Flytt av kontorsmöbler", "6.5", "450.00", "25"),
    ("Cykeltransport av livsmedel", "3", "380.00", "12"),
    ("Utdelning av föreningsblad", "4.25", "310.00", "6"),
    ("Arbetsträning, handledning", "2", "520.00", "0"),
)
# Quantities and prices whose products and VAT need rounding to the öre at every rate.
ROUNDING: tuple[Line, ...] = (
    ("Kartonger", "3.333", "19.99", "25"),
    ("Tejp", "0.001", "0.01", "25"),
    ("Städning, trappuppgång", "1.667", "333.33", "25"),
    ("Lunchtransport", "7.777", "12.35", "12"),
    ("Tidningar", "11.111", "1.11", "6"),
    ("Kostnadsfri provtur", "1", "0.00", "25"),
    ("Praktikhandledning", "0.333", "99.99", "0"),
)
ONLY_EXEMPT: tuple[Line, ...] = (("Arbetsträning enligt trepartsuppgörelse", "10", "520.00", "0"),)


def _every_rate(billing: Billing) -> Invoice:
    return _issue(billing, EVERY_RATE, note="Tack för uppdraget!\nBetala till bankgiro.")


def _rounding(billing: Billing) -> Invoice:
    return _issue(billing, ROUNDING, contract_reference="Ramavtal 2025-17")


def _only_exempt(billing: Billing) -> Invoice:
    return _issue(billing, ONLY_EXEMPT)


def _public_buyer_from_a_work_order(billing: Billing) -> Invoice:
    priced = priced_order(billing)  # for the municipality, under a procured agreement
    leader = billing.world.user("leader")
    draft = invoice_draft_from_work_order(work_order=priced.order, acting_user=leader)
    return invoice_issue(draft=draft, acting_user=leader)


def _whole_credit_note(billing: Billing) -> Invoice:
    invoice = _every_rate(billing)
    user = billing.world.user("leader")
    return credit_note_issue(invoice=invoice, acting_user=user, reason="Fel kund")


def _partial_credit_note(billing: Billing) -> Invoice:
    invoice = _rounding(billing)
    lines = list(invoice.lines.order_by("line_no"))
    quantities = {lines[0].pk: "1.111", lines[3].pk: "7.777", lines[6].pk: "0.333"}
    user = billing.world.user("leader")
    return credit_note_issue(invoice=invoice, acting_user=user, quantities=quantities)


ISSUED: dict[str, Callable[[Billing], Invoice]] = {
    "invoice at 25, 12, 6 and 0 % exempt with a two-line note": _every_rate,
    "invoice whose amounts need rounding, with a contract reference": _rounding,
    "invoice of exempt lines only": _only_exempt,
    "invoice of a work order to a public buyer": _public_buyer_from_a_work_order,
    "credit note of a whole invoice": _whole_credit_note,
    "partial credit note": _partial_credit_note,
}


@pytest.mark.parametrize("name", ISSUED)
def test_an_issued_document_passes_the_official_rules(billing: Billing, name: str) -> None:
    invoice = ISSUED[name](billing)
    assert assert_valid_ubl(invoice_ubl(invoice)) == []


def test_the_credit_note_names_its_invoice_and_the_swedish_buyer_its_org_number(
    billing: Billing,
) -> None:
    credit_note = _partial_credit_note(billing)
    xml = invoice_ubl(credit_note)
    assert_valid_ubl(xml)
    root = etree.fromstring(xml)
    original = credit_note.credited_invoice
    assert original is not None
    reference = "cac:BillingReference/cac:InvoiceDocumentReference/"
    assert root.findtext(reference + "cbc:ID", namespaces=NS) == str(original.number)
    assert root.findtext(reference + "cbc:IssueDate", namespaces=NS) == (
        original.issue_date.isoformat()
    )
    buyer = "cac:AccountingCustomerParty/cac:Party/"
    assert root.findtext(buyer + "cac:PartyLegalEntity/cbc:CompanyID", namespaces=NS) == (
        "5560360793"
    )
    assert root.findtext(buyer + "cbc:EndpointID", namespaces=NS) == "5560360793"
    payable = root.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=NS)
    assert Decimal(str(payable)) == credit_note.payable > 0


def test_the_page_and_the_api_serve_a_ubl_file_that_passes(billing: Billing, client_for) -> None:  # type: ignore[no-untyped-def]
    invoice = _every_rate(billing)
    client = client_for("leader")
    page = client.get(f"/invoices/{invoice.pk}/ubl/")
    api = client.get(f"/api/v1/invoices/{invoice.pk}/ubl")
    assert (page.status_code, api.status_code) == (200, 200)
    assert page.content == api.content == invoice_ubl(invoice)
    assert_valid_ubl(api.content)
