"""Compensation claims: what a referring body owes for a month of supervision.

The rule, per line (one agreement with the body that had a placement in the month):

- per month: the month's rate in full when the participant was placed every day of the
  month; otherwise pro rata by calendar days placed: rate × days placed / days in month.
  Days placed are the days covered both by a placement and by the agreement, up to today:
  a day to come has not been supervised yet.
- per day: the rate for every day the participant was present (attendance "present") as
  the reports count it: up to today, inside a placement of the agreement, and never what
  a participant reported that staff have not confirmed
  (``selectors.attendance_that_happened``).

The rate is the one in ``CompensationRate`` for the body's kind and the referral's kind of
support valid on the first day placed in the month. Each amount is rounded once, to öre, by
``koop.core.money.round_money``. A claim is a draft until sent; a draft may be recomputed,
a sent or paid claim never changes. A claim is made for a month that has begun and sent
once the month is over."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.core.audit import audit_record, snapshot
from koop.core.errors import KoopValidationError
from koop.core.money import round_money
from koop.participants.models import (
    CLAIM_TRANSITIONS,
    Agreement,
    AttendanceStatus,
    ClaimLine,
    ClaimStatus,
    ClaimStatusChange,
    CompensationBasis,
    CompensationClaim,
    CompensationRate,
    Placement,
    ReferringBody,
)
from koop.participants.selectors import attendance_that_happened
from koop.participants.services._common import Actor, user_or_none


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def rate_for(*, body_kind: str, support_kind_id: int, on: dt.date) -> CompensationRate | None:
    return (
        CompensationRate.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
            body_kind=body_kind,
            support_kind_id=support_kind_id,
            valid_from__lte=on,
        )
        .order_by("-valid_from")
        .first()
    )


def _placed_days(
    agreement: Agreement, placements: list[Placement], first: dt.date, last: dt.date
) -> list[dt.date]:
    days: set[dt.date] = set()
    start = max(first, agreement.starts_on)
    end = min(last, agreement.ends_on)
    for placement in placements:
        p_start = max(start, placement.starts_on)
        p_end = min(end, placement.ends_on or end)
        day = p_start
        while day <= p_end:
            days.add(day)
            day += dt.timedelta(days=1)
    return sorted(days)


def claim_lines_for(
    *, body: ReferringBody, month: dt.date, today: dt.date | None = None
) -> list[ClaimLine]:
    """The lines ``body`` owes for ``month`` (unsaved), worked out by the rule above with
    what has happened up to ``today`` (the local date when not given)."""
    today = today or timezone.localdate()
    first, last = month_bounds(month)
    days_in_month = (last - first).days + 1
    until = min(last, today)
    agreements = list(
        Agreement.objects.filter(
            referral__body=body,
            starts_on__lte=last,
            ends_on__gte=first,
            placements__starts_on__lte=last,
        )
        .filter(Q(placements__ends_on__isnull=True) | Q(placements__ends_on__gte=first))
        .distinct()
        .select_related("referral__support_kind", "person")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    placements: dict[int, list[Placement]] = {}
    for placement in Placement.objects.filter(agreement__in=agreements):
        placements.setdefault(placement.agreement_id, []).append(placement)
    present: dict[int, int] = {}
    for agreement_id in (
        attendance_that_happened(on=today)
        .filter(
            agreement__in=agreements,
            day__gte=first,
            day__lte=last,
            status=AttendanceStatus.PRESENT,
        )
        .values_list("agreement_id", flat=True)
    ):
        present[agreement_id] = present.get(agreement_id, 0) + 1
    lines: list[ClaimLine] = []
    for agreement in agreements:
        days = _placed_days(agreement, placements.get(agreement.pk, []), first, until)
        if not days:
            continue
        support = agreement.referral.support_kind
        rate = rate_for(body_kind=body.kind, support_kind_id=support.pk, on=days[0])
        if rate is None:
            raise KoopValidationError(
                _(
                    "There is no compensation rate for %(body)s and %(support)s on %(day)s; "
                    "add one to the rate table first."
                )
                % {
                    "body": body.get_kind_display(),
                    "support": support,
                    "day": days[0].isoformat(),
                },
                field="month",
            )
        if rate.basis == CompensationBasis.PER_MONTH:
            if len(days) == days_in_month:
                quantity = Decimal(1)
                amount = rate.amount
                explanation = _("Placed the whole month: %(rate)s per month.") % {
                    "rate": rate.amount
                }
            else:
                quantity = (Decimal(len(days)) / Decimal(days_in_month)).quantize(Decimal("0.0001"))
                amount = round_money(rate.amount * len(days) / days_in_month)
                explanation = _(
                    "Placed %(days)s of %(total)s days (%(first)s–%(last)s): "
                    "%(rate)s × %(days)s / %(total)s."
                ) % {
                    "days": len(days),
                    "total": days_in_month,
                    "rate": rate.amount,
                    "first": days[0].isoformat(),
                    "last": days[-1].isoformat(),
                }
        else:
            count = present.get(agreement.pk, 0)
            quantity = Decimal(count)
            amount = round_money(rate.amount * count)
            explanation = _("%(days)s days present × %(rate)s per day.") % {
                "days": count,
                "rate": rate.amount,
            }
        lines.append(
            ClaimLine(
                agreement=agreement,
                person=agreement.person,
                basis=rate.basis,
                rate=rate.amount,
                quantity=quantity,
                amount=amount,
                explanation=explanation[:300],
            )
        )
    return lines


def claim_compute(*, body: ReferringBody, month: dt.date, acting_user: Actor) -> CompensationClaim:
    """Make (or remake, while a draft) the claim to ``body`` for ``month``."""
    first, _last = month_bounds(month)
    today = timezone.localdate()
    if first > today:
        raise KoopValidationError(
            _("%(month)s has not begun; a claim is made for a month that has begun.")
            % {"month": f"{first:%Y-%m}"},
            field="month",
        )
    with transaction.atomic():
        claim = CompensationClaim.objects.select_for_update().filter(body=body, month=first).first()
        if claim is not None and claim.status != ClaimStatus.DRAFT:
            raise KoopValidationError(
                _("The claim for this month is already %(status)s and cannot change.")
                % {"status": claim.get_status_display().lower()},
                field="month",
            )
        lines = claim_lines_for(body=body, month=first, today=today)
        before = snapshot(claim) if claim is not None else None
        if claim is None:
            claim = CompensationClaim.objects.create(
                cooperative_id=body.cooperative_id,
                body=body,
                month=first,
                created_by=user_or_none(acting_user),
            )
            ClaimStatusChange.objects.create(
                claim=claim,
                from_status="",
                to_status=ClaimStatus.DRAFT,
                changed_by=user_or_none(acting_user),
            )
        else:
            claim.lines.all().delete()
        for line in lines:
            line.claim = claim
        ClaimLine.objects.bulk_create(lines)
        claim.total = sum((line.amount for line in lines), Decimal(0))
        claim.computed_at = timezone.now()
        claim.save(update_fields=["total", "computed_at"])
        audit_record(
            actor=acting_user,
            action="claim_compute",
            obj=claim,
            before=before,
            after={**snapshot(claim), "lines": len(lines)},
        )
    return claim


def claim_set_status(
    *, claim: CompensationClaim, to_status: str, acting_user: Actor
) -> CompensationClaim:
    with transaction.atomic():
        claim = CompensationClaim.objects.select_for_update().get(pk=claim.pk)
        if to_status not in CLAIM_TRANSITIONS.get(claim.status, frozenset()):
            raise KoopValidationError(
                _("A claim that is %(status)s cannot become %(to)s.")
                % {
                    "status": claim.get_status_display().lower(),
                    "to": ClaimStatus(to_status).label.lower()
                    if to_status in ClaimStatus.values
                    else to_status,
                },
                field="status",
            )
        _first, last = month_bounds(claim.month)
        if to_status == ClaimStatus.SENT and last >= timezone.localdate():
            raise KoopValidationError(
                _(
                    "The month is not over: a claim for %(month)s can be sent from "
                    "%(day)s. Work it out again then, so every day is in it."
                )
                % {
                    "month": f"{claim.month:%Y-%m}",
                    "day": (last + dt.timedelta(days=1)).isoformat(),
                },
                field="status",
            )
        if (
            to_status == ClaimStatus.SENT
            and claim.computed_at is not None
            and timezone.localdate(claim.computed_at) <= last
        ):
            raise KoopValidationError(
                _(
                    "The claim was worked out on %(day)s, before its month was over; work it "
                    "out again so every day of the month is in it, then send it."
                )
                % {"day": timezone.localdate(claim.computed_at).isoformat()},
                field="status",
            )
        if to_status == ClaimStatus.DRAFT and claim.invoice_draft_id is not None:
            raise KoopValidationError(
                _("An invoiced claim cannot go back to draft; credit the invoice instead."),
                field="status",
            )
        before = snapshot(claim)
        ClaimStatusChange.objects.create(
            claim=claim,
            from_status=claim.status,
            to_status=to_status,
            changed_by=user_or_none(acting_user),
        )
        claim.status = to_status
        claim.save(update_fields=["status"])
        audit_record(
            actor=acting_user,
            action="claim_set_status",
            obj=claim,
            before=before,
            after=snapshot(claim),
        )
    return claim
