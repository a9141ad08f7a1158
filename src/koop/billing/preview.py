"""What issuing a draft will do, shown before it is done: the invoice as it will read
(lines, VAT per rate, totals, buyer, due date), the number it will probably get, whether an
e-invoice is made, and what would stop it. ``invoice_issue`` uses the same rules
(``issue_problems``, ``payment_terms_for``), so the preview and the invoice cannot differ."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from koop.billing.calculation import InvoiceTotals, line_net, totals_of
from koop.billing.models import (
    InvoiceDraft,
    InvoiceDraftLine,
    InvoiceNumberCounter,
    InvoiceSettings,
)
from koop.billing.snapshots import buyer_snapshot
from koop.core.errors import FieldProblem, KoopValidationError
from koop.core.vat import check_vat_rate, vat_rates_on
from koop.work.models import Customer, CustomerKind


def issue_problems(
    draft: InvoiceDraft, lines: list[InvoiceDraftLine], issue_date: dt.date
) -> list[FieldProblem]:
    """Why ``draft`` with ``lines`` cannot be issued on ``issue_date`` (empty: it can)."""
    problems: list[FieldProblem] = []
    if not lines:
        problems.append(
            FieldProblem("lines", _("An empty invoice cannot be issued: add a line first."))
        )
    if draft.customer.kind == CustomerKind.PUBLIC and not draft.buyer_reference.strip():
        problems.append(
            FieldProblem(
                "buyer_reference",
                _(
                    "A public customer needs a buyer reference (Er referens) on the "
                    "invoice; e-invoices without one are sent back."
                ),
            )
        )
    in_force = set(vat_rates_on(issue_date))
    for rate in sorted({line.vat_rate for line in lines}):
        if Decimal(rate) in in_force:
            continue
        try:
            check_vat_rate(rate, on=issue_date)
        except KoopValidationError as error:
            problems.extend(error.problems)
    return problems


def settings_problem() -> FieldProblem:
    return FieldProblem(
        "settings",
        _("Invoice settings (bankgiro, terms) are missing; central finance sets them."),
    )


def payment_terms_for(customer: Customer, settings: InvoiceSettings) -> int:
    """Days to pay: the customer's own terms, else the cooperative's."""
    return customer.payment_terms_days or settings.payment_terms_days


def next_number(cooperative_id: int) -> int:
    """The number the next invoice gets if nobody issues one first (not reserved)."""
    counter = (
        InvoiceNumberCounter.objects.filter(cooperative_id=cooperative_id)
        .values_list("next_number", flat=True)
        .first()
    )
    if counter is not None:
        return int(counter)
    first = (
        InvoiceSettings.objects.filter(cooperative_id=cooperative_id)
        .values_list("first_number", flat=True)
        .first()
    )
    return int(first or 1)


@dataclass(frozen=True)
class IssuePreview:
    draft: InvoiceDraft
    lines: list[InvoiceDraftLine]  # each with ``net_amount`` set
    totals: InvoiceTotals
    issue_date: dt.date
    due_date: dt.date | None  # None: no invoice settings, so no terms
    payment_terms_days: int | None
    next_number: int
    buyer: dict[str, Any]
    e_invoice: bool  # a public buyer gets a Peppol BIS Billing 3.0 e-invoice
    problems: list[FieldProblem]


def issue_preview(draft: InvoiceDraft, *, issue_date: dt.date) -> IssuePreview:
    """The invoice ``draft`` would become if issued on ``issue_date``."""
    lines = list(
        draft.lines.select_related("business_area", "work_order").order_by("position", "pk")
    )
    for line in lines:
        line.net_amount = line_net(line.quantity, line.unit_price)  # type: ignore[attr-defined]  # shown in the preview
    totals = totals_of(lines)  # type: ignore[arg-type]  # net_amount set just above
    problems = issue_problems(draft, lines, issue_date)
    settings = InvoiceSettings.objects.filter(cooperative_id=draft.cooperative_id).first()
    terms: int | None = None
    due: dt.date | None = None
    if settings is None:
        problems.append(settings_problem())
    else:
        terms = payment_terms_for(draft.customer, settings)
        due = issue_date + dt.timedelta(days=terms)
    return IssuePreview(
        draft=draft,
        lines=lines,
        totals=totals,
        issue_date=issue_date,
        due_date=due,
        payment_terms_days=terms,
        next_number=next_number(draft.cooperative_id),
        buyer=buyer_snapshot(draft.customer, buyer_reference=draft.buyer_reference),
        e_invoice=draft.customer.kind == CustomerKind.PUBLIC,
        problems=problems,
    )
