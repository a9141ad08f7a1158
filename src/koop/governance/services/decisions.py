"""Recording decisions (within quorum and delegation), their execution, reservations and
the board's delegations to the units."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.core.audit import audit_record, snapshot
from koop.core.errors import KoopValidationError
from koop.core.validation import validate_model
from koop.governance.counting import Tally, manner_of
from koop.governance.models import (
    DELEGATED_KINDS,
    AgendaItem,
    Attendance,
    Body,
    BodyKind,
    Decision,
    DecisionManner,
    DecisionRule,
    Delegation,
    ExecutionStatus,
    Matter,
    MatterKind,
    MatterStatus,
    Meeting,
    MeetingStatus,
    Outcome,
    Reservation,
    Vote,
    VoteStatus,
)
from koop.governance.selectors import (
    body_may_decide,
    deciding_body,
    delegated_limit,
    meeting_date,
    voting_register,
)
from koop.governance.services.common import Actor
from koop.organisation.models import Cooperative
from koop.people.models import Person


def check_delegation(*, body: Body, matter_kind: str, amount: Decimal | None, on: dt.date) -> None:
    """Refuse a decision beyond what ``body`` may decide, naming the body that may."""
    if body_may_decide(body, matter_kind, amount, on):
        return
    rightful = deciding_body(body, matter_kind, amount, on)
    kind_label = MatterKind(matter_kind).label
    delegated, limit = (False, None)
    if body.kind not in (BodyKind.GENERAL_ASSEMBLY, BodyKind.BOARD):
        delegated, limit = delegated_limit(body, matter_kind, on)
    if delegated and limit is not None:
        message = _(
            "%(body)s may decide on %(kind)s up to %(limit)s SEK under its delegation; "
            "this decision (%(amount)s SEK) belongs to %(rightful)s."
        ) % {
            "body": body,
            "kind": str(kind_label).lower(),
            "limit": limit,
            "amount": amount,
            "rightful": rightful,
        }
    else:
        message = _(
            "%(body)s has no delegation to decide on %(kind)s; this decision belongs to "
            "%(rightful)s."
        ) % {"body": body, "kind": str(kind_label).lower(), "rightful": rightful}
    raise KoopValidationError(message, field="matter_kind")


def decision_record(
    *,
    meeting: Meeting,
    text: str,
    acting_user: Actor,
    item: AgendaItem | None = None,
    vote: Vote | None = None,
    manner: str | None = None,
    matter_kind: str | None = None,
    amount: Decimal | None = None,
    responsible: Person | None = None,
    due_on: dt.date | None = None,
    reservations: Sequence[tuple[Person, str]] = (),
    needs_execution: bool = True,
) -> Decision:
    """Record what the meeting decided on ``item``: after a ``vote`` (its outcome and
    counts), or without one, unanimously or by consensus."""
    text = text.strip()
    if not text:
        raise KoopValidationError(_("Write the decision."), field="text")
    if item is not None and item.meeting_id != meeting.pk:
        raise KoopValidationError(_("The item is on another meeting's agenda."), field="item")
    matter: Matter | None = item.matter if item is not None else None
    matter_kind = matter_kind or (item.matter_kind if item else MatterKind.GENERAL)
    if amount is None and matter is not None:
        amount = matter.amount
    if amount is not None and amount < 0:
        raise KoopValidationError(_("An amount cannot be negative."), field="amount")
    rule = DecisionRule(item.decision_rule) if item else DecisionRule.SIMPLE
    if vote is not None:
        if vote.meeting_id != meeting.pk:
            raise KoopValidationError(_("The vote was held at another meeting."), field="vote")
        if vote.status != VoteStatus.CLOSED:
            raise KoopValidationError(_("Close the vote first."), field="vote")
        if vote.outcome == Outcome.TIE:
            raise KoopValidationError(
                _("The vote is tied: the chair's casting vote decides first."), field="vote"
            )
        outcome = Outcome(vote.outcome)
        if vote.is_election:
            decided_manner = DecisionManner.VOTE
        else:
            tally = Tally(vote.yes_count or 0, vote.no_count or 0, vote.abstain_count or 0)
            decided_manner = manner_of(tally, outcome, DecisionRule(vote.decision_rule))
    else:
        if manner not in (DecisionManner.UNANIMOUS, DecisionManner.CONSENSUS):
            raise KoopValidationError(
                _("A decision that was not unanimous or by consensus needs a vote."),
                field="manner",
            )
        if rule == DecisionRule.QUALIFIED and manner != DecisionManner.UNANIMOUS:
            raise KoopValidationError(
                _(
                    "This matter needs a qualified majority: hold a vote, or record it as "
                    "unanimous."
                ),
                field="manner",
            )
        outcome, decided_manner = Outcome.ADOPTED, DecisionManner(manner)
    on = meeting_date(meeting)
    if outcome in (Outcome.ADOPTED, Outcome.ELECTED):
        check_delegation(body=meeting.body, matter_kind=matter_kind, amount=amount, on=on)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
        if meeting.status != MeetingStatus.OPEN:
            raise KoopValidationError(_("The meeting is not in session."), field="meeting")
        register = voting_register(meeting)
        if not register.quorum_met:
            raise KoopValidationError(
                _(
                    "The meeting is not quorate (%(present)d of %(needed)d votes needed are "
                    "present): it cannot take this decision."
                )
                % {"present": register.votes, "needed": register.quorum_needed},
                field="meeting",
            )
        if vote is not None and Decision.objects.filter(vote=vote).exists():
            raise KoopValidationError(_("This vote already has its decision."), field="vote")
        present = set(
            Attendance.objects.filter(meeting=meeting).values_list("person_id", flat=True)
        )
        for person, _reason in reservations:
            if person.pk not in present:
                raise KoopValidationError(
                    _("%(name)s was not at the meeting and cannot enter a reservation.")
                    % {"name": person.full_name},
                    field="reservations",
                )
        executes = needs_execution and outcome == Outcome.ADOPTED
        decision = Decision(
            meeting=meeting,
            agenda_item=item,
            matter=matter,
            vote=vote,
            text=text,
            matter_kind=matter_kind,
            amount=amount,
            manner=decided_manner,
            outcome=outcome,
            yes_count=vote.yes_count if vote else None,
            no_count=vote.no_count if vote else None,
            abstain_count=vote.abstain_count if vote else None,
            responsible=responsible if executes else None,
            due_on=due_on if executes else None,
            execution_status=ExecutionStatus.PENDING
            if executes
            else ExecutionStatus.NOT_APPLICABLE,
        )
        validate_model(decision)
        decision.save()
        Reservation.objects.bulk_create(
            Reservation(decision=decision, person=person, text=reason.strip())
            for person, reason in reservations
        )
        if matter is not None:
            Matter.objects.filter(pk=matter.pk).update(status=MatterStatus.DECIDED)
        audit_record(
            actor=acting_user,
            action="decision_record",
            obj=decision,
            before=None,
            after=snapshot(decision),
        )
    return decision


def decision_set_execution(
    *,
    decision: Decision,
    status: str,
    note: str,
    acting_user: Actor,
    on: dt.date | None = None,
) -> Decision:
    """Follow up a decision; once ``done`` (with a note) it leaves the next agendas."""
    if status not in ExecutionStatus.values:
        raise KoopValidationError(_("Choose a status."), field="status")
    note = note.strip()
    if status == ExecutionStatus.DONE and not note:
        raise KoopValidationError(_("Say how the decision was carried out."), field="note")
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if decision.outcome != Outcome.ADOPTED:
            raise KoopValidationError(_("Only an adopted decision is carried out."), field="status")
        before = snapshot(decision)
        decision.execution_status = status
        decision.execution_note = note
        decision.executed_on = (
            (on or timezone.localdate()) if status == ExecutionStatus.DONE else None
        )
        validate_model(decision)
        decision.save()
        audit_record(
            actor=acting_user,
            action="decision_set_execution",
            obj=decision,
            before=before,
            after=snapshot(decision),
        )
    return decision


def decision_add_reservation(
    *, decision: Decision, person: Person, text: str, acting_user: Actor
) -> Reservation:
    if hasattr(decision.meeting, "minutes") and decision.meeting.minutes.status == "locked":
        raise KoopValidationError(_("The minutes are locked."), field="decision")
    if not Attendance.objects.filter(meeting=decision.meeting, person=person).exists():
        raise KoopValidationError(
            _("%(name)s was not at the meeting and cannot enter a reservation.")
            % {"name": person.full_name},
            field="person",
        )
    with transaction.atomic():
        if Reservation.objects.filter(decision=decision, person=person).exists():
            raise KoopValidationError(
                _("%(name)s has already entered a reservation.") % {"name": person.full_name},
                field="person",
            )
        reservation = Reservation.objects.create(
            decision=decision, person=person, text=text.strip()
        )
        audit_record(
            actor=acting_user,
            action="decision_add_reservation",
            obj=reservation,
            before=None,
            after=snapshot(reservation),
        )
    return reservation


def delegation_create(
    *,
    cooperative: Cooperative,
    to_kind: str,
    matter_kind: str,
    valid_from: dt.date,
    acting_user: Actor,
    max_amount: Decimal | None = None,
    valid_until: dt.date | None = None,
    to_body: Body | None = None,
    decision: Decision | None = None,
    note: str = "",
) -> Delegation:
    """The board delegates ``matter_kind`` (up to ``max_amount``) to the units' bodies of
    ``to_kind``, or only to ``to_body``."""
    if matter_kind not in DELEGATED_KINDS:
        raise KoopValidationError(
            _(
                "%(kind)s cannot be delegated: a unit decides it without delegation, or only "
                "the board or the general assembly may."
            )
            % {
                "kind": MatterKind(matter_kind).label
                if matter_kind in MatterKind.values
                else matter_kind
            },
            field="matter_kind",
        )
    if to_body is not None and (
        to_body.kind != to_kind or to_body.cooperative_id != cooperative.pk
    ):
        raise KoopValidationError(_("The body is not of the chosen kind."), field="to_body")
    if decision is not None and decision.meeting.body.kind != BodyKind.BOARD:
        raise KoopValidationError(_("Delegation is a decision of the board."), field="decision")
    delegation = Delegation(
        cooperative=cooperative,
        to_kind=to_kind,
        to_body=to_body,
        matter_kind=matter_kind,
        max_amount=max_amount,
        valid_from=valid_from,
        valid_until=valid_until,
        decision=decision,
        note=note.strip(),
    )
    validate_model(delegation)
    with transaction.atomic():
        delegation.save()
        audit_record(
            actor=acting_user,
            action="delegation_create",
            obj=delegation,
            before=None,
            after=snapshot(delegation),
        )
    return delegation


def delegation_end(
    *, delegation: Delegation, valid_until: dt.date, acting_user: Actor
) -> Delegation:
    with transaction.atomic():
        delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
        before = snapshot(delegation)
        delegation.valid_until = valid_until
        validate_model(delegation)
        delegation.save()
        audit_record(
            actor=acting_user,
            action="delegation_end",
            obj=delegation,
            before=before,
            after=snapshot(delegation),
        )
    return delegation
