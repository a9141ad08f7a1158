"""The seam to invoicing: a compensation claim as the lines of an invoice to its body.

``claim_invoice_draft`` is the claim as plain data (for a preview or an export); the
invoice draft itself is made by ``koop.participants.services.invoicing.claim_invoice_create``,
which calls billing's services (billing never imports participants)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from koop.participants.models import ClaimStatus, CompensationClaim


@dataclass(frozen=True)
class ClaimInvoiceLine:
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal


@dataclass(frozen=True)
class ClaimInvoiceDraft:
    claim_id: int
    buyer_name: str
    buyer_org_number: str
    buyer_reference: str
    period_start: dt.date
    lines: list[ClaimInvoiceLine]
    total: Decimal
    # Compensation for supervision is a grant from the agency, not a sale: no VAT.
    vat_rate: Decimal = Decimal(0)


def claim_invoice_draft(claim: CompensationClaim) -> ClaimInvoiceDraft:
    """What an invoice for ``claim`` must say. Only a claim that is no longer a draft (the
    amounts are then fixed) is invoiced."""
    if claim.status == ClaimStatus.DRAFT:
        raise ValueError("a draft claim can still change; send it before invoicing")
    lines = [
        ClaimInvoiceLine(
            description=_("Supervision of %(name)s, %(month)s: %(how)s")
            % {
                "name": line.person.full_name,
                "month": f"{claim.month:%Y-%m}",
                "how": line.explanation,
            },
            quantity=line.quantity,
            unit_price=line.rate,
            amount=line.amount,
        )
        for line in claim.lines.select_related("person")
    ]
    return ClaimInvoiceDraft(
        claim_id=claim.pk,
        buyer_name=str(claim.body),
        buyer_org_number=claim.body.org_number,
        buyer_reference=claim.body.invoice_reference,
        period_start=claim.month,
        lines=lines,
        total=claim.total,
    )
