"""Control characters (pasted text: NUL, vertical tab, unit separator ...) that XML cannot
hold: a free line refuses them with a field error, in the page and in the API, and the UBL
writer leaves out any that reached an invoice another way instead of failing."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from django.db import connection
from lxml import etree

from koop.billing.documents.ubl import render_invoice_ubl
from koop.billing.models import InvoiceDraft
from koop.billing.rendering import invoice_ubl
from koop.billing.services import invoice_draft_from_work_order, invoice_issue
from koop.core.dbrules import rules_lifted
from koop.work.models import MaterialRow
from tests.billing.conftest import Billing
from tests.billing.documents.builders import document
from tests.billing.documents.validation import NS, assert_valid_ubl

pytestmark = pytest.mark.django_db

CONTROLLED = "Flytt\x00 av\x0b kontors\x1fmöbler\x0c"


def test_the_ubl_writer_leaves_out_what_xml_cannot_hold() -> None:
    doc = document()
    line = dataclasses.replace(doc.lines[0], description=CONTROLLED)
    buyer = dataclasses.replace(doc.buyer, name="Norrköpings\x1b kommun")
    xml = render_invoice_ubl(dataclasses.replace(doc, lines=(line, *doc.lines[1:]), buyer=buyer))
    root = etree.fromstring(xml)
    assert root.findtext("cac:InvoiceLine[1]/cac:Item/cbc:Name", namespaces=NS) == (
        "Flytt av kontorsmöbler"
    )
    party = "cac:AccountingCustomerParty/cac:Party/"
    assert root.findtext(party + "cac:PartyName/cbc:Name", namespaces=NS) == "Norrköpings kommun"
    assert assert_valid_ubl(xml) == []


def test_a_description_of_control_characters_only_still_names_the_item() -> None:
    doc = document()
    line = dataclasses.replace(doc.lines[0], description="\x01\x02")
    xml = render_invoice_ubl(dataclasses.replace(doc, lines=(line, *doc.lines[1:])))
    name = etree.fromstring(xml).findtext("cac:InvoiceLine[1]/cac:Item/cbc:Name", namespaces=NS)
    assert name == "-"
    assert_valid_ubl(xml)


def test_an_issued_invoice_whose_work_order_row_holds_one_is_still_sent(billing: Billing) -> None:
    order = billing.done_order()
    # Written on the open order, as rows were written before such characters were refused.
    with rules_lifted(connection, ["work_materialrow"]):
        MaterialRow.objects.filter(work_order=order).update(description="Kartonger\x0b, stora")
    leader = billing.world.user("leader")
    invoice = invoice_issue(
        draft=invoice_draft_from_work_order(work_order=order, acting_user=leader),
        acting_user=leader,
    )
    xml = invoice_ubl(invoice)
    names = etree.fromstring(xml).xpath("//cac:InvoiceLine/cac:Item/cbc:Name/text()", namespaces=NS)
    assert [n for n in names if str(n).endswith(": Kartonger, stora")] != []
    assert_valid_ubl(xml)


def _line(description: str) -> dict[str, object]:
    return {
        "description": description,
        "quantity": "2",
        "unit_code": "EA",
        "unit_price": "10.00",
        "vat_rate": "25.00",
    }


@pytest.mark.parametrize(
    ("description", "code"), [("Fl\x0bytt", "U+000B"), ("Flytt\x1f av möbler", "U+001F")]
)
def test_the_draft_page_refuses_a_control_character_in_the_description(
    billing: Billing,
    client_for,  # type: ignore[no-untyped-def]
    description: str,
    code: str,
) -> None:
    client = client_for("leader")
    client.post(f"/units/{billing.world.unit_a.pk}/invoices/new/", {"customer": billing.company.pk})
    draft = InvoiceDraft.objects.get()
    response = client.post(
        f"/invoices/drafts/{draft.pk}/lines/",
        {**_line(description), "business_area": billing.area.pk},
    )
    assert response.status_code == 422
    assert f"The text holds an invisible control character ({code}); type it again." in (
        response.content.decode()
    )
    assert not draft.lines.exists()


def test_the_draft_page_refuses_a_nul_character_too(billing: Billing, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("leader")
    client.post(f"/units/{billing.world.unit_a.pk}/invoices/new/", {"customer": billing.company.pk})
    draft = InvoiceDraft.objects.get()
    response = client.post(
        f"/invoices/drafts/{draft.pk}/lines/",
        {**_line("Flytt\x00"), "business_area": billing.area.pk},
    )
    assert response.status_code == 422
    assert not draft.lines.exists()


@pytest.mark.parametrize(
    ("description", "code"), [("Flytt\x00", "U+0000"), ("Fl\x0cytt", "U+000C")]
)
def test_the_api_refuses_a_control_character_in_the_description_naming_the_field(
    billing: Billing,
    client_for,  # type: ignore[no-untyped-def]
    description: str,
    code: str,
) -> None:
    data = {
        "unit_id": billing.world.unit_a.pk,
        "customer_id": billing.company.pk,
        "lines": [{**_line(description), "business_area_id": billing.area.pk}],
    }
    response = client_for("leader").post(
        "/api/v1/invoice-drafts", data, content_type="application/json"
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert {
        "field": "description",
        "message": f"The text holds an invisible control character ({code}); type it again.",
    } in [{"field": d["field"], "message": d["message"]} for d in detail]
    assert not InvoiceDraft.objects.exists()


def test_a_tab_or_a_line_break_is_no_control_character_to_refuse(billing: Billing) -> None:
    from koop.billing.services import invoice_draft_add_line, invoice_draft_create

    user = billing.world.user("leader")
    unit = billing.world.unit_a
    draft = invoice_draft_create(unit=unit, customer=billing.company, acting_user=user)
    line = invoice_draft_add_line(
        draft=draft,
        description="Flytt\tav möbler",
        quantity="1",
        unit_price="10.00",
        vat_rate="25",
        business_area=billing.area,
        acting_user=user,
    )
    assert line.unit_price == Decimal("10.00")
