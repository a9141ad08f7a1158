"""A compensation claim becomes an invoice draft to its referring body.

Only a sent claim is invoiced: a draft claim can still be recomputed, and a paid one was
settled without an invoice. One invoice per claim: the claim keeps the draft's id (plain,
since issuing removes the draft) and is refused a second time, and an invoiced claim no
longer goes back to draft (see ``claim_set_status``).

Supervision compensation paid by a public body is not consideration for a supply, so it is
outside the scope of VAT: every line is at 0 % and the draft says why. Lines name the
participant by the body's own decision reference, never by name or personnummer."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from koop.billing.models import InvoiceDraft, UnitCode
from koop.billing.services import invoice_draft_add_line, invoice_draft_create
from koop.core.audit import audit_record, snapshot
from koop.core.errors import KoopValidationError
from koop.organisation.models import BusinessArea, Unit
from koop.participants.models import (
    ClaimLine,
    ClaimStatus,
    CompensationBasis,
    CompensationClaim,
    Placement,
)
from koop.participants.services._common import Actor
from koop.participants.services.claims import month_bounds

VAT_OUT_OF_SCOPE = Decimal("0.00")


def exemption_text() -> str:
    return _(
        "Supervision compensation from a public body is outside the scope of VAT "
        "(not a supply for consideration, Mervärdesskattelagen 2023:200)."
    )


def _business_area_for(
    line: ClaimLine, unit: Unit, month_placements: dict[int, Placement]
) -> BusinessArea | None:
    placement = month_placements.get(line.agreement_id)
    if placement is not None and placement.business_area is not None:
        return placement.business_area
    return unit.business_areas.order_by("pk").first()


def claim_invoice_create(
    *, claim: CompensationClaim, unit: Unit, acting_user: Actor
) -> InvoiceDraft:
    """An invoice draft in ``unit`` to the customer of the claim's body, one line per
    participant, linked to the claim. The draft is then checked and issued in billing."""
    with transaction.atomic():
        # Only the claim row is locked (the body's customer is an outer join PostgreSQL
        # will not lock); a second request for the same claim waits here.
        claim = (
            CompensationClaim.objects.select_for_update(of=("self",))
            .select_related("body__customer")
            .get(pk=claim.pk)
        )
        if claim.invoice_draft_id is not None:
            raise KoopValidationError(
                _("This claim has already been invoiced (draft %(id)s).")
                % {"id": claim.invoice_draft_id},
                field="claim",
            )
        if claim.status != ClaimStatus.SENT:
            raise KoopValidationError(
                _("Only a sent claim is invoiced; this one is %(status)s.")
                % {"status": claim.get_status_display().lower()},
                field="status",
            )
        customer = claim.body.customer
        if customer is None:
            raise KoopValidationError(
                _(
                    "%(body)s has no customer to invoice: set the field “customer” of the "
                    "referring body first."
                )
                % {"body": claim.body},
                field="customer",
            )
        if unit.cooperative_id != claim.cooperative_id:
            raise KoopValidationError(_("Choose a unit of this cooperative."), field="unit")
        lines = [
            line for line in claim.lines.select_related("agreement__referral") if line.amount > 0
        ]
        if not lines:
            raise KoopValidationError(_("The claim has nothing to invoice."), field="claim")
        first, last = month_bounds(claim.month)
        month_placements: dict[int, Placement] = {}
        for placement in (
            Placement.objects.filter(agreement__in=[line.agreement_id for line in lines])
            .filter(starts_on__lte=last)
            .select_related("business_area")
            .order_by("starts_on", "pk")
        ):
            if placement.ends_on is None or placement.ends_on >= first:
                month_placements[placement.agreement_id] = placement  # the latest wins
        # The invoice goes to a Swedish body: its texts are in the site's language,
        # whatever language the person pressing the button reads.
        with translation.override(settings.LANGUAGE_CODE):
            month_name = formats.date_format(claim.month, "F Y")
            draft = invoice_draft_create(
                unit=unit,
                customer=customer,
                acting_user=acting_user,
                buyer_reference=claim.body.invoice_reference or customer.buyer_reference,
                contract_reference="",
                note=exemption_text(),
            )
            draft.period_start, draft.period_end = first, last
            draft.save(update_fields=["period_start", "period_end"])
            for line in lines:
                business_area = _business_area_for(line, unit, month_placements)
                if business_area is None:
                    raise KoopValidationError(
                        _("The unit %(unit)s has no business area to book the lines on.")
                        % {"unit": unit},
                        field="unit",
                    )
                description = _("Supervision compensation %(ref)s, %(month)s") % {
                    "ref": line.agreement.referral.decision_reference,
                    "month": month_name,
                }
                if line.basis == CompensationBasis.PER_DAY:
                    # Days present × the daily rate is the claim's own amount, öre for öre.
                    quantity, unit_price = line.quantity.quantize(Decimal("0.001")), line.rate
                else:
                    # A part month is priced at its pro-rata amount: a share with four
                    # decimals times the rate would round differently from the claim.
                    quantity, unit_price = Decimal(1), line.amount
                invoice_draft_add_line(
                    draft=draft,
                    description=description,
                    quantity=quantity,
                    unit_price=unit_price,
                    vat_rate=VAT_OUT_OF_SCOPE,
                    business_area=business_area,
                    acting_user=acting_user,
                    unit_code=UnitCode.EACH,
                )
        before = snapshot(claim)
        claim.invoice_draft_id = draft.pk
        claim.invoiced_at = timezone.now()
        claim.save(update_fields=["invoice_draft_id", "invoiced_at"])
        audit_record(
            actor=acting_user,
            action="claim_invoice_create",
            obj=claim,
            before=before,
            after=snapshot(claim),
        )
    return draft
