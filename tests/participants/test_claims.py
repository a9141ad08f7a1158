"""Worked examples of the compensation rule (see koop.participants.services.claims)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from koop.core.errors import KoopValidationError
from koop.participants.factories import CompensationRateFactory
from koop.participants.models import Attendance, ClaimStatusChange, CompensationBasis
from koop.participants.services import claim_compute, claim_set_status
from tests.participants.cases import place
from tests.personas import World

MARCH = dt.date(2026, 3, 1)


def test_a_whole_month_placed_claims_the_full_monthly_rate(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    CompensationRateFactory(amount=Decimal("5000.00"))
    a = fresh_agreement()
    place(a, supervisor_id=world.persons["leader"].pk, starts_on=dt.date(2026, 1, 5))
    claim = claim_compute(body=a.referral.body, month=MARCH, acting_user=None)
    assert claim.total == Decimal("5000.00")
    assert claim.lines.get().quantity == Decimal(1)


def test_a_placement_starting_mid_month_is_paid_pro_rata_by_calendar_days(
    world: World,
    fresh_agreement,  # type: ignore[no-untyped-def]
) -> None:
    CompensationRateFactory(amount=Decimal("5000.00"))
    a = fresh_agreement()
    place(a, supervisor_id=world.persons["leader"].pk, starts_on=dt.date(2026, 3, 10))
    claim = claim_compute(body=a.referral.body, month=MARCH, acting_user=None)
    # 22 of 31 days: 5000 × 22 / 31 = 3548.387… → 3548.39
    assert claim.total == Decimal("3548.39")
    assert "22" in claim.lines.get().explanation


def test_a_daily_rate_pays_the_days_present(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    CompensationRateFactory(amount=Decimal("250.50"), basis=CompensationBasis.PER_DAY)
    a = fresh_agreement()
    place(a, supervisor_id=world.persons["leader"].pk, starts_on=dt.date(2026, 1, 5))
    for day, status in [(2, "present"), (3, "present"), (4, "absent"), (5, "present")]:
        Attendance.objects.create(
            agreement=a,
            person_id=a.person_id,
            unit=world.unit_a,
            day=dt.date(2026, 3, day),
            status=status,
            reason="sick" if status == "absent" else "",
            hours=6,
        )
    claim = claim_compute(body=a.referral.body, month=MARCH, acting_user=None)
    assert claim.total == Decimal("751.50")


def test_the_rate_valid_that_month_is_used(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    CompensationRateFactory(
        amount=Decimal("4000.00"), valid_from=dt.date(2025, 1, 1), valid_to=dt.date(2026, 2, 28)
    )
    CompensationRateFactory(amount=Decimal("4500.00"), valid_from=dt.date(2026, 3, 1))
    a = fresh_agreement()
    place(a, supervisor_id=world.persons["leader"].pk, starts_on=dt.date(2026, 1, 5))
    assert claim_compute(
        body=a.referral.body, month=dt.date(2026, 2, 1), acting_user=None
    ).total == Decimal("4000.00")
    assert claim_compute(body=a.referral.body, month=MARCH, acting_user=None).total == Decimal(
        "4500.00"
    )


def test_without_a_rate_the_claim_is_refused_naming_the_month(
    world: World, fresh_agreement
) -> None:  # type: ignore[no-untyped-def]
    a = fresh_agreement()
    place(a, supervisor_id=world.persons["leader"].pk, starts_on=dt.date(2026, 1, 5))
    with pytest.raises(KoopValidationError) as error:
        claim_compute(body=a.referral.body, month=MARCH, acting_user=None)
    assert error.value.problems[0].field == "month"


def test_status_moves_draft_sent_paid_with_history_and_a_sent_claim_is_frozen(
    world: World,
    fresh_agreement,  # type: ignore[no-untyped-def]
) -> None:
    CompensationRateFactory()
    a = fresh_agreement()
    place(a, supervisor_id=world.persons["leader"].pk, starts_on=dt.date(2026, 1, 5))
    claim = claim_compute(body=a.referral.body, month=MARCH, acting_user=None)
    with pytest.raises(KoopValidationError):
        claim_set_status(claim=claim, to_status="paid", acting_user=None)
    claim_set_status(claim=claim, to_status="sent", acting_user=world.user("finance"))
    with pytest.raises(KoopValidationError):
        claim_compute(body=a.referral.body, month=MARCH, acting_user=None)
    claim_set_status(claim=claim, to_status="paid", acting_user=world.user("finance"))
    assert list(
        ClaimStatusChange.objects.filter(claim=claim).values_list("from_status", "to_status")
    ) == [("", "draft"), ("draft", "sent"), ("sent", "paid")]


def test_claims_are_for_central_finance(world: World, client_for, case) -> None:  # type: ignore[no-untyped-def]
    assert client_for("finance").get(f"/participants/claims/{case.claim.pk}/").status_code == 200
    assert client_for("leader").get(f"/participants/claims/{case.claim.pk}/").status_code == 404


def test_a_sent_claim_gives_the_lines_of_its_invoice(world: World, fresh_agreement) -> None:  # type: ignore[no-untyped-def]
    from koop.participants.invoicing import claim_invoice_draft

    CompensationRateFactory(amount=Decimal("5000.00"))
    a = fresh_agreement()
    place(a, supervisor_id=world.persons["leader"].pk, starts_on=dt.date(2026, 3, 10))
    claim = claim_compute(body=a.referral.body, month=MARCH, acting_user=None)
    with pytest.raises(ValueError, match="draft"):
        claim_invoice_draft(claim)
    claim = claim_set_status(claim=claim, to_status="sent", acting_user=None)
    draft = claim_invoice_draft(claim)
    assert draft.total == sum(line.amount for line in draft.lines) == Decimal("3548.39")
    assert draft.buyer_name == "Arbetsförmedlingen"
    assert draft.vat_rate == 0
