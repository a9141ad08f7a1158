"""Votes: opening, casting (once, only if entitled), closing and counting, ties.

A secret ballot writes a ``VoterReceipt`` (who has voted) and anonymous ``Ballot`` rows (the
choice) in one transaction; the receipt's unique constraint makes a second vote impossible
even when two requests race, and nothing links the two rows (see ``models.voting``). The
close moves the ballots into ``CountedBallot`` in random order, so that not even the
database's own bookkeeping (transaction ids, storage order) links them afterwards."""

from __future__ import annotations

import random
import secrets
from collections import Counter
from collections.abc import Sequence

from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.core.audit import audit_record, snapshot
from koop.core.errors import KoopValidationError
from koop.governance.counting import Tally, decide, elect
from koop.governance.models import (
    AgendaItem,
    Attendance,
    Ballot,
    CountedBallot,
    DecisionRule,
    Meeting,
    MeetingStatus,
    OptionRole,
    Outcome,
    Proxy,
    RollCallEntry,
    TieRule,
    Vote,
    VoteMethod,
    VoteOption,
    VoterReceipt,
    VoteStatus,
)
from koop.governance.models.voting import random_id
from koop.governance.selectors import (
    body_rule,
    qualified_majority,
    statutes_of,
    voter_status,
    voting_register,
)
from koop.governance.services.common import Actor
from koop.people.models import Person


def vote_open(
    *,
    meeting: Meeting,
    question: str,
    method: str,
    acting_user: Actor,
    item: AgendaItem | None = None,
    decision_rule: str | None = None,
    candidates: Sequence[Person] = (),
    seats: int = 1,
) -> Vote:
    """Open a vote on ``item`` (or on a question). With ``candidates`` it is an election
    for ``seats`` seats; otherwise the options are yes, no and abstain."""
    question = question.strip() or (item.title if item else "")
    if not question:
        raise KoopValidationError(_("Say what the vote is about."), field="question")
    if method not in VoteMethod.values:
        raise KoopValidationError(_("Choose how to vote."), field="method")
    if item is not None and item.meeting_id != meeting.pk:
        raise KoopValidationError(_("The item is on another meeting's agenda."), field="item")
    election = bool(candidates)
    if election and method == VoteMethod.ACCLAMATION:
        raise KoopValidationError(_("An election is held by ballot or roll call."), field="method")
    if election and not 1 <= seats <= len(candidates):
        raise KoopValidationError(
            _("There must be at least as many candidates as seats."), field="seats"
        )
    if len({c.pk for c in candidates}) != len(candidates):
        raise KoopValidationError(_("A candidate is named twice."), field="candidates")
    rule = decision_rule or (item.decision_rule if item else DecisionRule.SIMPLE)
    numerator, denominator = 1, 2
    if rule == DecisionRule.QUALIFIED:
        qualified = qualified_majority(
            meeting.body.cooperative_id, item.matter_kind if item else ""
        )
        numerator, denominator = (
            (qualified.numerator, qualified.denominator) if qualified else (2, 3)
        )
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
        if meeting.status != MeetingStatus.OPEN:
            raise KoopValidationError(_("The meeting is not in session."), field="meeting")
        if meeting.votes.filter(status=VoteStatus.OPEN).exists():
            raise KoopValidationError(_("Close the open vote first."), field="meeting")
        register = voting_register(meeting)
        if not register.quorum_met:
            raise KoopValidationError(
                _("The meeting is not quorate: %(present)d of %(needed)d votes needed are present.")
                % {"present": register.votes, "needed": register.quorum_needed},
                field="meeting",
            )
        vote = Vote.objects.create(
            meeting=meeting,
            agenda_item=item,
            question=question,
            method=method,
            is_election=election,
            seats=seats if election else 1,
            decision_rule=rule,
            required_numerator=numerator,
            required_denominator=denominator,
            opened_at=timezone.now(),
            entitled_count=register.votes,
        )
        if election:
            options = [
                VoteOption(
                    vote=vote, position=n, role=OptionRole.CANDIDATE, label=c.full_name, candidate=c
                )
                for n, c in enumerate(candidates, start=1)
            ]
        else:
            options = [
                VoteOption(vote=vote, position=n, role=role, label=str(role.label))
                for n, role in enumerate(
                    (OptionRole.YES, OptionRole.NO, OptionRole.ABSTAIN), start=1
                )
            ]
        VoteOption.objects.bulk_create(options)
        audit_record(
            actor=acting_user, action="vote_open", obj=vote, before=None, after=snapshot(vote)
        )
    return vote


def _lock_for_casting(vote: Vote) -> str:
    """The vote's status, holding a lock that lets other casts run beside this one but
    makes closing wait until this cast has committed."""
    with connection.cursor() as cursor:
        suffix = " FOR SHARE" if connection.vendor == "postgresql" else ""
        cursor.execute(
            f"SELECT status FROM {Vote._meta.db_table} WHERE id = %s{suffix}",  # noqa: S608
            [vote.pk],
        )
        row = cursor.fetchone()
    return str(row[0]) if row else ""


def _not_entitled(person: Person) -> KoopValidationError:
    return KoopValidationError(
        _("%(name)s is not entitled to vote in this vote.") % {"name": person.full_name},
        field="voter",
    )


def _already_voted(person: Person) -> KoopValidationError:
    return KoopValidationError(
        _("%(name)s has already voted.") % {"name": person.full_name}, field="voter"
    )


def _check_proxy(meeting: Meeting, *, holder: Person, member: Person) -> None:
    rule = body_rule(meeting.body)
    holds = (
        rule.proxies_allowed
        and Proxy.objects.filter(meeting=meeting, member=member, holder=holder).exists()
    )
    if not holds:
        raise KoopValidationError(
            _("%(holder)s holds no proxy for %(name)s.")
            % {"holder": holder.full_name, "name": member.full_name},
            field="voter",
        )
    if Attendance.objects.filter(meeting=meeting, person=member).exists():
        raise KoopValidationError(
            _("%(name)s is present and votes in person.") % {"name": member.full_name},
            field="voter",
        )


def vote_cast(
    *,
    vote: Vote,
    person: Person,
    option_ids: Sequence[int],
    acting_user: Actor,
    on_behalf_of: Person | None = None,
) -> VoterReceipt:
    """``person`` casts their own vote, or the vote of ``on_behalf_of`` whose proxy they
    hold. ``option_ids``: one option in a yes/no vote; up to ``seats`` candidates in an
    election (none is a blank ballot)."""
    meeting = vote.meeting
    voter = on_behalf_of or person
    if vote.method == VoteMethod.ACCLAMATION:
        raise KoopValidationError(
            _("This vote is by acclamation: the chair records the counts."), field="vote"
        )
    options = {o.pk: o for o in vote.options.all()}
    chosen = list(dict.fromkeys(option_ids))
    if len(chosen) != len(option_ids) or any(o not in options for o in chosen):
        raise KoopValidationError(_("Choose among the vote's options."), field="options")
    if vote.is_election:
        if len(chosen) > vote.seats:
            raise KoopValidationError(
                _("Choose at most %(n)d candidate(s).") % {"n": vote.seats}, field="options"
            )
    elif len(chosen) != 1:
        raise KoopValidationError(_("Choose one option."), field="options")
    with transaction.atomic():
        if _lock_for_casting(vote) != VoteStatus.OPEN:
            raise KoopValidationError(_("The vote is closed."), field="vote")
        # One query answers whether the caster is checked in and whether the voter may vote
        # and has not voted yet; the register is never rebuilt for a single vote.
        status = voter_status(meeting, vote.pk, voter.pk, present_id=person.pk)
        if not status.present:
            raise KoopValidationError(_("Check in at the meeting before voting."), field="voter")
        if on_behalf_of is not None:
            _check_proxy(meeting, holder=person, member=on_behalf_of)
        if not status.entitled:
            raise _not_entitled(voter)
        if status.voted:
            raise _already_voted(voter)
        try:
            # No savepoint: on a clash nothing else runs and the whole cast rolls back.
            receipt = VoterReceipt.objects.create(meeting=meeting, vote=vote, person=voter)
        except IntegrityError:
            raise _already_voted(voter) from None
        marks: list[int | None] = list(chosen) or [None]
        Ballot.objects.bulk_create(Ballot(vote=vote, option_id=option_id) for option_id in marks)
        if not vote.is_secret:
            RollCallEntry.objects.bulk_create(
                RollCallEntry(vote=vote, person=voter, option_id=option_id) for option_id in marks
            )
        # The audit trail says who voted and when, never what: the choice is in the ballot.
        audit_record(
            actor=acting_user,
            action="vote_cast",
            obj=receipt,
            before=None,
            after={"vote": vote.pk, "person": voter.pk, "cast_by": person.pk},
        )
    return receipt


def _tally(counts: Counter[int | None], options: list[VoteOption]) -> Tally:
    by_role = {o.role: counts.get(o.pk, 0) for o in options}
    return Tally(
        yes=by_role.get(OptionRole.YES, 0),
        no=by_role.get(OptionRole.NO, 0),
        abstain=by_role.get(OptionRole.ABSTAIN, 0),
    )


def _move_ballots(vote: Vote, rng: random.Random | None) -> None:
    """The cast ballots, rewritten in random order under fresh random keys (ascending in
    that order, so the key order is the storage order on either database), then deleted.
    Runs in the closing transaction, after the vote is marked closed (the rules of
    migration 0007 allow the move then and only then)."""
    marks = list(Ballot.objects.filter(vote=vote).values_list("option_id", flat=True))
    if not marks:
        return
    draw = rng or secrets.SystemRandom()
    draw.shuffle(marks)
    ids = sorted(draw.getrandbits(62) + 1 if rng else random_id() for _ in marks)
    CountedBallot.objects.bulk_create(
        CountedBallot(id=pk, vote=vote, option_id=option_id)
        for pk, option_id in zip(ids, marks, strict=True)
    )
    Ballot.objects.filter(vote=vote).delete()


def vote_close(
    *,
    vote: Vote,
    acting_user: Actor,
    counts: Tally | None = None,
    rng: random.Random | None = None,
) -> Vote:
    """Close the vote and count it. A vote by acclamation takes the chair's ``counts``."""
    with transaction.atomic():
        vote = Vote.objects.select_for_update().select_related("meeting__body").get(pk=vote.pk)
        if vote.status != VoteStatus.OPEN:
            raise KoopValidationError(_("The vote is already closed."), field="vote")
        before = snapshot(vote)
        options = list(vote.options.order_by("position"))
        if vote.method == VoteMethod.ACCLAMATION:
            if counts is None:
                raise KoopValidationError(
                    _("Give the counts of yes, no and abstentions."), field="counts"
                )
            if min(counts.yes, counts.no, counts.abstain) < 0:
                raise KoopValidationError(_("Counts cannot be negative."), field="counts")
            if counts.yes + counts.no + counts.abstain > vote.entitled_count:
                raise KoopValidationError(
                    _("More votes counted (%(n)d) than are in the voting register (%(m)d).")
                    % {"n": counts.yes + counts.no + counts.abstain, "m": vote.entitled_count},
                    field="counts",
                )
            by_role = {
                OptionRole.YES: counts.yes,
                OptionRole.NO: counts.no,
                OptionRole.ABSTAIN: counts.abstain,
            }
            tallied: Counter[int | None] = Counter(
                {o.pk: by_role.get(OptionRole(o.role), 0) for o in options}
            )
        else:
            tallied = Counter(
                dict(
                    Ballot.objects.filter(vote=vote)
                    .values("option_id")
                    .annotate(n=Count("id"))
                    .values_list("option_id", "n")
                )
            )
        for option in options:
            option.count = tallied.get(option.pk, 0)
        vote.status = VoteStatus.CLOSED
        vote.closed_at = timezone.now()
        if vote.is_election:
            result = elect({o.pk: o.count or 0 for o in options}, seats=vote.seats, rng=rng)
            for option in options:
                option.elected = option.pk in result.elected
            vote.outcome = Outcome.ELECTED
            vote.tie_broken_by = result.tie_broken_by
            vote.abstain_count = tallied.get(None, 0)
        else:
            tally = _tally(tallied, options)
            statutes = statutes_of(vote.meeting.body.cooperative_id)
            decided = decide(
                tally,
                rule=DecisionRule(vote.decision_rule),
                tie_rule=TieRule(statutes.tie_rule),
                numerator=vote.required_numerator,
                denominator=vote.required_denominator,
                rng=rng,
            )
            vote.yes_count, vote.no_count, vote.abstain_count = (tally.yes, tally.no, tally.abstain)
            vote.outcome = decided.outcome
            vote.tie_broken_by = decided.tie_broken_by
        VoteOption.objects.bulk_update(options, ["count", "elected"])
        vote.save()
        _move_ballots(vote, rng)
        audit_record(
            actor=acting_user,
            action="vote_close",
            obj=vote,
            before=before,
            after=snapshot(vote),
        )
    return vote


def vote_break_tie(*, vote: Vote, adopt: bool, acting_user: Actor) -> Vote:
    """The chair's casting vote in a tied vote (the statutes' tie rule)."""
    with transaction.atomic():
        vote = Vote.objects.select_for_update().get(pk=vote.pk)
        if vote.outcome != Outcome.TIE:
            raise KoopValidationError(_("The vote is not tied."), field="vote")
        before = snapshot(vote)
        vote.outcome = Outcome.ADOPTED if adopt else Outcome.REJECTED
        vote.tie_broken_by = "chair"
        vote.save(update_fields=["outcome", "tie_broken_by"])
        audit_record(
            actor=acting_user,
            action="vote_break_tie",
            obj=vote,
            before=before,
            after=snapshot(vote),
        )
    return vote
