"""The new-work-order form: the customer first, then that customer's active agreements
(the only one preselected) with their price lists."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from koop.work.factories import AgreementFactory, CompanyCustomerFactory, PriceListItemFactory
from koop.work.models import AgreementStatus, WorkOrder
from tests.work.conftest import WorkWorld

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _agreement_options(body: str) -> dict[str, bool]:
    """The agreement select's options: value -> selected."""
    select = re.search(r'<select name="agreement"[^>]*>(.*?)</select>', body, re.S)
    assert select is not None, "no agreement field"
    return {
        value: bool(selected)
        for value, selected in re.findall(r'<option value="(\d*)"( selected)?>', select.group(1))
    }


def _url(ww: WorkWorld) -> str:
    return f"/units/{ww.world.unit_a.pk}/work-orders/new/"


def test_the_form_asks_for_the_customer_first(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    body = client_for("leader").get(_url(ww), **EN).content.decode()
    assert 'id="choose_customer"' in body
    assert f'hx-get="{_url(ww)}"' in body
    assert 'name="agreement"' not in body


def test_the_customers_only_agreement_is_preselected_with_its_price_list(
    ww: WorkWorld,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    response = client_for("leader").get(_url(ww), {"customer": ww.customer.pk}, **EN)
    body = response.content.decode()
    assert _agreement_options(body) == {"": False, str(ww.agreement.pk): True}
    # The price list the time and material will be priced from.
    assert "Flyttarbete" in body
    assert "420.00" in body
    assert "Flyttkartong" in body
    assert f'<input type="hidden" name="customer" value="{ww.customer.pk}"' in body


def test_only_the_chosen_customers_active_agreements_for_the_unit_are_offered(
    ww: WorkWorld,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    w = ww.world
    today = timezone.localdate()
    second = AgreementFactory(
        cooperative=w.cooperative, customer=ww.customer, business_area=ww.area, units=[w.unit_a]
    )
    PriceListItemFactory(agreement=second, name="Städning", price=Decimal("395"))
    AgreementFactory(  # ended by date
        cooperative=w.cooperative,
        customer=ww.customer,
        business_area=ww.area,
        units=[w.unit_a],
        valid_to=today - dt.timedelta(days=1),
    )
    AgreementFactory(  # a draft
        cooperative=w.cooperative,
        customer=ww.customer,
        business_area=ww.area,
        units=[w.unit_a],
        status=AgreementStatus.DRAFT,
    )
    AgreementFactory(  # unit B's only
        cooperative=w.cooperative, customer=ww.customer, business_area=ww.area, units=[w.unit_b]
    )
    other = AgreementFactory(  # another customer's
        cooperative=w.cooperative,
        customer=CompanyCustomerFactory(cooperative=w.cooperative),
        business_area=ww.area,
        units=[w.unit_a],
    )
    client = client_for("leader")

    body = client.get(_url(ww), {"customer": ww.customer.pk}, **EN).content.decode()

    # Two to choose from: neither is preselected, both price lists are shown.
    assert _agreement_options(body) == {
        "": True,
        str(ww.agreement.pk): False,
        str(second.pk): False,
    }
    assert "Städning" in body
    assert "Flyttarbete" in body

    refused = client.post(
        _url(ww),
        {
            "customer": ww.customer.pk,
            "agreement": other.pk,
            "description": "Flytt",
            "planned_date": today.isoformat(),
        },
        **EN,
    )
    assert refused.status_code == 422
    assert "Select a valid choice" in refused.content.decode()
    assert not WorkOrder.objects.exists()


def test_a_customer_without_agreements_is_told_prices_are_free(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    customer = CompanyCustomerFactory(cooperative=ww.world.cooperative)
    body = client_for("leader").get(_url(ww), {"customer": customer.pk}, **EN).content.decode()
    assert _agreement_options(body) == {"": True}
    assert "priced freely" in body


def test_the_preselected_agreement_is_saved_with_its_business_area(
    ww: WorkWorld,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    response = client_for("leader").post(
        _url(ww),
        {
            "customer": ww.customer.pk,
            "agreement": ww.agreement.pk,
            "description": "Flytt av arkiv",
            "planned_date": "2025-03-20",
        },
    )
    order = WorkOrder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/work-orders/{order.pk}/"
    assert (order.customer, order.agreement, order.business_area) == (
        ww.customer,
        ww.agreement,
        ww.area,
    )


def test_a_new_customer_choice_keeps_what_was_typed(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    # What htmx sends when the customer changes: the customer and the form's fields.
    body = (
        client_for("leader")
        .get(
            _url(ww),
            {"customer": ww.customer.pk, "description": "Tömning av källare", "place": "Kv. Eken"},
        )
        .content.decode()
    )
    assert "Tömning av källare</textarea>" in body
    assert 'value="Kv. Eken"' in body


def test_editing_keeps_an_agreement_that_has_since_ended(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    order = ww.order(agreement=ww.agreement, planned_date=dt.date(2025, 3, 3))
    ww.agreement.valid_to = dt.date(2025, 6, 30)
    ww.agreement.save(update_fields=["valid_to"])
    body = client_for("leader").get(f"/work-orders/{order.pk}/edit/", **EN).content.decode()
    assert _agreement_options(body)[str(ww.agreement.pk)] is True
