"""A vote's rule and result in words: what the meeting reads before it votes and after."""

from __future__ import annotations

import random

import pytest
from django.utils import translation

from koop.governance.counting import Tally
from koop.governance.models import Statutes, TieRule, Vote, VoteMethod
from koop.governance.results import result_text, rule_label, rule_text
from koop.governance.services import vote_break_tie, vote_close, vote_open
from tests.governance.helpers import Gov, open_meeting


@pytest.fixture
def meeting(gov: Gov):  # type: ignore[no-untyped-def]
    return open_meeting(gov.vs_a, present=[gov.person(p) for p in ("leader", "cooperator")])


def _counted(meeting, yes: int, no: int, abstain: int = 0, **kw) -> Vote:  # type: ignore[no-untyped-def]
    """A vote by acclamation closed with these counts (the register is checked against)."""
    vote = vote_open(
        meeting=meeting, question="Fråga", method=VoteMethod.ACCLAMATION, acting_user=None, **kw
    )
    Vote.objects.filter(pk=vote.pk).update(entitled_count=yes + no + abstain)
    vote.refresh_from_db()
    return vote_close(
        vote=vote,
        counts=Tally(yes, no, abstain),
        acting_user=None,
        rng=random.Random(1),
    )


def test_a_simple_majority_says_adopted_with_the_counts(meeting) -> None:  # type: ignore[no-untyped-def]
    vote = _counted(meeting, 5, 2)
    assert rule_label(vote) == "Simple majority"
    assert result_text(vote) == "Adopted: 5 for, 2 against."


def test_abstentions_are_named_but_not_counted(meeting) -> None:  # type: ignore[no-untyped-def]
    vote = _counted(meeting, 2, 3, 4)
    assert result_text(vote) == "Rejected: 2 for, 3 against, 4 abstained."


def test_the_rule_is_said_before_the_vote_with_what_a_tie_means(meeting) -> None:  # type: ignore[no-untyped-def]
    vote = vote_open(meeting=meeting, question="Fråga", method="secret", acting_user=None)
    assert result_text(vote) == ""  # nothing before the vote closes
    text = rule_text(vote, tie_rule=TieRule.CHAIR)
    assert text.startswith("Simple majority: adopted if more vote for than against.")
    assert "chair's casting vote" in text
    assert "drawing lots" in rule_text(vote, tie_rule=TieRule.LOT)


def test_a_qualified_majority_names_its_fraction_before_and_after(meeting) -> None:  # type: ignore[no-untyped-def]
    vote = _counted(meeting, 6, 4, decision_rule="qualified")
    assert rule_label(vote) == "Qualified majority (2/3)"
    assert "at least 2/3 of the votes cast" in rule_text(vote, tie_rule=TieRule.CHAIR)
    assert result_text(vote) == (
        "Rejected: 6 for, 4 against. At least 2/3 of the votes cast had to be for."
    )


def test_consensus_fails_on_one_objection_and_says_so(meeting) -> None:  # type: ignore[no-untyped-def]
    vote = _counted(meeting, 4, 1, decision_rule="consensus")
    assert rule_label(vote) == "Consensus"
    assert result_text(vote) == "Not in consensus: 1 against."
    standing_aside = _counted(meeting, 4, 0, 1, decision_rule="consensus")
    assert result_text(standing_aside) == "Consensus: 4 for, 0 against, 1 abstained."


def test_a_tie_waits_for_the_chair_and_then_says_who_decided(meeting) -> None:  # type: ignore[no-untyped-def]
    vote = _counted(meeting, 3, 3)
    assert result_text(vote) == "Tied: 3 for, 3 against. Waiting for the chair's casting vote."
    vote = vote_break_tie(vote=vote, adopt=True, acting_user=None)
    assert result_text(vote) == ("Adopted: 3 for, 3 against. Decided by the chair's casting vote.")


def test_a_tie_settled_by_lot_says_so(gov: Gov, meeting) -> None:  # type: ignore[no-untyped-def]
    Statutes.objects.filter(cooperative=gov.world.cooperative).update(tie_rule=TieRule.LOT)
    vote = _counted(meeting, 2, 2)
    assert result_text(vote).endswith("Decided by drawing lots.")


def test_no_votes_cast_is_a_rejection_in_words(meeting) -> None:  # type: ignore[no-untyped-def]
    assert result_text(_counted(meeting, 0, 0, 2)) == "Rejected: no votes were cast."


def test_an_election_names_who_was_elected_with_their_votes(gov: Gov, meeting) -> None:  # type: ignore[no-untyped-def]
    vote = vote_open(
        meeting=meeting,
        question="Val",
        method="secret",
        candidates=[gov.person("leader"), gov.person("cooperator")],
        acting_user=None,
    )
    from koop.governance.services import vote_cast

    for voter in ("leader", "cooperator"):
        vote_cast(
            vote=vote,
            person=gov.person(voter),
            option_ids=[vote.options.get(candidate=gov.person("cooperator")).pk],
            acting_user=None,
        )
    vote = vote_close(vote=vote, acting_user=None)
    assert rule_label(vote) == "Election of 1"
    assert result_text(vote) == f"Elected: {gov.person('cooperator').full_name} (2 votes)."


def test_the_words_are_swedish_on_a_swedish_page(meeting) -> None:  # type: ignore[no-untyped-def]
    adopted = _counted(meeting, 5, 2)
    blocked = _counted(meeting, 4, 1, decision_rule="consensus")
    tied = vote_break_tie(vote=_counted(meeting, 1, 1), adopt=False, acting_user=None)
    with translation.override("sv"):
        assert result_text(adopted) == "Bifall: 5 för, 2 emot."
        assert result_text(blocked) == "Inte i konsensus: 1 emot."
        assert result_text(tied) == "Avslag: 1 för, 1 emot. Avgjort med ordförandens utslagsröst."
        assert rule_label(blocked) == "Konsensus"
