"""Issuing an invoice and deleting a draft ask first and show what will happen."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from koop.billing.models import Invoice, InvoiceDraft
from koop.billing.preview import issue_preview
from koop.billing.services import invoice_draft_create, invoice_draft_from_work_order
from koop.work.models import WorkOrderStatus
from tests.billing.conftest import Billing
from tests.billing.helpers import issue_free_invoice, priced_order

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(dt.datetime(2025, 3, 14, 10, 0), tick=False):
        yield


def _draft(billing: Billing, **kwargs: object) -> InvoiceDraft:
    priced = priced_order(billing, **kwargs)  # type: ignore[arg-type]
    return invoice_draft_from_work_order(
        work_order=priced.order, acting_user=billing.world.user("leader")
    )


def test_issuing_shows_the_invoice_as_it_will_be_before_anything_happens(
    billing: Billing,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    draft = _draft(billing)
    url = f"/invoices/drafts/{draft.pk}/issue/"

    page = client_for("leader").get(url, **EN)

    assert page.status_code == 200
    body = page.content.decode()
    assert "koop/confirm.html" in [t.name for t in page.templates]
    # The lines, VAT per rate, totals, buyer and due date.
    for text in ("Flyttarbete", "Flyttkartong", "Tejp", "420.00", "1,824.80", "456.20", "2,281.00"):
        assert text in body, text
    assert "VAT 25% on 1,824.80" in body
    assert billing.municipality.name in body
    assert billing.municipality.buyer_reference in body
    assert "2025-04-13" in body  # 30 days' terms
    # What issuing does.
    assert "It gets the next number in the invoice series, 1 " in body
    assert "a mistake is corrected with a credit note" in body
    assert "Peppol e-invoice (BIS Billing 3.0) is made for 0007:2120000696" in body
    assert 'name="confirmed" value="yes"' in body
    assert f'action="{url}"' in body
    assert not Invoice.objects.exists()


def test_a_companys_invoice_mentions_no_e_invoice(billing: Billing, client_for) -> None:  # type: ignore[no-untyped-def]
    draft = _draft(billing, customer=billing.company)
    body = client_for("leader").get(f"/invoices/drafts/{draft.pk}/issue/", **EN).content.decode()
    assert "Peppol" not in body
    assert "It gets the next number" in body


def test_the_preview_is_what_the_issued_invoice_says(billing: Billing, client_for) -> None:  # type: ignore[no-untyped-def]
    issue_free_invoice(billing)  # number 1 is taken: this one gets 2
    draft = _draft(billing)
    preview = issue_preview(draft, issue_date=dt.date(2025, 3, 14))
    assert preview.problems == []
    assert preview.next_number == 2

    issued = client_for("leader").post(
        f"/invoices/drafts/{draft.pk}/issue/", {"confirmed": "yes"}, **EN
    )

    invoice = Invoice.objects.get(number=2)
    assert issued.status_code == 302
    assert issued["Location"] == f"/invoices/{invoice.pk}/"
    assert (invoice.net_total, invoice.vat_total, invoice.payable) == (
        preview.totals.net,
        preview.totals.vat,
        preview.totals.payable,
    )
    assert invoice.due_date == preview.due_date
    assert invoice.line_count == len(preview.lines)


def test_a_post_without_the_confirmation_issues_nothing(billing: Billing, client_for) -> None:  # type: ignore[no-untyped-def]
    draft = _draft(billing)
    client = client_for("leader")
    for data in ({}, {"confirmed": "no"}):
        response = client.post(f"/invoices/drafts/{draft.pk}/issue/", data)
        assert response.status_code == 200
        assert "koop/confirm.html" in [t.name for t in response.templates]
    assert not Invoice.objects.exists()
    assert InvoiceDraft.objects.filter(pk=draft.pk).exists()


def test_a_draft_that_cannot_be_issued_says_why_instead_of_asking(
    billing: Billing,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    empty = invoice_draft_create(
        unit=billing.world.unit_a,
        customer=billing.municipality,
        acting_user=billing.world.user("leader"),
    )
    empty.buyer_reference = ""
    empty.save(update_fields=["buyer_reference"])
    response = client_for("leader").get(f"/invoices/drafts/{empty.pk}/issue/", **EN)
    assert response.status_code == 422
    body = response.content.decode()
    assert "The invoice cannot be issued yet" in body
    assert "An empty invoice cannot be issued" in body
    assert "needs a buyer reference" in body
    assert 'name="confirmed"' not in body


def test_the_draft_page_links_to_both_confirmations(billing: Billing, client_for) -> None:  # type: ignore[no-untyped-def]
    draft = _draft(billing)
    body = client_for("leader").get(f"/invoices/drafts/{draft.pk}/").content.decode()
    assert f'href="/invoices/drafts/{draft.pk}/issue/"' in body
    assert f'href="/invoices/drafts/{draft.pk}/delete/"' in body
    # The cooperator reads the draft but neither issues nor deletes it.
    cooperator = client_for("cooperator")
    assert "/issue/" not in cooperator.get(f"/invoices/drafts/{draft.pk}/").content.decode()
    assert cooperator.get(f"/invoices/drafts/{draft.pk}/issue/").status_code == 404
    assert cooperator.get(f"/invoices/drafts/{draft.pk}/delete/").status_code == 404


def test_deleting_a_draft_says_what_is_deleted_and_then_deletes_it(
    billing: Billing,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    draft = _draft(billing)
    order = draft.lines.get(position=1).work_order
    assert order is not None
    client = client_for("leader")
    url = f"/invoices/drafts/{draft.pk}/delete/"

    page = client.get(url, **EN)

    assert page.status_code == 200
    body = page.content.decode()
    assert f"Draft {draft.pk} to {billing.municipality} and its 3 lines (1,824.80" in body
    assert "It has no number and nothing has been booked" in body
    assert f"Work order {order.reference} stays done and can be invoiced again." in body
    assert "Flyttkartong" in body
    assert client.post(url, {}).status_code == 200
    assert InvoiceDraft.objects.filter(pk=draft.pk).exists()

    deleted = client.post(url, {"confirmed": "yes"}, **EN)

    assert deleted.status_code == 302
    assert deleted["Location"] == f"/units/{billing.world.unit_a.pk}/invoices/"
    assert not InvoiceDraft.objects.filter(pk=draft.pk).exists()
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.DONE
    # Freed again: "Fakturera" makes a new draft of it.
    again = invoice_draft_from_work_order(
        work_order=order, acting_user=billing.world.user("leader")
    )
    assert again.lines.count() == 3


def test_the_api_still_issues_in_one_call(billing: Billing, client_for) -> None:  # type: ignore[no-untyped-def]
    draft = _draft(billing)
    issued = client_for("leader").post(
        f"/api/v1/invoice-drafts/{draft.pk}/issue", {}, content_type="application/json"
    )
    assert issued.status_code == 201
    assert Decimal(issued.json()["payable"]) == Decimal("2281.00")
