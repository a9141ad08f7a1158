"""The levy page and the API run the same ``levy_run``; a refusal is shown on the form
(422) or answered 422, never a server error."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from koop.ledger.levy import levy_rate_set
from koop.ledger.models import LevyEntry
from koop.ledger.services import voucher_post_sale


def _rate_and_sale(world) -> None:  # type: ignore[no-untyped-def]
    levy_rate_set(
        valid_from=dt.date(2024, 1, 1), rate=Decimal(15), decision_ref="§7", acting_user=None
    )
    voucher_post_sale(
        cooperative=world.cooperative,
        voucher_date=dt.date(2024, 3, 10),
        unit=world.unit_a,
        reference="1001",
        text="Faktura",
        receivable=Decimal("1250.00"),
        revenue=[(None, Decimal(25), Decimal("1000.00"))],
        vat=[(Decimal(25), Decimal("250.00"))],
        credit_note=False,
        acting_user=None,
    )


def test_levy_page_shows_a_refused_run_on_the_form(world, client_for, year_2024) -> None:
    response = client_for("finance").post(reverse("ledger:levy"), {"period": "2024-03"})
    assert response.status_code == 422
    assert "error-summary" in response.text
    assert "No levy rate is in force in 2024-03." in response.text
    assert LevyEntry.objects.count() == 0


def test_levy_page_refuses_a_month_it_cannot_read(world, client_for, year_2024) -> None:
    response = client_for("finance").post(reverse("ledger:levy"), {"period": "mars"})
    assert response.status_code == 422
    assert "Give the month as YYYY-MM." in response.text


def test_levy_page_posts_the_month_and_then_says_it_is_up_to_date(
    world, client_for, year_2024
) -> None:
    _rate_and_sale(world)
    client = client_for("finance")
    first = client.post(reverse("ledger:levy"), {"period": "2024-03"}, follow=True)
    assert "The levy of 2024-03 posted for 1 unit." in first.text
    again = client.post(reverse("ledger:levy"), {"period": "2024-03"}, follow=True)
    assert "The levy of 2024-03 is up to date: nothing posted." in again.text
    assert [e.amount for e in LevyEntry.objects.all()] == [Decimal("150.00")]


def test_levy_api_answers_a_refusal_with_422(world, client_for, year_2024) -> None:
    client = client_for("finance")
    response = client.post(
        "/api/v1/levy-runs", {"period": "2024-03"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "No levy rate is in force" in response.text
    _rate_and_sale(world)
    posted = client.post(
        "/api/v1/levy-runs", {"period": "2024-03"}, content_type="application/json"
    )
    assert posted.status_code == 201
    assert [row["amount"] for row in posted.json()] == ["150.00"]
    again = client.post("/api/v1/levy-runs", {"period": "2024-03"}, content_type="application/json")
    assert (again.status_code, again.json()) == (201, [])
