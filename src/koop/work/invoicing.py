"""The seam where invoicing shows itself on a work order's page.

Work does not know invoices (billing sits above it and reads work, never the other way).
Billing registers a provider here from its ``AppConfig.ready``; the work order page asks
it what to offer the person looking at a done or invoiced order: the button that makes an
invoice draft of it, the draft it is on, or the invoice it went out on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from koop.core.access import Principal
from koop.work.models import WorkOrder


@dataclass(frozen=True)
class InvoiceStep:
    """What the work order page shows about invoicing the order."""

    label: str  # the button's or the link's text
    url: str
    # True: a button that posts to ``url`` (it makes something); False: a link.
    post: bool = False
    note: str = ""  # a sentence beside it, already translated


Provider = Callable[[Principal, WorkOrder], InvoiceStep | None]
_providers: list[Provider] = []


def register_invoice_step(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def invoice_step(principal: Principal, order: WorkOrder) -> InvoiceStep | None:
    """The first step a registered provider offers for ``order`` (None: nothing to show)."""
    for provider in _providers:
        step = provider(principal, order)
        if step is not None:
            return step
    return None
