"""The work pages through HTTP: who sees what, the phone paths, and query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from icalendar import Calendar

from koop.work.factories import CompanyCustomerFactory, WorkOrderFactory
from koop.work.models import Customer, TimeRow, WorkOrderStatus
from tests.work.conftest import WorkWorld

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_unit_a_leader_gets_404_for_unit_b_orders(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    order_b = ww.order(unit="b")
    client = client_for("leader")
    assert client.get(f"/work-orders/{order_b.pk}/").status_code == 404
    assert (
        client.post(f"/work-orders/{order_b.pk}/transitions/", {"to": "planned"}).status_code == 404
    )
    assert client.get(f"/units/{ww.world.unit_b.pk}/calendar/").status_code == 404
    assert client.get(f"/api/v1/work-orders/{order_b.pk}").status_code == 404
    listed = client.get("/work-orders/").content.decode()
    assert order_b.reference not in listed


def test_participant_sees_only_orders_they_are_on(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    mine = ww.order(assigned=[ww.world.persons["participant"]], description="Min order")
    other = ww.order(description="Någon annans order")
    client = client_for("participant")
    body = client.get("/work-orders/").content.decode()
    assert "Min order" in body
    assert "Någon annans order" not in body
    assert client.get(f"/work-orders/{mine.pk}/").status_code == 200
    assert client.get(f"/work-orders/{other.pk}/").status_code == 404
    assert client.get("/customers/").status_code == 404
    api = client.get("/api/v1/work-orders").json()
    assert [item["id"] for item in api["items"]] == [mine.pk]


def test_participant_registers_own_time_but_not_someone_elses(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    w = ww.world
    order = ww.order(agreement=ww.agreement, assigned=[w.persons["participant"]])
    client = client_for("participant")
    today = timezone.localdate().isoformat()
    page = client.get(f"/work-orders/{order.pk}/", **EN).content.decode()
    assert "Register time" in page
    assert 'name="to"' not in page  # no state buttons for a participant
    response = client.post(
        f"/work-orders/{order.pk}/time/",
        {
            "person": w.persons["participant"].pk,
            "date": today,
            "hours": "3",
            "service": ww.service.pk,
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"/work-orders/{order.pk}/time/",
        {
            "person": w.persons["cooperator"].pk,
            "date": today,
            "hours": "3",
            "service": ww.service.pk,
        },
    )
    assert response.status_code == 422
    assert list(TimeRow.objects.filter(work_order=order).values_list("person_id", flat=True)) == [
        w.persons["participant"].pk
    ]
    assert (
        client.post(f"/work-orders/{order.pk}/transitions/", {"to": "planned"}).status_code == 404
    )


def test_register_time_form_defaults_to_me_today_and_the_first_service(
    ww: WorkWorld,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    order = ww.order(agreement=ww.agreement)
    page = client_for("cooperator").get(f"/work-orders/{order.pk}/").content.decode()
    me = ww.world.persons["cooperator"].pk
    assert f'<option value="{me}" selected>' in page
    assert f'value="{timezone.localdate().isoformat()}"' in page
    assert f'<option value="{ww.service.pk}" selected>' in page


def test_start_and_mark_done_are_one_tap_each(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    order = ww.order(agreement=ww.agreement)
    client = client_for("cooperator")
    for state in ("planned", "in_progress"):
        assert (
            client.post(f"/work-orders/{order.pk}/transitions/", {"to": state}).status_code == 302
        )
    page = client.get(f"/work-orders/{order.pk}/", **EN).content.decode()
    assert 'value="done">Mark done' in page
    client.post(
        f"/work-orders/{order.pk}/time/",
        {
            "person": ww.world.persons["cooperator"].pk,
            "date": "2025-03-03",
            "hours": "1.5",
            "service": ww.service.pk,
        },
    )
    assert client.post(f"/work-orders/{order.pk}/transitions/", {"to": "done"}).status_code == 302
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.DONE
    page = client.get(f"/work-orders/{order.pk}/", **EN).content.decode()
    assert "Register time" not in page


def test_a_refused_transition_answers_422_with_the_reason(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    order = ww.order()
    response = client_for("leader").post(
        f"/work-orders/{order.pk}/transitions/", {"to": "done"}, **EN
    )
    assert response.status_code == 422
    assert "cannot go from Draft to Done" in response.content.decode()


def test_bad_hours_on_the_phone_form_answer_422_naming_hours(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    order = ww.order(agreement=ww.agreement)
    response = client_for("leader").post(
        f"/work-orders/{order.pk}/time/",
        {
            "person": ww.world.persons["cooperator"].pk,
            "date": "2025-03-03",
            "hours": "0",
            "service": ww.service.pk,
        },
        **EN,
    )
    assert response.status_code == 422
    assert "Hours must be more than 0" in response.content.decode()
    assert not TimeRow.objects.exists()


def test_leader_creates_a_work_order_for_their_unit(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    w = ww.world
    client = client_for("leader")
    response = client.post(
        f"/units/{w.unit_a.pk}/work-orders/new/",
        {
            "customer": ww.customer.pk,
            "agreement": ww.agreement.pk,
            "description": "Flytt",
            "place": "Kungsgatan 3",
            "planned_date": "2025-05-05",
            "planned_start": "08:00",
            "planned_end": "12:00",
            "assigned": [w.persons["cooperator"].pk, w.persons["participant"].pk],
        },
    )
    assert response.status_code == 302
    order = w.unit_a.work_orders.get(description="Flytt")
    assert order.business_area == ww.area
    assert set(order.assigned.all()) == {w.persons["cooperator"], w.persons["participant"]}
    assert client.get(f"/units/{w.unit_b.pk}/work-orders/new/").status_code == 404


def test_customer_form_refuses_a_public_body_without_reference(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("leader").post(
        "/customers/new/",
        {
            "kind": "public",
            "name": "Finspångs kommun",
            "identity_number": "212000-0522",
            "country": "SE",
            "payment_terms_days": "30",
        },
        **EN,
    )
    assert response.status_code == 422
    assert "buyer reference" in response.content.decode()
    assert not Customer.objects.filter(name="Finspångs kommun").exists()


def test_customer_form_derives_the_peppol_id(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("finance").post(
        "/customers/new/",
        {
            "kind": "public",
            "name": "Finspångs kommun",
            "department": "Socialförvaltningen",
            "identity_number": "2120000522",
            "buyer_reference": "SOC-12",
            "country": "SE",
            "payment_terms_days": "30",
            "active": "on",
        },
    )
    assert response.status_code == 302
    customer = Customer.objects.get(name="Finspångs kommun")
    assert customer.peppol_id == "0007:2120000522"


def test_cooperator_cannot_create_customers(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    assert client_for("cooperator").get("/customers/new/").status_code == 404
    assert client_for("cooperator").get("/customers/").status_code == 200


def test_agreements_ending_within_60_days_are_listed(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    from koop.work.factories import AgreementFactory

    today = timezone.localdate()
    soon = AgreementFactory(
        cooperative=ww.world.cooperative,
        customer=ww.customer,
        business_area=ww.area,
        units=[ww.world.unit_a],
        title="Snart slut",
        valid_from=today - dt.timedelta(days=300),
        valid_to=today + dt.timedelta(days=20),
    )
    AgreementFactory(
        cooperative=ww.world.cooperative,
        customer=ww.customer,
        business_area=ww.area,
        units=[ww.world.unit_a],
        title="Långt kvar",
        valid_from=today,
        valid_to=today + dt.timedelta(days=200),
    )
    body = client_for("leader").get("/agreements/ending/").content.decode()
    assert soon.title in body
    assert "Långt kvar" not in body
    assert "Snart slut" not in client_for("leader_b").get("/agreements/ending/").content.decode()


def test_unit_calendar_lists_the_week_by_day(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    monday = dt.date(2025, 3, 3)
    ww.order(
        description="Måndagsflytt",
        planned_date=monday,
        planned_start=dt.time(8),
        planned_end=dt.time(11),
    )
    ww.order(description="Uppdrag veckan efter", planned_date=monday + dt.timedelta(days=7))
    body = (
        client_for("cooperator")
        .get(f"/units/{ww.world.unit_a.pk}/calendar/?week=2025-W10")
        .content.decode()
    )
    assert "Måndagsflytt" in body
    assert "08:00" in body
    assert "Uppdrag veckan efter" not in body


def test_ical_feed_carries_the_units_planned_work(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    timed = ww.order(
        description="Tömning av förråd",
        planned_date=today,
        planned_start=dt.time(9, 30),
        planned_end=dt.time(12),
        place="Förrådet",
    )
    ww.order(description="Heldag", planned_date=today + dt.timedelta(days=2))
    ww.order(unit="b", description="Annan enhet", planned_date=today)
    response = client_for("leader").get(f"/units/{ww.world.unit_a.pk}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {
        str(e["summary"]).split(": ", 1)[1].split(" (")[0]: e for e in calendar.walk("VEVENT")
    }
    assert set(events) == {"Tömning av förråd", "Heldag"}
    start = events["Tömning av förråd"].decoded("dtstart")
    assert (start.hour, start.minute) == (9, 30)
    assert str(events["Tömning av förråd"]["location"]) == "Förrådet"
    assert events["Heldag"].decoded("dtstart") == today + dt.timedelta(days=2)
    assert str(events["Tömning av förråd"]["uid"]).startswith(f"work-order-{timed.pk}@")


# --- query counts ----------------------------------------------------------------------


def _add_orders(ww: WorkWorld, n: int) -> None:
    w = ww.world
    for i in range(n):
        WorkOrderFactory(
            unit=w.unit_a,
            business_area=ww.area,
            customer=ww.customer,
            planned_date=dt.date(2025, 1, 1) + dt.timedelta(days=i),
            assigned=[w.persons["participant"]],
        )


def _add_customers(ww: WorkWorld, n: int) -> None:
    start = Customer.objects.count()
    for i in range(start, start + n):
        CompanyCustomerFactory(cooperative=ww.world.cooperative, name=f"Kund {i:02d} AB")


def _count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("persona", ["leader", "finance", "participant"])
def test_work_order_list_makes_as_many_queries_for_30_rows_as_for_3(
    ww: WorkWorld,
    client_for,
    django_assert_max_num_queries,
    persona: str,  # type: ignore[no-untyped-def]
) -> None:
    client = client_for(persona)
    _add_orders(ww, 3)
    with django_assert_max_num_queries(8):
        few = _count(client, "/work-orders/")
    _add_orders(ww, 27)
    many = _count(client, "/work-orders/")
    assert few == many
    body = client.get("/work-orders/", **EN).content.decode()
    assert body.count('data-label="Order"') == 30


def test_customer_list_makes_as_many_queries_for_30_rows_as_for_3(
    ww: WorkWorld,
    client_for,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    client = client_for("leader")
    _add_customers(ww, 2)  # and the fixture's customer: 3
    with django_assert_max_num_queries(7):
        few = _count(client, "/customers/")
    _add_customers(ww, 27)
    many = _count(client, "/customers/")
    assert few == many
    body = client.get("/customers/", **EN).content.decode()
    assert body.count('data-label="Kind"') == 30


def test_work_order_detail_shows_totals(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    from koop.work.services import material_row_add, time_row_add

    order = ww.order(agreement=ww.agreement)
    time_row_add(
        work_order=order,
        person=ww.world.persons["cooperator"],
        date=order.planned_date,
        hours=Decimal("2.5"),
        service=ww.service,
        acting_user=None,
    )
    material_row_add(work_order=order, article=ww.article, quantity=Decimal(2), acting_user=None)
    body = client_for("leader").get(f"/work-orders/{order.pk}/").content.decode()
    assert "1120" in body.replace("\xa0", "").replace(" ", "").replace(",", ".")


def test_the_work_order_page_speaks_swedish_by_default(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    order = ww.order(agreement=ww.agreement)
    body = client_for("cooperator").get(f"/work-orders/{order.pk}/").content.decode()
    assert "Registrera tid" in body
    assert ">Planera</button>" in body
    assert "Utkast" in body
