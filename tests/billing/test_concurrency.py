"""Gapless, unique invoice numbers when many people issue at the same moment."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection

from koop.billing.factories import InvoiceSettingsFactory
from koop.billing.models import Invoice, InvoiceDraft
from koop.billing.services import invoice_draft_add_line, invoice_draft_create, invoice_issue
from koop.core.models import VatRate
from koop.work.factories import CompanyCustomerFactory
from tests.personas import build_world

ISSUERS = 20


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("immutable_rows_removed_afterwards")
def test_issue_assigns_gapless_unique_numbers_under_concurrency() -> None:
    """20 threads, each on its own database connection, issue 20 drafts at once.

    On PostgreSQL they really run at once and queue on the counter row's lock. SQLite
    allows one writer at a time (and an in-memory test database cannot even queue), so
    there the same threads take turns; the result asked for is the same."""
    VatRate.objects.get_or_create(rate=Decimal("25.00"), valid_from="2000-01-01")
    world = build_world()
    InvoiceSettingsFactory(cooperative=world.cooperative)
    customer = CompanyCustomerFactory(cooperative=world.cooperative)
    leader = world.user("leader")
    area = world.unit_a.business_areas.get()
    drafts = []
    for i in range(ISSUERS):
        draft = invoice_draft_create(unit=world.unit_a, customer=customer, acting_user=leader)
        invoice_draft_add_line(
            draft=draft,
            description=f"Uppdrag {i}",
            quantity="1",
            unit_price="100",
            vat_rate="25",
            business_area=area,
            acting_user=leader,
        )
        drafts.append(draft)

    serialise = connection.vendor == "sqlite"
    one_writer = threading.Lock()
    start = threading.Barrier(ISSUERS)
    numbers: list[int] = []
    errors: list[BaseException] = []

    def issue(draft: InvoiceDraft) -> None:
        try:
            start.wait()
            if serialise:
                with one_writer:
                    invoice = invoice_issue(draft=draft, acting_user=leader)
            else:
                invoice = invoice_issue(draft=draft, acting_user=leader)
            numbers.append(invoice.number)
        except BaseException as error:  # reported below, with the others
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(numbers) == list(range(1, ISSUERS + 1))
    stored = sorted(Invoice.objects.values_list("number", flat=True))
    assert stored == list(range(1, ISSUERS + 1))
    assert not InvoiceDraft.objects.exists()
