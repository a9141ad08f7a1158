"""A sent compensation claim becomes an invoice draft to the referring body's customer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from koop.billing.models import InvoiceDraft
from koop.core.errors import KoopValidationError
from koop.participants.factories import CompensationRateFactory
from koop.participants.models import (
    Agreement,
    Attendance,
    CompensationBasis,
    CompensationClaim,
    ReferringBody,
)
from koop.participants.services import claim_compute, claim_invoice_create, claim_set_status
from koop.work.factories import CustomerFactory
from tests.participants.cases import place
from tests.personas import World

MARCH = dt.date(2026, 3, 1)


def _sent_claim(world: World, fresh_agreement, *, customer: bool = True) -> CompensationClaim:  # type: ignore[no-untyped-def]
    CompensationRateFactory(amount=Decimal("5000.00"))
    a: Agreement = fresh_agreement()
    place(a, supervisor_id=world.persons["leader"].pk, starts_on=dt.date(2026, 3, 10))
    b: Agreement = fresh_agreement()
    place(b, supervisor_id=world.persons["leader"].pk, starts_on=dt.date(2026, 1, 5))
    body = a.referral.body
    if customer:
        body.customer = CustomerFactory(
            cooperative=world.cooperative, name="Arbetsförmedlingen", buyer_reference="AF-123"
        )
        body.save()
    claim = claim_compute(body=body, month=MARCH, acting_user=None)
    return claim_set_status(claim=claim, to_status="sent", acting_user=None)


def test_a_sent_claim_becomes_a_draft_to_the_bodys_customer_with_one_line_each(
    world: World,
    fresh_agreement,  # type: ignore[no-untyped-def]
) -> None:
    claim = _sent_claim(world, fresh_agreement)
    draft = claim_invoice_create(claim=claim, unit=world.unit_a, acting_user=world.users["finance"])
    body = ReferringBody.objects.get(pk=claim.body_id)
    assert draft.customer_id == body.customer_id
    assert draft.buyer_reference == "AF-123"
    assert (draft.period_start, draft.period_end) == (MARCH, dt.date(2026, 3, 31))
    lines = list(draft.lines.order_by("position"))
    assert len(lines) == 2
    assert all(line.vat_rate == 0 for line in lines)
    assert sum(line.quantity * line.unit_price for line in lines) == claim.total
    assert {line.unit_price for line in lines} == {Decimal("5000.00"), Decimal("3548.39")}
    refs = {a.referral.decision_reference for a in Agreement.objects.filter(referral__body=body)}
    for line in lines:
        # Swedish, as the invoice goes to a Swedish body; the case reference, never a name.
        assert line.description.startswith("Handledningsersättning ")
        assert "mars 2026" in line.description
        assert any(ref in line.description for ref in refs)
    assert "moms" in draft.note.lower()
    claim.refresh_from_db()
    assert claim.invoice_draft_id == draft.pk
    assert claim.invoiced_at is not None


def test_a_daily_claim_is_invoiced_as_days_times_the_rate(
    world: World,
    fresh_agreement,  # type: ignore[no-untyped-def]
) -> None:
    CompensationRateFactory(amount=Decimal("250.50"), basis=CompensationBasis.PER_DAY)
    a: Agreement = fresh_agreement()
    place(a, supervisor_id=world.persons["leader"].pk, starts_on=dt.date(2026, 1, 5))
    for day in (2, 3, 5):
        Attendance.objects.create(
            agreement=a,
            person_id=a.person_id,
            unit=world.unit_a,
            day=dt.date(2026, 3, day),
            status="present",
            hours=6,
        )
    body = a.referral.body
    body.customer = CustomerFactory(cooperative=world.cooperative)
    body.save()
    claim = claim_compute(body=body, month=MARCH, acting_user=None)
    claim = claim_set_status(claim=claim, to_status="sent", acting_user=None)
    line = claim_invoice_create(claim=claim, unit=world.unit_a, acting_user=None).lines.get()
    assert (line.quantity, line.unit_price) == (Decimal(3), Decimal("250.50"))


def test_a_body_without_a_customer_is_refused_naming_the_field(
    world: World,
    fresh_agreement,  # type: ignore[no-untyped-def]
) -> None:
    claim = _sent_claim(world, fresh_agreement, customer=False)
    with pytest.raises(KoopValidationError) as refused:
        claim_invoice_create(claim=claim, unit=world.unit_a, acting_user=None)
    assert refused.value.problems[0].field == "customer"
    assert "customer" in str(refused.value.problems[0].message)
    assert InvoiceDraft.objects.count() == 0
    claim.refresh_from_db()
    assert claim.invoice_draft_id is None


def test_a_claim_is_invoiced_once_only(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    claim = _sent_claim(world, fresh_agreement)
    claim_invoice_create(claim=claim, unit=world.unit_a, acting_user=None)
    with pytest.raises(KoopValidationError, match="already been invoiced"):
        claim_invoice_create(claim=claim, unit=world.unit_a, acting_user=None)
    assert InvoiceDraft.objects.count() == 1


def test_an_invoiced_claim_cannot_go_back_to_draft(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    claim = _sent_claim(world, fresh_agreement)
    claim_invoice_create(claim=claim, unit=world.unit_a, acting_user=None)
    with pytest.raises(KoopValidationError, match="back to draft"):
        claim_set_status(claim=claim, to_status="draft", acting_user=None)


def test_a_draft_claim_is_not_invoiced(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    claim = _sent_claim(world, fresh_agreement)
    claim = claim_set_status(claim=claim, to_status="draft", acting_user=None)
    with pytest.raises(KoopValidationError, match="Only a sent claim"):
        claim_invoice_create(claim=claim, unit=world.unit_a, acting_user=None)
    assert InvoiceDraft.objects.count() == 0


def test_the_claim_page_button_makes_the_draft_and_opens_it(
    world: World,
    client_for,  # type: ignore[no-untyped-def]
    fresh_agreement,  # type: ignore[no-untyped-def]
) -> None:
    claim = _sent_claim(world, fresh_agreement)
    client = client_for("finance")
    page = client.get(f"/participants/claims/{claim.pk}/")
    assert f"/participants/claims/{claim.pk}/invoice/" in page.content.decode()
    response = client.post(f"/participants/claims/{claim.pk}/invoice/", {"unit": world.unit_a.pk})
    draft = InvoiceDraft.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/invoices/drafts/{draft.pk}/"
    page = client.get(f"/participants/claims/{claim.pk}/").content.decode()
    assert f"/participants/claims/{claim.pk}/invoice/" not in page
    assert f"/invoices/drafts/{draft.pk}/" in page


def test_the_api_invoices_a_claim_once_and_answers_422_the_second_time(
    world: World,
    client_for,  # type: ignore[no-untyped-def]
    fresh_agreement,  # type: ignore[no-untyped-def]
) -> None:
    claim = _sent_claim(world, fresh_agreement)
    client = client_for("admin")
    url = f"/api/v1/claims/{claim.pk}/invoice"
    first = client.post(url, {"unit_id": world.unit_a.pk}, content_type="application/json")
    assert first.status_code == 201
    assert Decimal(str(first.json()["total"])) == claim.total
    assert first.json()["lines"] == 2
    again = client.post(url, {"unit_id": world.unit_a.pk}, content_type="application/json")
    assert again.status_code == 422
    assert again.json()["detail"][0]["field"] == "claim"


@pytest.mark.parametrize("persona", ["leader", "vd", "cooperator", "participant", "leader_b"])
def test_only_finance_and_administrators_invoice_a_claim(
    world: World,
    client_for,  # type: ignore[no-untyped-def]
    fresh_agreement,  # type: ignore[no-untyped-def]
    persona: str,
) -> None:
    claim = _sent_claim(world, fresh_agreement)
    client = client_for(persona)
    page = client.post(f"/participants/claims/{claim.pk}/invoice/", {"unit": world.unit_a.pk})
    api = client.post(
        f"/api/v1/claims/{claim.pk}/invoice",
        {"unit_id": world.unit_a.pk},
        content_type="application/json",
    )
    assert (page.status_code, api.status_code) == (404, 404)
    assert InvoiceDraft.objects.count() == 0
