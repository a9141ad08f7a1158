"""Fakturera (invoice): a done work order becomes an invoice draft in one step, once."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from lxml import etree

from koop.billing.documents.checks import ubl_failures
from koop.billing.factories import InvoiceSettingsFactory
from koop.billing.models import InvoiceDraft, InvoiceDraftLine
from koop.billing.rendering import invoice_ubl
from koop.billing.services import (
    invoice_draft_create,
    invoice_draft_from_work_order,
    invoice_issue,
)
from koop.core.errors import KoopValidationError
from koop.core.models import VatRate
from koop.work.factories import CompanyCustomerFactory, CustomerFactory
from koop.work.models import WorkOrder, WorkOrderStatus
from koop.work.services import time_row_add, work_order_transition
from tests.billing.conftest import Billing
from tests.billing.documents.validation import NS, assert_valid_ubl, third_party_fatal
from tests.billing.helpers import priced_order
from tests.personas import build_world

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PRESSES = 8


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(dt.datetime(2025, 3, 14, 10, 0), tick=False):
        yield


def _messages(error: KoopValidationError) -> list[str]:
    return [p.message for p in error.problems]


def test_a_done_order_becomes_a_draft_with_its_time_and_material_at_price_list_prices(
    billing: Billing,
) -> None:
    priced = priced_order(billing)
    leader = billing.world.user("leader")

    draft = invoice_draft_from_work_order(work_order=priced.order, acting_user=leader)

    ref = priced.order.reference
    rows = list(
        draft.lines.order_by("position").values_list(
            "description", "quantity", "unit_code", "unit_price", "vat_rate", "work_order_id"
        )
    )
    order_id, vat = priced.order.pk, Decimal("25.00")
    assert rows == [
        (f"{ref}: Flyttarbete", Decimal("4.000"), "HUR", Decimal("420.00"), vat, order_id),
        (f"{ref}: Flyttkartong", Decimal("3.000"), "EA", Decimal("35.00"), vat, order_id),
        (f"{ref}: Tejp", Decimal("2.000"), "EA", Decimal("19.90"), vat, order_id),
    ]
    assert set(draft.lines.values_list("business_area_id", flat=True)) == {billing.area.pk}
    assert (draft.unit, draft.customer) == (billing.world.unit_a, billing.municipality)
    assert draft.buyer_reference == billing.municipality.buyer_reference
    # The agreement's procurement reference is the invoice's contract reference.
    assert draft.contract_reference == "NK-2024-17"
    assert draft.period_start == draft.period_end == dt.date(2025, 3, 3)

    invoice = invoice_issue(draft=draft, acting_user=leader)
    # 4 h × 420.00 + 3 × 35.00 + 2 × 19.90 = 1 824.80, VAT 25 % = 456.20
    assert (invoice.net_total, invoice.vat_total, invoice.payable) == (
        Decimal("1824.80"),
        Decimal("456.20"),
        Decimal("2281.00"),
    )
    priced.order.refresh_from_db()
    assert priced.order.status == WorkOrderStatus.INVOICED
    assert priced.order.invoice_ref == str(invoice.number)


def test_the_draft_states_the_days_the_work_was_done_as_the_supply_period(
    billing: Billing,
) -> None:
    priced = priced_order(billing, done=False)  # planned, and 4 h worked, on 3 March
    leader = billing.world.user("leader")
    time_row_add(
        work_order=priced.order,
        person=billing.world.persons["cooperator"],
        date=dt.date(2025, 3, 7),
        hours=Decimal(2),
        service=priced.service,
        acting_user=leader,
    )
    work_order_transition(work_order=priced.order, to="done", acting_user=leader)

    draft = invoice_draft_from_work_order(work_order=priced.order, acting_user=leader)

    assert (draft.period_start, draft.period_end) == (dt.date(2025, 3, 3), dt.date(2025, 3, 7))


def test_the_e_invoice_of_an_invoiced_work_order_passes_the_peppol_checks(
    billing: Billing,
) -> None:
    priced = priced_order(billing)  # for the municipality: a public buyer
    leader = billing.world.user("leader")
    invoice = invoice_issue(
        draft=invoice_draft_from_work_order(work_order=priced.order, acting_user=leader),
        acting_user=leader,
    )

    xml = invoice_ubl(invoice)

    assert ubl_failures(xml) == []
    assert third_party_fatal(xml) == []
    assert assert_valid_ubl(xml) == []  # the UBL 2.1 schema and the official rules
    root = etree.fromstring(xml)
    assert root.findtext("cac:ContractDocumentReference/cbc:ID", namespaces=NS) == "NK-2024-17"
    units = [q.get("unitCode") for q in root.iterfind("cac:InvoiceLine/cbc:InvoicedQuantity", NS)]
    assert units == ["HUR", "EA", "EA"]


def test_a_second_press_makes_no_second_draft_and_names_the_first(billing: Billing) -> None:
    priced = priced_order(billing)
    leader = billing.world.user("leader")
    first = invoice_draft_from_work_order(work_order=priced.order, acting_user=leader)

    with pytest.raises(KoopValidationError) as caught:
        invoice_draft_from_work_order(work_order=priced.order, acting_user=leader)

    assert _messages(caught.value) == [
        f"Work order {priced.order.reference} is already on invoice draft {first.pk}."
    ]
    assert InvoiceDraft.objects.count() == 1


def test_an_invoiced_order_cannot_be_invoiced_again(billing: Billing) -> None:
    priced = priced_order(billing)
    leader = billing.world.user("leader")
    invoice = invoice_issue(
        draft=invoice_draft_from_work_order(work_order=priced.order, acting_user=leader),
        acting_user=leader,
    )
    with pytest.raises(
        KoopValidationError, match=f"already invoiced \\(invoice {invoice.number}\\)"
    ):
        invoice_draft_from_work_order(work_order=priced.order, acting_user=leader)
    assert not InvoiceDraft.objects.exists()


def test_an_order_that_is_neither_done_nor_has_anything_on_it_is_refused_for_both(
    billing: Billing,
) -> None:
    order = priced_order(billing).order
    empty = WorkOrder.objects.create(
        unit=order.unit,
        business_area=order.business_area,
        customer=order.customer,
        description="Inget gjort",
        planned_date=order.planned_date,
    )
    with pytest.raises(KoopValidationError) as caught:
        invoice_draft_from_work_order(work_order=empty, acting_user=billing.world.user("leader"))
    assert {p.field for p in caught.value.problems} == {"work_order"}
    assert _messages(caught.value) == [
        f"Work order {empty.reference} is not done yet; only done work is invoiced.",
        f"Work order {empty.reference} has no time or material to invoice, so no draft was "
        "made: register what was done first.",
    ]
    assert not InvoiceDraft.objects.exists()


def test_a_done_order_with_nothing_on_it_makes_no_empty_draft(billing: Billing) -> None:
    order = priced_order(billing, done=False).order
    # Made outside the services (an import, say): done, with no rows left.
    order.time_rows.all().delete()
    order.material_rows.all().delete()
    WorkOrder.objects.filter(pk=order.pk).update(status=WorkOrderStatus.DONE)
    with pytest.raises(KoopValidationError, match="no time or material to invoice"):
        invoice_draft_from_work_order(work_order=order, acting_user=billing.world.user("leader"))
    assert not InvoiceDraft.objects.exists()


def test_a_vat_rate_no_longer_in_force_on_the_invoice_date_is_refused(billing: Billing) -> None:
    VatRate.objects.create(rate=Decimal("15.00"), valid_from="2025-01-01", valid_to="2025-03-31")
    priced = priced_order(billing, done=False)
    leader = billing.world.user("leader")
    time_row_add(
        work_order=priced.order,
        person=billing.world.persons["cooperator"],
        date=dt.date(2025, 3, 3),
        hours=Decimal(1),
        description="Bärhjälp",
        hourly_price=Decimal("300"),
        vat_rate=Decimal("15"),
        acting_user=leader,
    )
    work_order_transition(work_order=priced.order, to="done", acting_user=leader)

    april = time_machine.travel(dt.datetime(2025, 4, 10, 9, 0), tick=False)
    with april, pytest.raises(KoopValidationError) as caught:
        invoice_draft_from_work_order(work_order=priced.order, acting_user=leader)

    assert len(caught.value.problems) == 1
    assert "15% is not a VAT rate in force on 2025-04-10" in caught.value.problems[0].message
    assert not InvoiceDraft.objects.exists()
    # In March the rate was in force: the same order is invoiced.
    assert invoice_draft_from_work_order(work_order=priced.order, acting_user=leader).lines.count()


def test_the_database_keeps_a_work_order_on_one_draft(billing: Billing) -> None:
    priced = priced_order(billing)
    leader = billing.world.user("leader")
    first = invoice_draft_from_work_order(work_order=priced.order, acting_user=leader)
    other = invoice_draft_create(
        unit=billing.world.unit_a, customer=billing.municipality, acting_user=leader
    )
    line = first.lines.first()
    assert line is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        InvoiceDraftLine.objects.create(
            draft=other,
            position=1,
            description="Samma order igen",
            quantity=Decimal(1),
            unit_price=Decimal(1),
            vat_rate=Decimal(25),
            business_area=billing.area,
            work_order=priced.order,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        InvoiceDraftLine.objects.filter(pk=line.pk).update(draft=other)
    # Lines of one order on the same draft are fine.
    InvoiceDraftLine.objects.create(
        draft=first,
        position=9,
        description="Tillägg",
        quantity=Decimal(1),
        unit_price=Decimal(1),
        vat_rate=Decimal(25),
        business_area=billing.area,
        work_order=priced.order,
    )


# --- the pages -------------------------------------------------------------------------


def test_the_leader_presses_invoice_on_a_done_order_and_lands_on_the_draft(
    billing: Billing,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    priced = priced_order(billing)
    client = client_for("leader")
    url = f"/work-orders/{priced.order.pk}/"
    page = client.get(url, **EN).content.decode()
    assert f'action="/work-orders/{priced.order.pk}/invoice/"' in page
    assert ">Invoice</button>" in page

    response = client.post(f"/work-orders/{priced.order.pk}/invoice/", **EN)

    draft = InvoiceDraft.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/invoices/drafts/{draft.pk}/"
    shown = client.get(response["Location"], **EN).content.decode()
    assert f"Draft {draft.pk} was made from {priced.order.reference}" in shown
    assert "Flyttarbete" in shown
    assert "1,824.80" in shown
    # The work order now links to its draft instead of offering a second one.
    page = client.get(url, **EN).content.decode()
    assert f'href="/invoices/drafts/{draft.pk}/"' in page
    assert "/invoice/" not in page


def test_the_swedish_page_says_fakturera(billing: Billing, client_for) -> None:  # type: ignore[no-untyped-def]
    priced = priced_order(billing)
    page = (
        client_for("leader")
        .get(f"/work-orders/{priced.order.pk}/", HTTP_ACCEPT_LANGUAGE="sv")
        .content.decode()
    )
    assert ">Fakturera</button>" in page


def test_a_second_press_on_the_page_says_which_draft_the_order_is_on(
    billing: Billing,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    priced = priced_order(billing)
    client = client_for("leader")
    client.post(f"/work-orders/{priced.order.pk}/invoice/")
    draft = InvoiceDraft.objects.get()

    again = client.post(f"/work-orders/{priced.order.pk}/invoice/", follow=True, **EN)

    assert again.redirect_chain == [(f"/work-orders/{priced.order.pk}/", 302)]
    assert f"is already on invoice draft {draft.pk}" in again.content.decode()
    assert InvoiceDraft.objects.count() == 1


def test_only_those_who_invoice_in_the_unit_get_the_button(
    billing: Billing,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    priced = priced_order(billing)
    button = f'action="/work-orders/{priced.order.pk}/invoice/"'
    for persona in ("leader", "finance", "admin"):
        page = client_for(persona).get(f"/work-orders/{priced.order.pk}/").content.decode()
        assert button in page, persona
    for persona in ("cooperator", "vd"):
        client = client_for(persona)
        assert button not in client.get(f"/work-orders/{priced.order.pk}/").content.decode()
        assert client.post(f"/work-orders/{priced.order.pk}/invoice/").status_code == 404
    assert not InvoiceDraft.objects.exists()


def test_an_open_order_offers_no_invoice_button(billing: Billing, client_for) -> None:  # type: ignore[no-untyped-def]
    priced = priced_order(billing, done=False)
    page = client_for("leader").get(f"/work-orders/{priced.order.pk}/").content.decode()
    assert "/invoice/" not in page


def test_an_invoiced_order_links_to_its_invoice(billing: Billing, client_for) -> None:  # type: ignore[no-untyped-def]
    priced = priced_order(billing)
    leader = billing.world.user("leader")
    invoice = invoice_issue(
        draft=invoice_draft_from_work_order(work_order=priced.order, acting_user=leader),
        acting_user=leader,
    )
    page = client_for("cooperator").get(f"/work-orders/{priced.order.pk}/", **EN)
    assert f'href="/invoices/{invoice.pk}/"' in page.content.decode()
    assert f"Open invoice {invoice.number}" in page.content.decode()


# --- the API ---------------------------------------------------------------------------


def test_the_api_invoices_a_done_order_in_one_call_and_refuses_a_second(
    billing: Billing,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    priced = priced_order(billing)
    client = client_for("leader")
    url = f"/api/v1/work-orders/{priced.order.pk}/invoice-draft"

    made = client.post(url, {}, content_type="application/json")

    assert made.status_code == 201, made.content
    body = made.json()
    assert [(line["unit_code"], line["quantity"]) for line in body["lines"]] == [
        ("HUR", "4.000"),
        ("EA", "3.000"),
        ("EA", "2.000"),
    ]
    again = client.post(url, {}, content_type="application/json")
    assert again.status_code == 422
    assert [d["field"] for d in again.json()["detail"]] == ["work_order"]
    assert (
        client_for("cooperator").post(url, {}, content_type="application/json").status_code == 404
    )


# --- at the same moment ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("immutable_rows_removed_afterwards")
def test_two_presses_at_the_same_moment_make_one_draft() -> None:
    """Two requests for the same order, each on its own connection, start together.

    On PostgreSQL they really run at once: the order's row lock makes the second wait and
    then find the order taken. SQLite allows one writer at a time (an in-memory test
    database cannot even queue), so there the two take turns; the result is the same."""
    world = build_world()
    billing = Billing(
        world=world,
        settings=InvoiceSettingsFactory(cooperative=world.cooperative),
        area=world.unit_a.business_areas.get(),
        municipality=CustomerFactory(cooperative=world.cooperative),
        company=CompanyCustomerFactory(cooperative=world.cooperative),
    )
    order = priced_order(billing).order
    leader = world.user("leader")
    serialise = connection.vendor == "sqlite"
    one_writer = threading.Lock()
    start = threading.Barrier(PRESSES)
    drafts: list[int] = []
    refusals: list[str] = []
    errors: list[BaseException] = []

    def press() -> None:
        try:
            start.wait()
            if serialise:
                with one_writer:
                    draft = invoice_draft_from_work_order(work_order=order, acting_user=leader)
            else:
                draft = invoice_draft_from_work_order(work_order=order, acting_user=leader)
            drafts.append(draft.pk)
        except KoopValidationError as refused:
            refusals.append(str(refused))
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(PRESSES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(drafts) == 1
    assert len(refusals) == PRESSES - 1
    assert "already on invoice draft" in refusals[0]
    assert InvoiceDraft.objects.count() == 1
