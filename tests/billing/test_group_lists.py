"""The group-wide invoice and overdue lists of central finance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from koop.billing.models import Invoice
from koop.billing.services import (
    credit_note_issue,
    invoice_draft_add_line,
    invoice_draft_create,
    invoice_issue,
    payment_register,
)
from koop.organisation.models import Unit
from tests.billing.conftest import Billing

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
TODAY = dt.date(2025, 3, 14)


@pytest.fixture(autouse=True)
def _today():  # type: ignore[no-untyped-def]
    with time_machine.travel(dt.datetime(2025, 3, 14, 10, 0), tick=False):
        yield


def _issue(billing: Billing, unit: Unit, amount: str, *, issued: dt.date = TODAY) -> Invoice:
    """An invoice of one line of ``amount`` excl. VAT at 25 % (the company: 30 days)."""
    finance = billing.world.user("finance")
    draft = invoice_draft_create(unit=unit, customer=billing.company, acting_user=finance)
    invoice_draft_add_line(
        draft=draft,
        description="Uppdrag",
        quantity="1",
        unit_price=amount,
        vat_rate="25",
        business_area=billing.area,
        acting_user=finance,
    )
    return invoice_issue(draft=draft, acting_user=finance, issue_date=issued)


@pytest.fixture
def invoices(billing: Billing) -> dict[str, Invoice]:
    """Unit A (Norrköping): one unpaid, one overdue, one paid and credited in part;
    unit B (Linköping): one overdue."""
    w = billing.world
    finance = w.user("finance")
    unpaid = _issue(billing, w.unit_a, "1000.00")
    overdue_a = _issue(billing, w.unit_a, "400.00", issued=TODAY - dt.timedelta(days=45))
    paid = _issue(billing, w.unit_a, "200.00", issued=TODAY - dt.timedelta(days=10))
    payment_register(
        invoice=paid, paid_on=TODAY, amount=Decimal("250.00"), reference="", acting_user=finance
    )
    overdue_b = _issue(billing, w.unit_b, "800.00", issued=TODAY - dt.timedelta(days=31))
    credit = credit_note_issue(
        invoice=unpaid, quantities={unpaid.lines.get().pk: "0.5"}, acting_user=finance
    )
    return {
        "unpaid": unpaid,
        "overdue_a": overdue_a,
        "paid": paid,
        "overdue_b": overdue_b,
        "credit": credit,
    }


def test_the_group_list_is_for_the_central_roles_only(client_for) -> None:  # type: ignore[no-untyped-def]
    for persona in ("finance", "vd", "admin"):
        assert client_for(persona).get("/invoices/").status_code == 200, persona
        assert client_for(persona).get("/invoices/overdue/").status_code == 200, persona
    for persona in ("leader", "cooperator", "board", "participant", "leader_b"):
        assert client_for(persona).get("/invoices/").status_code == 404, persona
        assert client_for(persona).get("/invoices/overdue/").status_code == 404, persona


def test_a_leader_keeps_the_units_list(billing: Billing, client_for, invoices) -> None:  # type: ignore[no-untyped-def]
    body = client_for("leader").get(f"/units/{billing.world.unit_a.pk}/invoices/").content.decode()
    assert f'href="/invoices/{invoices["unpaid"].pk}/"' in body
    assert f'href="/invoices/{invoices["overdue_b"].pk}/"' not in body
    assert 'href="/invoices/"' not in body  # no way to the group's list
    finance = client_for("finance").get(f"/units/{billing.world.unit_a.pk}/invoices/")
    assert 'href="/invoices/"' in finance.content.decode()


def test_the_totals_add_up_every_unit_with_credit_notes_subtracted(
    billing: Billing,
    client_for,  # type: ignore[no-untyped-def]
    invoices,  # type: ignore[no-untyped-def]
) -> None:
    response = client_for("finance").get("/invoices/", **EN)

    totals = response.context["totals"]
    # 1000 + 400 + 200 + 800 sold, 500 credited: 1 900.00 excl. VAT, 475.00 VAT.
    assert (totals.count, totals.net, totals.vat, totals.gross) == (
        5,
        Decimal("1900.00"),
        Decimal("475.00"),
        Decimal("2375.00"),
    )
    # Unpaid 1 250.00 less the 625.00 credited, the two overdue 500.00 and 1 000.00; the
    # paid one is settled.
    assert totals.outstanding == Decimal("2125.00")
    body = response.content.decode()
    assert "1,900.00" in body
    assert "2,125.00" in body
    # A credit note's amounts read as negative in the list.
    assert "-625.00" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"unit": "b"}, ["overdue_b"]),
        ({"municipality": "norrkoping"}, ["credit", "paid", "overdue_a", "unpaid"]),
        ({"status": "overdue"}, ["overdue_b", "overdue_a"]),
        ({"status": "overdue", "municipality": "norrkoping"}, ["overdue_a"]),
        ({"status": "paid", "unit": "b"}, []),
    ],
)
def test_the_group_list_filters_by_unit_municipality_and_status(
    billing: Billing,
    client_for,  # type: ignore[no-untyped-def]
    invoices,  # type: ignore[no-untyped-def]
    query: dict[str, str],
    expected: list[str],
) -> None:
    w = billing.world
    values = {"a": w.unit_a.pk, "b": w.unit_b.pk}
    params = {
        "unit": values.get(query.get("unit", ""), ""),
        "municipality": w.unit_a.municipality_id if "municipality" in query else "",
        "status": query.get("status", ""),
    }
    response = client_for("finance").get("/invoices/", params)
    assert [i.pk for i in response.context["page"]] == [invoices[k].pk for k in expected]
    assert response.context["totals"].count == len(expected)


def test_overdue_stands_out_by_sign_and_word_not_colour_alone(
    billing: Billing,
    client_for,  # type: ignore[no-untyped-def]
    invoices,  # type: ignore[no-untyped-def]
) -> None:
    body = client_for("finance").get("/invoices/", **EN).content.decode()
    overdue_rows = [row for row in body.split("<tr") if 'class="overdue"' in row.split(">")[0]]
    assert len(overdue_rows) == 2
    for row in overdue_rows:
        assert '<span class="badge overdue"><span aria-hidden="true">⚠ </span>Overdue</span>' in row
    assert body.count("⚠") == 2


def test_the_overdue_list_shows_days_overdue_and_what_is_owed(
    billing: Billing,
    client_for,  # type: ignore[no-untyped-def]
    invoices,  # type: ignore[no-untyped-def]
) -> None:
    response = client_for("finance").get("/invoices/overdue/", **EN)
    rows = list(response.context["page"])
    # The oldest due first: unit A's was due 15 days ago, unit B's 1 day ago.
    assert [(i.pk, i.days_overdue) for i in rows] == [
        (invoices["overdue_a"].pk, 15),
        (invoices["overdue_b"].pk, 1),
    ]
    assert response.context["totals"].outstanding == Decimal("1500.00")
    body = response.content.decode()
    assert f'href="/invoices/{invoices["overdue_a"].pk}/payments/new/"' in body
    filtered = client_for("finance").get("/invoices/overdue/", {"unit": billing.world.unit_b.pk})
    assert [i.pk for i in filtered.context["page"]] == [invoices["overdue_b"].pk]


def test_the_regional_manager_reads_without_registering_payments(
    billing: Billing,
    client_for,  # type: ignore[no-untyped-def]
    invoices,  # type: ignore[no-untyped-def]
) -> None:
    body = client_for("vd").get("/invoices/overdue/").content.decode()
    assert f'href="/invoices/{invoices["overdue_a"].pk}/"' in body
    assert "/payments/new/" not in body


def test_the_group_list_pages_keep_the_filters(
    billing: Billing,
    client_for,  # type: ignore[no-untyped-def]
    invoices,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("koop.billing.views.group.PAGE_SIZE", 2)
    municipality = billing.world.unit_a.municipality_id
    client = client_for("finance")
    first = client.get("/invoices/", {"municipality": municipality}, **EN)
    assert len(first.context["page"]) == 2
    assert f'href="?municipality={municipality}&amp;page=2"' in first.content.decode()
    second = client.get("/invoices/", {"municipality": municipality, "page": 2})
    assert [i.pk for i in second.context["page"]] == [
        invoices["overdue_a"].pk,
        invoices["unpaid"].pk,
    ]
    # The totals are of the whole list, not of one page.
    assert second.context["totals"].count == 4


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("url", ["/invoices/", "/invoices/overdue/"])
def test_the_group_lists_make_as_many_queries_for_30_rows_as_for_3(
    billing: Billing,
    client_for,  # type: ignore[no-untyped-def]
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
    url: str,
) -> None:
    w = billing.world
    long_ago = TODAY - dt.timedelta(days=60)
    for i in range(3):
        _issue(billing, (w.unit_a, w.unit_b)[i % 2], "100.00", issued=long_ago)
    client = client_for("finance")
    with django_assert_max_num_queries(12):
        three = _queries(client, url)
    for i in range(27):
        _issue(billing, (w.unit_a, w.unit_b)[i % 2], "100.00", issued=long_ago)
    with django_assert_max_num_queries(12):
        thirty = _queries(client, url)
    assert thirty == three
    assert client.get(url).context["totals"].count == 30
