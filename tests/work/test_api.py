"""The work API: same services and rules as the pages; bad input is 422 naming the field."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from koop.work.models import Customer, TimeRow, WorkOrder, WorkOrderStatus
from tests.work.conftest import WorkWorld


def _post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(data), content_type="application/json")


def _fields(response: Any) -> set[str]:
    assert response.status_code == 422, response.content
    return {d["field"] for d in response.json()["detail"]}


def test_customer_create_and_update(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("leader")
    response = _post(
        client,
        "/api/v1/customers",
        {
            "kind": "public",
            "name": "Söderköpings kommun",
            "department": "Kommunledningskontoret",
            "identity_number": "212000-0464",
            "buyer_reference": "KLK-7",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["peppol_id"] == "0007:2120000464"
    response = client.patch(
        f"/api/v1/customers/{body['id']}",
        data=json.dumps({"buyer_reference": "KLK-8"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["buyer_reference"] == "KLK-8"


def test_customer_bad_input_is_422_naming_the_field(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("finance")
    response = _post(
        client,
        "/api/v1/customers",
        {
            "kind": "public",
            "name": "Valdemarsviks kommun",
            "identity_number": "212000-0431",
        },
    )
    assert _fields(response) == {"buyer_reference"}
    response = _post(
        client,
        "/api/v1/customers",
        {
            "kind": "company",
            "name": "Fel AB",
            "identity_number": "123456-7890",
        },
    )
    assert _fields(response) == {"identity_number"}
    assert not Customer.objects.filter(name__in=["Valdemarsviks kommun", "Fel AB"]).exists()


def test_private_customer_personnummer_is_masked(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("finance")
    response = _post(
        client,
        "/api/v1/customers",
        {
            "kind": "private",
            "name": "Anna Andersson",
            "identity_number": "19811218-9876",
        },
    )
    assert response.status_code == 201
    assert response.json()["identity_number"] == "19811218-****"


def test_agreement_create_with_price_list(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    w = ww.world
    response = _post(
        client_for("vd"),
        "/api/v1/agreements",
        {
            "kind": "reserved",
            "title": "Vaktmästeri",
            "customer_id": ww.customer.pk,
            "unit_ids": [w.unit_a.pk],
            "business_area_id": ww.area.pk,
            "valid_from": "2025-01-01",
            "valid_to": "2026-12-31",
            "procurement_reference": "NK 2024/311",
            "social_requirements": "Minst 2 platser för personer långt från arbetsmarknaden.",
            "price_items": [
                {"kind": "service", "name": "Vaktmästeri", "price": "395", "vat_rate": "25"},
                {"kind": "article", "name": "Lysrör", "price": "49.50", "vat_rate": "25"},
            ],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [i["unit_code"] for i in body["price_items"]] == ["HUR", "EA"]


def test_agreement_with_a_vat_rate_not_in_force_saves_nothing(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    from koop.work.models import Agreement

    before = Agreement.objects.count()
    response = _post(
        client_for("vd"),
        "/api/v1/agreements",
        {
            "kind": "direct",
            "title": "Fel moms",
            "customer_id": ww.customer.pk,
            "unit_ids": [ww.world.unit_a.pk],
            "business_area_id": ww.area.pk,
            "valid_from": "2025-01-01",
            "price_items": [{"kind": "service", "name": "X", "price": "1", "vat_rate": "20"}],
        },
    )
    assert _fields(response) == {"vat_rate"}
    assert Agreement.objects.count() == before


def test_work_order_lifecycle_through_the_api(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    w = ww.world
    client = client_for("cooperator")
    response = _post(
        client,
        "/api/v1/work-orders",
        {
            "unit_id": w.unit_a.pk,
            "customer_id": ww.customer.pk,
            "agreement_id": ww.agreement.pk,
            "description": "Trädgårdsarbete",
            "planned_date": "2025-04-01",
            "assigned_ids": [w.persons["cooperator"].pk],
        },
    )
    assert response.status_code == 201, response.content
    order_id = response.json()["id"]
    assert response.json()["business_area_id"] == ww.area.pk
    url = f"/api/v1/work-orders/{order_id}"
    for state in ("planned", "in_progress"):
        assert _post(client, f"{url}/transitions", {"to": state}).status_code == 200
    response = _post(
        client,
        f"{url}/time-rows",
        {
            "hours": "3.5",
            "service_id": ww.service.pk,
            "date": "2025-04-01",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["person_id"] == w.persons["cooperator"].pk
    response = _post(
        client,
        f"{url}/material-rows",
        {
            "description": "Jord",
            "quantity": "4",
            "unit_price": "59",
            "vat_rate": "25",
        },
    )
    assert response.status_code == 201
    response = _post(client, f"{url}/transitions", {"to": "done"})
    assert response.status_code == 200
    detail = client.get(url).json()
    assert detail["status"] == "done"
    assert [h["to_status"] for h in detail["history"]] == [
        "draft",
        "planned",
        "in_progress",
        "done",
    ]
    assert len(detail["time_rows"]) == 1
    assert len(detail["material_rows"]) == 1
    listed = client.get(f"/api/v1/work-orders?unit={w.unit_a.pk}&status=done").json()
    assert [o["id"] for o in listed["items"]] == [order_id]


def test_transition_not_in_the_table_is_422(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    order = ww.order()
    response = _post(
        client_for("leader"), f"/api/v1/work-orders/{order.pk}/transitions", {"to": "invoiced"}
    )
    assert _fields(response) == {"to"}
    response = _post(
        client_for("leader"), f"/api/v1/work-orders/{order.pk}/transitions", {"to": "in_progress"}
    )
    assert _fields(response) == {"to"}
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.DRAFT


def test_negative_hours_and_quantity_are_422(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    order = ww.order(agreement=ww.agreement)
    client = client_for("leader")
    url = f"/api/v1/work-orders/{order.pk}"
    assert _fields(
        _post(client, f"{url}/time-rows", {"hours": "-2", "service_id": ww.service.pk})
    ) == {"hours"}
    assert _fields(
        _post(client, f"{url}/material-rows", {"quantity": "0", "article_id": ww.article.pk})
    ) == {"quantity"}
    assert not TimeRow.objects.exists()


def test_work_order_outside_the_agreement_is_422(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    before = WorkOrder.objects.count()
    response = _post(
        client_for("leader"),
        "/api/v1/work-orders",
        {
            "unit_id": ww.world.unit_a.pk,
            "customer_id": ww.customer.pk,
            "agreement_id": ww.agreement.pk,
            "description": "För sent",
            "planned_date": "2030-01-01",
        },
    )
    assert _fields(response) == {"agreement"}
    assert WorkOrder.objects.count() == before


def test_work_order_in_another_unit_is_404(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    response = _post(
        client_for("leader"),
        "/api/v1/work-orders",
        {
            "unit_id": ww.world.unit_b.pk,
            "customer_id": ww.customer.pk,
            "description": "Fel enhet",
            "planned_date": "2025-01-01",
            "business_area_id": ww.area_b.pk,
        },
    )
    assert response.status_code == 404


def test_participant_registers_own_time_through_the_api(ww: WorkWorld, client_for) -> None:  # type: ignore[no-untyped-def]
    w = ww.world
    order = ww.order(agreement=ww.agreement, assigned=[w.persons["participant"]])
    client = client_for("participant")
    url = f"/api/v1/work-orders/{order.pk}/time-rows"
    response = _post(client, url, {"hours": "2", "service_id": ww.service.pk, "date": "2025-03-03"})
    assert response.status_code == 201, response.content
    assert response.json()["person_id"] == w.persons["participant"].pk
    response = _post(
        client,
        url,
        {"hours": "2", "service_id": ww.service.pk, "person_id": w.persons["cooperator"].pk},
    )
    assert _fields(response) == {"person_id"}
    assert (
        _post(
            client,
            f"/api/v1/work-orders/{order.pk}/material-rows",
            {"quantity": "1", "article_id": ww.article.pk},
        ).status_code
        == 404
    )
