"""The cooperative's invoice number series: gapless and unique under concurrency.

The next number is taken from a counter row locked with ``SELECT ... FOR UPDATE`` in the
issuing transaction. A second issuer waits on the lock until the first commits (and
then reads the advanced counter) or rolls back (and then reuses the number). On SQLite,
transactions start IMMEDIATE (see settings), so writers are serialised before they read."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from koop.billing.models import InvoiceNumberCounter, InvoiceSettings


def counter_ensure(*, cooperative_id: int) -> None:
    """Create the counter row if it is missing, starting at the configured first number."""
    if InvoiceNumberCounter.objects.filter(cooperative_id=cooperative_id).exists():
        return
    first = (
        InvoiceSettings.objects.filter(cooperative_id=cooperative_id)
        .values_list("first_number", flat=True)
        .first()
    )
    try:
        with transaction.atomic():
            InvoiceNumberCounter.objects.create(
                cooperative_id=cooperative_id, next_number=first or 1
            )
    except IntegrityError:
        pass  # made by a concurrent issuer in the meantime: that row is the counter


def number_take(*, cooperative_id: int) -> int:
    """The next invoice number, reserved until the surrounding transaction ends."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("an invoice number is taken inside the issuing transaction")
    locked = InvoiceNumberCounter.objects.select_for_update()
    counter = locked.filter(cooperative_id=cooperative_id).first()
    if counter is None:  # the series' first number: make the row, then lock it
        counter_ensure(cooperative_id=cooperative_id)
        counter = locked.get(cooperative_id=cooperative_id)
    number = counter.next_number
    InvoiceNumberCounter.objects.filter(pk=counter.pk).update(next_number=number + 1)
    return number
