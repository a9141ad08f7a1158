"""Forms report every problem at once: the service collects them all in one error, and a
page whose form could not read some fields still asks the service about the others."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from koop.billing.factories import InvoiceSettingsFactory
from koop.billing.models import InvoiceDraft
from koop.billing.services import invoice_draft_create
from koop.core.errors import KoopValidationError
from koop.work.customer_services import customer_create, customer_update
from koop.work.factories import CompanyCustomerFactory
from koop.work.models import Customer, WorkOrder
from koop.work.services import material_row_add, work_order_create
from tests.work.conftest import WorkWorld

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

BAD_CUSTOMER = {
    "kind": "company",
    "name": "Hyresbostäder AB",
    "identity_number": "556036-0794",  # wrong check digit
    "vat_number": "SE55603607930",  # one digit short
    "postal_code": "6018",  # four digits
    "invoice_email": "faktura.example.se",  # no @
    "country": "SE",
    "payment_terms_days": 30,
}


def _fields(error: KoopValidationError) -> set[str | None]:
    return {p.field for p in error.problems}


def _errors_beside(body: str, field: str) -> str:
    """The error list the shared form template puts beside ``field``."""
    match = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', body, re.S)
    return match.group(1) if match else ""


# --- customers -------------------------------------------------------------------------


def test_the_customer_service_reports_org_nr_vat_postcode_and_the_rest_together(
    ww: WorkWorld,
) -> None:
    with pytest.raises(KoopValidationError) as caught:
        customer_create(
            cooperative=ww.world.cooperative,
            acting_user=ww.world.user("leader"),
            **{**BAD_CUSTOMER, "payment_terms_days": 400},
        )
    assert _fields(caught.value) == {
        "identity_number",
        "vat_number",
        "postal_code",
        "invoice_email",
        None,  # payment terms beyond a year: the table's own rule
    }
    messages = str(caught.value)
    assert "6018 is not a Swedish postcode" in messages
    assert "Payment terms cannot exceed 365 days." in messages
    assert not Customer.objects.filter(name="Hyresbostäder AB").exists()


def test_a_public_body_without_reference_is_told_with_the_other_problems(ww: WorkWorld) -> None:
    with pytest.raises(KoopValidationError) as caught:
        customer_create(
            cooperative=ww.world.cooperative,
            acting_user=ww.world.user("leader"),
            kind="public",
            name="Norrköpings kommun",
            identity_number="212000-0696",
            postal_code="60",
            buyer_reference="",
        )
    # Said once, beside the field, not again as the table's rule on top.
    assert [p.field for p in caught.value.problems] == ["postal_code", "buyer_reference"]


def test_a_swedish_postcode_is_written_nnn_nn_and_a_foreign_one_as_given(ww: WorkWorld) -> None:
    leader = ww.world.user("leader")
    swedish = customer_create(
        cooperative=ww.world.cooperative,
        acting_user=leader,
        kind="company",
        name="Hyresbostäder AB",
        identity_number="556036-0793",
        postal_code="60181",
    )
    assert swedish.postal_code == "601 81"
    danish = customer_create(
        cooperative=ww.world.cooperative,
        acting_user=leader,
        kind="company",
        name="Dansk Flyt ApS",
        country="DK",
        postal_code="DK-1050",
    )
    assert danish.postal_code == "DK-1050"
    with pytest.raises(KoopValidationError) as caught:
        customer_update(customer=swedish, postal_code="012 34", acting_user=leader)
    assert _fields(caught.value) == {"postal_code"}


def test_the_customer_page_shows_every_problem_beside_its_field_at_once(
    ww: WorkWorld,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    response = client_for("leader").post("/customers/new/", {**BAD_CUSTOMER, "name": ""}, **EN)

    assert response.status_code == 422
    body = response.content.decode()
    # The form's own checks (name, e-mail) and the service's (org.nr, VAT, postcode).
    assert "required" in _errors_beside(body, "name")
    assert "valid email" in _errors_beside(body, "invoice_email")
    assert "organisation number" in _errors_beside(body, "identity_number").lower()
    assert "not a valid EU VAT number" in _errors_beside(body, "vat_number")
    assert "not a Swedish postcode" in _errors_beside(body, "postal_code")
    summary = body.split('id="error-summary"')[1].split("</div>")[0]
    for field in ("name", "invoice_email", "identity_number", "vat_number", "postal_code"):
        assert f'href="#id_{field}"' in summary, field
    assert not Customer.objects.filter(name="Hyresbostäder AB").exists()


def test_the_customer_edit_page_shows_every_problem_at_once(
    ww: WorkWorld,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    customer = CompanyCustomerFactory(cooperative=ww.world.cooperative)
    data = {
        **BAD_CUSTOMER,
        "name": customer.name,
        "payment_terms_days": "thirty",  # the form cannot read it
    }
    response = client_for("leader").post(f"/customers/{customer.pk}/edit/", data, **EN)
    assert response.status_code == 422
    body = response.content.decode()
    for field in (
        "payment_terms_days",
        "invoice_email",
        "identity_number",
        "vat_number",
        "postal_code",
    ):
        assert _errors_beside(body, field), field
    customer.refresh_from_db()
    assert customer.postal_code == "602 23"


# --- work orders -----------------------------------------------------------------------


def test_the_work_order_service_reports_every_problem_together(ww: WorkWorld) -> None:
    other_customer = CompanyCustomerFactory(cooperative=ww.world.cooperative)
    with pytest.raises(KoopValidationError) as caught:
        work_order_create(
            unit=ww.world.unit_a,
            customer=other_customer,
            agreement=ww.agreement,  # the agreement is with ww.customer
            business_area=ww.area_b,  # unit A does not work in it
            description="",
            planned_date=dt.date(2027, 1, 1),  # after the agreement ends
            planned_start=dt.time(10),
            planned_end=dt.time(9),
            acting_user=ww.world.user("leader"),
        )
    messages = [(p.field, p.message) for p in caught.value.problems]
    assert ("description", "This field cannot be blank.") in messages
    assert (None, "The end time must be after the start time.") in messages
    assert ("agreement", "The agreement is with another customer.") in messages
    assert any(f == "agreement" and "not valid on 2027-01-01" in m for f, m in messages)
    assert any(
        f == "business_area" and "does not work in the business area" in m for f, m in messages
    )
    assert not WorkOrder.objects.exists()


def test_the_work_order_page_reports_an_unreadable_date_with_the_services_problems(
    ww: WorkWorld,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    response = client_for("leader").post(
        f"/units/{ww.world.unit_a.pk}/work-orders/new/",
        {
            "customer": ww.customer.pk,
            "agreement": ww.agreement.pk,
            "description": "",
            "planned_date": "14 mars",
            "planned_start": "10:00",
            "planned_end": "09:00",
        },
        **EN,
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "required" in _errors_beside(body, "description")
    assert "valid date" in _errors_beside(body, "planned_date")
    assert "The end time must be after the start time." in body
    assert not WorkOrder.objects.exists()


# --- draft lines -----------------------------------------------------------------------


def test_the_draft_line_form_reports_every_problem_at_once(
    ww: WorkWorld,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    InvoiceSettingsFactory(cooperative=ww.world.cooperative)
    draft = invoice_draft_create(
        unit=ww.world.unit_a, customer=ww.customer, acting_user=ww.world.user("leader")
    )
    response = client_for("leader").post(
        f"/invoices/drafts/{draft.pk}/lines/",
        {
            "description": "",
            "quantity": "-2",
            "unit_code": "HUR",
            "unit_price": "fyra hundra",
            "vat_rate": "25.00",
            "business_area": ww.area.pk,
        },
        **EN,
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "required" in _errors_beside(body, "description")
    assert "Enter a number" in _errors_beside(body, "unit_price")
    assert "use a credit note" in _errors_beside(body, "quantity")
    assert not InvoiceDraft.objects.get().lines.exists()


def test_a_decimal_comma_is_read_on_the_draft_line_form(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    InvoiceSettingsFactory(cooperative=ww.world.cooperative)
    draft = invoice_draft_create(
        unit=ww.world.unit_a, customer=ww.customer, acting_user=ww.world.user("leader")
    )
    response = client_for("leader").post(
        f"/invoices/drafts/{draft.pk}/lines/",
        {
            "description": "Bärhjälp",
            "quantity": "3,5",
            "unit_code": "HUR",
            "unit_price": "395,50",
            "vat_rate": "25.00",
            "business_area": ww.area.pk,
        },
    )
    assert response.status_code == 302
    line = draft.lines.get()
    assert (line.quantity, line.unit_price) == (Decimal("3.5"), Decimal("395.50"))


def test_the_time_form_reports_the_hours_and_the_missing_price_together(
    ww: WorkWorld,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    order = ww.order(agreement=ww.agreement)
    response = client_for("leader").post(
        f"/work-orders/{order.pk}/time/",
        {
            "person": ww.world.persons["cooperator"].pk,
            "date": "2025-03-03",
            "hours": "0",
            "service": "",
            "hourly_price": "",
        },
        **EN,
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "more than 0" in _errors_beside(body, "hours")
    assert "enter an hourly price" in _errors_beside(body, "hourly_price")
    assert not order.time_rows.exists()


def test_material_without_description_or_price_is_told_both(ww: WorkWorld) -> None:
    order = ww.order()
    with pytest.raises(KoopValidationError) as caught:
        material_row_add(
            work_order=order, quantity=Decimal(-1), acting_user=ww.world.user("leader")
        )
    assert [p.field for p in caught.value.problems] == ["quantity", "description", "unit_price"]
