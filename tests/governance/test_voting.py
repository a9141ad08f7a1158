"""Votes: who may vote, once, only while open; secret ballots; proxies; ties; elections."""

from __future__ import annotations

import random

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from koop.core.errors import KoopValidationError
from koop.governance.counting import Tally
from koop.governance.models import (
    Ballot,
    BodyRule,
    DecisionRule,
    OptionRole,
    Outcome,
    Statutes,
    TieRule,
    VoteMethod,
    VoterReceipt,
)
from koop.governance.services import (
    proxy_register,
    vote_break_tie,
    vote_cast,
    vote_close,
    vote_open,
)
from koop.people.factories import MembershipFactory, PersonFactory
from tests.governance.helpers import Gov, open_meeting

PERSONAS = ["admin", "finance", "vd", "board", "leader", "cooperator", "participant"]


def _opt(vote, role):  # type: ignore[no-untyped-def]
    return vote.options.get(role=role).pk


@pytest.fixture
def assembly(gov: Gov):  # type: ignore[no-untyped-def]
    return open_meeting(gov.assembly, present=[gov.person(p) for p in PERSONAS])


def test_secret_ballot_counts_votes_and_adopts_by_simple_majority(gov: Gov, assembly) -> None:  # type: ignore[no-untyped-def]
    vote = vote_open(
        meeting=assembly, question="Ny policy", method=VoteMethod.SECRET, acting_user=None
    )
    choices = ["yes", "yes", "yes", "no", "no", "abstain", "yes"]
    for persona, choice in zip(PERSONAS, choices, strict=True):
        vote_cast(
            vote=vote, person=gov.person(persona), option_ids=[_opt(vote, choice)], acting_user=None
        )
    vote = vote_close(vote=vote, acting_user=None)
    assert (vote.yes_count, vote.no_count, vote.abstain_count) == (4, 2, 1)
    assert vote.outcome == Outcome.ADOPTED
    assert VoterReceipt.objects.filter(vote=vote).count() == 7


def test_a_second_vote_by_the_same_person_is_refused_and_nothing_saved(gov: Gov, assembly) -> None:  # type: ignore[no-untyped-def]
    vote = vote_open(meeting=assembly, question="Fråga", method=VoteMethod.SECRET, acting_user=None)
    vote_cast(
        vote=vote, person=gov.person("leader"), option_ids=[_opt(vote, "yes")], acting_user=None
    )
    with pytest.raises(KoopValidationError, match="already voted"):
        vote_cast(
            vote=vote, person=gov.person("leader"), option_ids=[_opt(vote, "no")], acting_user=None
        )
    assert Ballot.objects.filter(vote=vote).count() == 1


def test_a_vote_by_someone_not_entitled_is_refused(gov: Gov, assembly) -> None:  # type: ignore[no-untyped-def]
    outsider = PersonFactory(cooperative=gov.world.cooperative)
    from koop.governance.services import attendance_check_in, meeting_invite_guest

    meeting_invite_guest(meeting=assembly, person=outsider, acting_user=None)
    attendance_check_in(meeting=assembly, person=outsider, acting_user=None)
    vote = vote_open(meeting=assembly, question="Fråga", method=VoteMethod.SECRET, acting_user=None)
    with pytest.raises(KoopValidationError, match="not entitled"):
        vote_cast(vote=vote, person=outsider, option_ids=[_opt(vote, "yes")], acting_user=None)
    assert not Ballot.objects.filter(vote=vote).exists()
    assert not VoterReceipt.objects.filter(vote=vote).exists()


def test_membership_on_the_meeting_date_decides_entitlement(gov: Gov, assembly) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from django.utils import timezone

    future = PersonFactory(cooperative=gov.world.cooperative)
    MembershipFactory(person=future, started_on=timezone.localdate() + dt.timedelta(days=1))
    from koop.governance.services import attendance_check_in, meeting_invite_guest

    # Not yet a member on the meeting date: only as an invited guest can they be there.
    with pytest.raises(KoopValidationError, match="neither a member"):
        attendance_check_in(meeting=assembly, person=future, acting_user=None)
    meeting_invite_guest(meeting=assembly, person=future, acting_user=None)
    attendance_check_in(meeting=assembly, person=future, acting_user=None)
    vote = vote_open(meeting=assembly, question="Fråga", method=VoteMethod.SECRET, acting_user=None)
    with pytest.raises(KoopValidationError, match="not entitled"):
        vote_cast(vote=vote, person=future, option_ids=[_opt(vote, "yes")], acting_user=None)


def test_a_person_who_has_not_checked_in_cannot_vote(gov: Gov) -> None:
    meeting = open_meeting(gov.assembly, present=[gov.person("leader")])
    vote = vote_open(meeting=meeting, question="Fråga", method=VoteMethod.SECRET, acting_user=None)
    with pytest.raises(KoopValidationError, match="Check in"):
        vote_cast(
            vote=vote,
            person=gov.person("cooperator"),
            option_ids=[_opt(vote, "yes")],
            acting_user=None,
        )


def test_a_vote_after_closing_is_refused_by_service_and_database(gov: Gov, assembly) -> None:  # type: ignore[no-untyped-def]
    vote = vote_open(meeting=assembly, question="Fråga", method=VoteMethod.SECRET, acting_user=None)
    vote_close(vote=vote, acting_user=None)
    with pytest.raises(KoopValidationError, match="closed"):
        vote_cast(
            vote=vote, person=gov.person("leader"), option_ids=[_opt(vote, "yes")], acting_user=None
        )
    with pytest.raises(DatabaseError), transaction.atomic():
        Ballot.objects.create(vote=vote, option_id=_opt(vote, "yes"))
    assert not Ballot.objects.filter(vote=vote).exists()


def test_secret_ballot_tables_hold_nothing_linking_voter_and_choice(gov: Gov, assembly) -> None:  # type: ignore[no-untyped-def]
    vote = vote_open(meeting=assembly, question="Fråga", method=VoteMethod.SECRET, acting_user=None)
    for persona in PERSONAS:
        vote_cast(
            vote=vote, person=gov.person(persona), option_ids=[_opt(vote, "yes")], acting_user=None
        )
    ballot_columns = {f.column for f in Ballot._meta.concrete_fields}
    assert ballot_columns == {"id", "vote_id", "option_id"}
    receipt_columns = {f.column for f in VoterReceipt._meta.concrete_fields}
    assert receipt_columns == {"id", "meeting_id", "vote_id", "person_id"}
    with connection.cursor() as cursor:
        table = connection.introspection.get_table_description(cursor, Ballot._meta.db_table)
    assert {c.name for c in table} == ballot_columns
    # Keys are random, so neither the key order nor the storage order follows the casting.
    ballot_ids = list(Ballot.objects.filter(vote=vote).values_list("id", flat=True))
    receipt_ids = list(VoterReceipt.objects.filter(vote=vote).values_list("id", flat=True))
    assert min(ballot_ids) > 0
    assert max(ballot_ids) > 2**40
    assert sorted(ballot_ids) != list(range(min(ballot_ids), min(ballot_ids) + len(ballot_ids)))
    assert max(receipt_ids) > 2**40
    # The audit trail records who voted, never the choice.
    from koop.core.models import AuditEntry

    for entry in AuditEntry.objects.filter(action="vote_cast"):
        assert set(entry.after) == {"vote", "person", "cast_by"}


def test_roll_call_records_each_named_vote(gov: Gov, assembly) -> None:  # type: ignore[no-untyped-def]
    vote = vote_open(
        meeting=assembly, question="Fråga", method=VoteMethod.ROLL_CALL, acting_user=None
    )
    vote_cast(
        vote=vote, person=gov.person("leader"), option_ids=[_opt(vote, "no")], acting_user=None
    )
    entry = vote.roll_call.get()
    assert (entry.person, entry.option.role) == (gov.person("leader"), OptionRole.NO)


def test_acclamation_counts_cannot_exceed_the_voting_register(gov: Gov, assembly) -> None:  # type: ignore[no-untyped-def]
    vote = vote_open(
        meeting=assembly, question="Fråga", method=VoteMethod.ACCLAMATION, acting_user=None
    )
    with pytest.raises(KoopValidationError, match="More votes"):
        vote_close(vote=vote, acting_user=None, counts=Tally(5, 2, 1))
    vote = vote_close(vote=vote, acting_user=None, counts=Tally(5, 1, 1))
    assert vote.outcome == Outcome.ADOPTED


def test_qualified_majority_for_a_statute_change_needs_two_thirds(gov: Gov, assembly) -> None:  # type: ignore[no-untyped-def]
    from koop.governance.services import agenda_item_add

    item = agenda_item_add(
        meeting=assembly, title="Stadgeändring", acting_user=None, matter_kind="statute_change"
    )
    assert item.decision_rule == DecisionRule.QUALIFIED
    vote = vote_open(
        meeting=assembly, question="", item=item, method=VoteMethod.ACCLAMATION, acting_user=None
    )
    vote = vote_close(vote=vote, acting_user=None, counts=Tally(4, 3, 0))
    assert vote.outcome == Outcome.REJECTED  # 4/7 is a majority, but not two thirds


def test_a_tie_waits_for_the_chairs_casting_vote(gov: Gov, assembly) -> None:  # type: ignore[no-untyped-def]
    vote = vote_open(
        meeting=assembly, question="Fråga", method=VoteMethod.ACCLAMATION, acting_user=None
    )
    vote = vote_close(vote=vote, acting_user=None, counts=Tally(3, 3, 1))
    assert vote.outcome == Outcome.TIE
    vote = vote_break_tie(vote=vote, adopt=True, acting_user=None)
    assert (vote.outcome, vote.tie_broken_by) == (Outcome.ADOPTED, "chair")


def test_a_tie_is_settled_by_lot_when_the_statutes_say_so(gov: Gov, assembly) -> None:  # type: ignore[no-untyped-def]
    Statutes.objects.update(tie_rule=TieRule.LOT)
    vote = vote_open(
        meeting=assembly, question="Fråga", method=VoteMethod.ACCLAMATION, acting_user=None
    )
    vote = vote_close(vote=vote, acting_user=None, counts=Tally(2, 2, 0), rng=random.Random(1))
    assert vote.outcome in (Outcome.ADOPTED, Outcome.REJECTED)
    assert vote.tie_broken_by == "lot"


def test_election_with_several_seats_elects_the_most_voted(gov: Gov, assembly) -> None:  # type: ignore[no-untyped-def]
    candidates = [gov.person(p) for p in ("leader", "cooperator", "participant")]
    vote = vote_open(
        meeting=assembly,
        question="Styrelse",
        method=VoteMethod.SECRET,
        candidates=candidates,
        seats=2,
        acting_user=None,
    )
    ids = {o.candidate_id: o.pk for o in vote.options.all()}
    leader, coop, part = (ids[c.pk] for c in candidates)
    ballots = {
        "admin": [leader, coop],
        "finance": [leader],
        "vd": [coop, part],
        "board": [leader, part],
        "leader": [leader],
        "cooperator": [],
        "participant": [part],
    }
    for persona, marks in ballots.items():
        vote_cast(vote=vote, person=gov.person(persona), option_ids=marks, acting_user=None)
    with pytest.raises(KoopValidationError, match="at most 2"):
        vote_cast(
            vote=vote, person=gov.person("admin"), option_ids=[leader, coop, part], acting_user=None
        )
    vote = vote_close(vote=vote, acting_user=None, rng=random.Random(3))
    elected = {o.candidate_id for o in vote.options.all() if o.elected}
    assert gov.person("leader").pk in elected  # 4 votes
    assert len(elected) == 2  # coop 2, participant 3: participant
    assert gov.person("participant").pk in elected
    assert vote.abstain_count == 1  # one blank ballot


def test_a_proxy_holder_casts_the_represented_members_vote(gov: Gov) -> None:
    meeting = open_meeting(gov.assembly, present=[gov.person("leader")])
    proxy_register(
        meeting=meeting,
        member=gov.person("cooperator"),
        holder=gov.person("leader"),
        acting_user=None,
    )
    with pytest.raises(KoopValidationError, match="at most 1"):
        proxy_register(
            meeting=meeting,
            member=gov.person("admin"),
            holder=gov.person("leader"),
            acting_user=None,
        )
    vote = vote_open(meeting=meeting, question="Fråga", method=VoteMethod.SECRET, acting_user=None)
    vote_cast(
        vote=vote, person=gov.person("leader"), option_ids=[_opt(vote, "yes")], acting_user=None
    )
    vote_cast(
        vote=vote,
        person=gov.person("leader"),
        on_behalf_of=gov.person("cooperator"),
        option_ids=[_opt(vote, "no")],
        acting_user=None,
    )
    with pytest.raises(KoopValidationError, match="holds no proxy"):
        vote_cast(
            vote=vote,
            person=gov.person("leader"),
            on_behalf_of=gov.person("admin"),
            option_ids=[_opt(vote, "no")],
            acting_user=None,
        )
    vote = vote_close(vote=vote, acting_user=None)
    assert (vote.yes_count, vote.no_count, vote.entitled_count) == (1, 1, 2)


def test_proxies_are_refused_where_the_statutes_do_not_allow_them(gov: Gov) -> None:
    meeting = open_meeting(gov.vs_a, present=[gov.person("leader"), gov.person("cooperator")])
    with pytest.raises(KoopValidationError, match="do not allow proxies"):
        proxy_register(
            meeting=meeting,
            member=gov.person("participant"),
            holder=gov.person("leader"),
            acting_user=None,
        )


def test_who_votes_at_a_vs_is_a_setting_of_the_statutes(gov: Gov) -> None:
    meeting = open_meeting(
        gov.vs_a, present=[gov.person(p) for p in ("leader", "cooperator", "participant")]
    )
    first = vote_open(meeting=meeting, question="Fråga", method=VoteMethod.SECRET, acting_user=None)
    vote_cast(
        vote=first,
        person=gov.person("participant"),
        option_ids=[_opt(first, "yes")],
        acting_user=None,
    )
    vote_close(vote=first, acting_user=None)
    Statutes.objects.update(unit_voters="staff")
    second = vote_open(
        meeting=meeting, question="Fråga 2", method=VoteMethod.SECRET, acting_user=None
    )
    with pytest.raises(KoopValidationError, match="not entitled"):
        vote_cast(
            vote=second,
            person=gov.person("participant"),
            option_ids=[_opt(second, "yes")],
            acting_user=None,
        )
    vote_cast(
        vote=second,
        person=gov.person("cooperator"),
        option_ids=[_opt(second, "yes")],
        acting_user=None,
    )


def test_a_vote_cannot_open_without_quorum(gov: Gov) -> None:
    BodyRule.objects.filter(body_kind="unit_meeting").update(quorum_percent=100)
    meeting = open_meeting(gov.vs_a, present=[gov.person("leader")])
    with pytest.raises(KoopValidationError, match="not quorate"):
        vote_open(meeting=meeting, question="Fråga", method=VoteMethod.SECRET, acting_user=None)
