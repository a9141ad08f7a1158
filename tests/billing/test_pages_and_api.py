from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from koop.billing.models import Invoice, InvoiceDraft, Payment
from koop.work.models import WorkOrderStatus
from tests.billing.conftest import Billing
from tests.billing.documents.validation import assert_valid_ubl
from tests.billing.helpers import issue_free_invoice

pytestmark = pytest.mark.django_db


def test_a_leader_invoices_done_work_from_the_pages(billing: Billing, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("leader")
    order = billing.done_order()
    unit = billing.world.unit_a
    page = client.get(f"/units/{unit.pk}/invoices/new/?customer={billing.municipality.pk}")
    assert page.status_code == 200
    assert order.reference in page.content.decode()
    created = client.post(
        f"/units/{unit.pk}/invoices/new/",
        {"customer": billing.municipality.pk, "work_orders": [order.pk]},
    )
    draft = InvoiceDraft.objects.get()
    assert created.status_code == 302
    assert created["Location"] == f"/invoices/drafts/{draft.pk}/"
    preview = client.get(created["Location"])
    assert preview.context["totals"].payable == Decimal("2498.75")  # 1999.00 + 25 %
    issued = client.post(f"/invoices/drafts/{draft.pk}/issue/", {"confirmed": "yes"})
    invoice = Invoice.objects.get()
    assert issued["Location"] == f"/invoices/{invoice.pk}/"
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.INVOICED
    detail = client.get(issued["Location"])
    assert detail.status_code == 200
    assert invoice.ocr_reference in detail.content.decode()
    pdf = client.get(f"/invoices/{invoice.pk}/pdf/")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    ubl = client.get(f"/invoices/{invoice.pk}/ubl/")
    assert ubl.status_code == 200
    assert b"<Invoice" in ubl.content or b":Invoice" in ubl.content
    assert_valid_ubl(ubl.content)


def test_the_draft_page_refuses_a_negative_quantity_with_422(billing: Billing, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("leader")
    client.post(f"/units/{billing.world.unit_a.pk}/invoices/new/", {"customer": billing.company.pk})
    draft = InvoiceDraft.objects.get()
    response = client.post(
        f"/invoices/drafts/{draft.pk}/lines/",
        {
            "description": "Retur",
            "quantity": "-2",
            "unit_code": "EA",
            "unit_price": "10",
            "vat_rate": "25.00",
            "business_area": billing.area.pk,
        },
    )
    assert response.status_code == 422
    assert "credit note" in response.content.decode()
    assert not draft.lines.exists()
    empty = client.post(f"/invoices/drafts/{draft.pk}/issue/")
    assert empty.status_code == 422
    assert "empty invoice" in empty.content.decode()


def test_payment_and_credit_note_forms(billing: Billing, client_for) -> None:  # type: ignore[no-untyped-def]
    invoice = issue_free_invoice(billing, issue_date=dt.date.today() - dt.timedelta(days=3))
    client = client_for("finance")
    too_much = client.post(
        f"/invoices/{invoice.pk}/payments/new/",
        {"paid_on": dt.date.today().isoformat(), "amount": "99999"},
    )
    assert too_much.status_code == 422
    paid = client.post(
        f"/invoices/{invoice.pk}/payments/new/",
        {"paid_on": dt.date.today().isoformat(), "amount": "100.00", "reference": "BG"},
    )
    assert paid.status_code == 302
    assert Payment.objects.get().amount == Decimal("100.00")
    line = invoice.lines.get(line_no=2)
    credit = client.post(f"/invoices/{invoice.pk}/credit/", {f"line_{line.pk}": "1"})
    assert credit.status_code == 302
    credit_note = Invoice.objects.get(credited_invoice=invoice)
    assert credit_note.net_total == Decimal("19.90")
    over = client.post(f"/invoices/{invoice.pk}/credit/", {f"line_{line.pk}": "5"})
    assert over.status_code == 422
    assert "at most 2" in over.content.decode()


def test_the_invoice_list_filters_and_counts_its_queries(
    billing: Billing,
    client_for,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    for _ in range(3):
        issue_free_invoice(billing)
    issue_free_invoice(billing, customer=billing.municipality)
    client = client_for("cooperator")
    url = f"/units/{billing.world.unit_a.pk}/invoices/"
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("/invoices/") >= 4
    for _ in range(20):
        issue_free_invoice(billing)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    filtered = client.get(url, {"customer": billing.municipality.pk, "status": "unpaid"})
    assert filtered.context["page"].paginator.count == 1
    assert client.get(f"/units/{billing.world.unit_a.pk}/invoices/overdue/").status_code == 200


def test_the_api_creates_issues_credits_and_pays(billing: Billing, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("leader")
    order = billing.done_order()
    created = client.post(
        "/api/v1/invoice-drafts",
        {
            "unit_id": billing.world.unit_a.pk,
            "customer_id": billing.municipality.pk,
            "work_order_ids": [order.pk],
            "lines": [
                {
                    "description": "Extra",
                    "quantity": "1",
                    "unit_price": "100",
                    "vat_rate": "12",
                    "business_area_id": billing.area.pk,
                }
            ],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    draft_id = created.json()["id"]
    assert len(created.json()["lines"]) == 3
    issued = client.post(
        f"/api/v1/invoice-drafts/{draft_id}/issue", {}, content_type="application/json"
    )
    assert issued.status_code == 201
    body = issued.json()
    assert body["number"] == 1
    assert Decimal(body["payable"]) == Decimal("2610.75")  # 1999.00 + 25 %, 100.00 + 12 %
    assert body["status"] == "unpaid"
    listed = client.get("/api/v1/invoices", {"status": "unpaid"}).json()
    assert [i["number"] for i in listed["items"]] == [1]
    paid = client.post(
        f"/api/v1/invoices/{body['id']}/payments",
        {"paid_on": dt.date.today().isoformat(), "amount": "85.75"},
        content_type="application/json",
    )
    assert paid.status_code == 201
    credit = client.post(
        f"/api/v1/invoices/{body['id']}/credit-notes",
        {"lines": {str(Invoice.objects.get().lines.get(line_no=3).pk): "1"}},
        content_type="application/json",
    )
    assert credit.status_code == 201, credit.content
    detail = client.get(f"/api/v1/invoices/{body['id']}").json()
    assert Decimal(detail["outstanding"]) == Decimal("2413.00")  # less 85.75 paid, 112.00 credited
    assert detail["status"] == "partly_paid"
    assert client.get(f"/api/v1/invoices/{body['id']}/pdf").content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (
            {
                "lines": [
                    {
                        "description": "x",
                        "quantity": "-1",
                        "unit_price": "1",
                        "vat_rate": "25",
                        "business_area_id": 0,
                    }
                ]
            },
            "quantity",
        ),
        ({"customer_id": 0}, "customer_id"),
        ({"work_order_ids": [0]}, "work_order_ids"),
    ],
)
def test_the_api_answers_422_naming_the_field(
    billing: Billing,
    client_for,
    payload: dict,
    field: str,  # type: ignore[no-untyped-def, type-arg]
) -> None:
    data = {"unit_id": billing.world.unit_a.pk, "customer_id": billing.company.pk, **payload}
    if "lines" in payload:
        data["lines"][0]["business_area_id"] = billing.area.pk
    response = client_for("leader").post(
        "/api/v1/invoice-drafts", data, content_type="application/json"
    )
    assert response.status_code == 422
    assert field in [d["field"] for d in response.json()["detail"]]
    assert not InvoiceDraft.objects.exists()


def test_outsiders_get_404_for_another_units_invoice(billing: Billing, client_for) -> None:  # type: ignore[no-untyped-def]
    invoice = issue_free_invoice(billing)
    for persona in ("leader_b", "participant", "board"):
        client = client_for(persona)
        assert client.get(f"/invoices/{invoice.pk}/").status_code == 404
        assert client.get(f"/api/v1/invoices/{invoice.pk}").status_code == 404
    assert client_for("leader_b").get("/api/v1/invoices").json()["items"] == []


def test_the_invoice_command_writes_pdf_and_ubl(billing: Billing, tmp_path: Path) -> None:
    invoice = issue_free_invoice(billing, customer=billing.municipality)
    pdf = tmp_path / "f.pdf"
    ubl = tmp_path / "f.xml"
    call_command("invoice", "pdf", str(invoice.number), "-o", str(pdf))
    call_command("invoice", "ubl", str(invoice.number), "-o", str(ubl))
    assert pdf.read_bytes().startswith(b"%PDF")
    assert invoice.ocr_reference.encode() in ubl.read_bytes()
    assert_valid_ubl(ubl.read_bytes())


def test_the_invoice_command_names_why_an_e_invoice_cannot_be_made(
    billing: Billing, tmp_path: Path
) -> None:
    billing.company.buyer_reference = ""
    billing.company.save(update_fields=["buyer_reference"])
    invoice = issue_free_invoice(billing, customer=billing.company)
    ubl = tmp_path / "f.xml"
    with pytest.raises(CommandError, match="buyer reference"):
        call_command("invoice", "ubl", str(invoice.number), "-o", str(ubl))
    assert not ubl.exists()
