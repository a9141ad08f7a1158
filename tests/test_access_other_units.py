"""Walks every object that references others (the rows of a voucher shared by two units,
the people on each unit's meeting, the lines of an invoice) as every persona, and checks
that what a unit-scoped persona is shown holds nothing of another unit: neither its
people's names nor its rows.

The access matrix (``tests/test_access_matrix.py``) says who gets an answer at all; this
says what the answer holds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from koop.governance.models import Body, BodyKind
from koop.ledger.models import FiscalYear, Voucher
from koop.ledger.services import RowSpec, cost_centre_for_unit, voucher_post
from tests.billing import matrix as bm
from tests.governance import objects as go
from tests.governance.helpers import open_meeting
from tests.personas import World

# The personas of one unit, and the unit they belong to.
UNIT_OF = {"leader": "a", "cooperator": "a", "participant": "a", "leader_b": "b"}
# What names a unit: its people, and the rows of the shared voucher written for it.
MARKS = {
    "a": ("Leader Testsson", "Cooperator Testsson", "Participant Testsson", "Radtext-A"),
    "b": ("Leader_B Testsson", "Radtext-B", "777,77", "777.77"),
}


def _shared_voucher(w: World) -> Voucher:
    FiscalYear.objects.get_or_create(
        start=dt.date(2024, 1, 1), defaults={"end": dt.date(2024, 12, 31)}
    )
    return voucher_post(
        voucher_date=dt.date(2024, 3, 2),
        series="A",
        text="Delad",
        acting_user=None,
        rows=[
            RowSpec(
                5010,
                Decimal("100.00"),
                cost_centre_id=cost_centre_for_unit(w.unit_a).pk,
                text="Radtext-A",
            ),
            RowSpec(
                5010,
                Decimal("777.77"),
                cost_centre_id=cost_centre_for_unit(w.unit_b).pk,
                text="Radtext-B",
            ),
            RowSpec(1930, Decimal("-877.77")),
        ],
    )


def _urls(w: World) -> list[str]:
    voucher = _shared_voucher(w)
    gov = go.objects(w)
    meeting_a = gov.vs_meeting
    vs_b = Body.objects.get(kind=BodyKind.UNIT_MEETING, unit=w.unit_b)
    meeting_b = open_meeting(vs_b, present=[w.persons["leader_b"]])
    invoice = bm.billing_objects(w).invoice
    urls = [
        reverse("ledger:voucher-detail", args=[voucher.pk]),
        f"/api/v1/vouchers/{voucher.pk}",
        reverse("billing:invoice-detail", args=[invoice.pk]),
        f"/api/v1/invoices/{invoice.pk}",
    ]
    for meeting in (meeting_a, meeting_b):
        urls += [
            reverse("governance:meeting-detail", args=[meeting.pk]),
            reverse("governance:attendance", args=[meeting.pk]),
            reverse("governance:meeting-officers", args=[meeting.pk]),
            reverse("governance:proxies", args=[meeting.pk]),
            f"/api/v1/meetings/{meeting.pk}",
            f"/api/v1/meetings/{meeting.pk}/attendance",
            f"/api/v1/meetings/{meeting.pk}/guests",
            f"/api/v1/meetings/{meeting.pk}/proxies",
        ]
    return urls


@pytest.mark.parametrize("persona", sorted(UNIT_OF))
def test_a_unit_persona_is_shown_nothing_of_another_unit(
    persona: str,
    world: World,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    other = "b" if UNIT_OF[persona] == "a" else "a"
    client = client_for(persona)
    shown = 0
    for url in _urls(world):
        response = client.get(url)
        if response.status_code != 200:
            continue
        shown += 1
        text = response.content.decode()
        leaked = [mark for mark in MARKS[other] if mark in text]
        assert not leaked, f"{persona} sees {leaked} of unit {other.upper()} at {url}"
    assert shown > 0  # the persona does see something of their own unit


def test_the_central_roles_see_every_units_rows_of_the_shared_voucher(
    world: World,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    voucher = _shared_voucher(world)
    for persona in ("admin", "finance", "vd"):
        text = client_for(persona).get(f"/api/v1/vouchers/{voucher.pk}").content.decode()
        assert "Radtext-A" in text
        assert "Radtext-B" in text
