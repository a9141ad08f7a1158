"""Counting, checked against a plain restatement of the rules for random ballots."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from koop.governance.counting import Tally, decide, elect
from koop.governance.models import DecisionManner, DecisionRule, Outcome, TieRule

ballots = st.lists(st.sampled_from(["yes", "no", "abstain"]), max_size=200)


@given(ballots, st.sampled_from(list(TieRule)), st.booleans())
def test_simple_majority_of_votes_cast_decides_and_ties_follow_the_statutes(
    marks: list[str], tie_rule: TieRule, casting: bool
) -> None:
    counts = Counter(marks)
    tally = Tally(counts["yes"], counts["no"], counts["abstain"])
    result = decide(
        tally,
        rule=DecisionRule.SIMPLE,
        tie_rule=tie_rule,
        casting_vote=casting,
        rng=random.Random(0),
    )
    if counts["yes"] > counts["no"]:
        assert result.outcome == Outcome.ADOPTED
    elif counts["no"] > counts["yes"] or counts["yes"] == 0:
        assert result.outcome == Outcome.REJECTED
    elif tie_rule == TieRule.CHAIR:
        assert result.outcome == (Outcome.ADOPTED if casting else Outcome.REJECTED)
        assert result.tie_broken_by == "chair"
    elif tie_rule == TieRule.REJECTED:
        assert result.outcome == Outcome.REJECTED
    else:
        assert result.tie_broken_by == "lot"
    if result.outcome == Outcome.ADOPTED and counts["no"] == counts["abstain"] == 0:
        assert result.manner == DecisionManner.UNANIMOUS


@given(ballots)
def test_a_tie_without_the_chairs_vote_waits(marks: list[str]) -> None:
    counts = Counter(marks)
    tally = Tally(counts["yes"], counts["yes"], counts["abstain"])
    result = decide(tally, rule=DecisionRule.SIMPLE, tie_rule=TieRule.CHAIR)
    expected = Outcome.REJECTED if counts["yes"] == 0 else Outcome.TIE
    assert result.outcome == expected


@given(ballots, st.sampled_from([(2, 3), (3, 4), (1, 2), (9, 10)]))
def test_qualified_majority_is_a_share_of_the_votes_cast(
    marks: list[str], share: tuple[int, int]
) -> None:
    counts = Counter(marks)
    n, d = share
    result = decide(
        Tally(counts["yes"], counts["no"], counts["abstain"]),
        rule=DecisionRule.QUALIFIED,
        tie_rule=TieRule.CHAIR,
        numerator=n,
        denominator=d,
    )
    cast = counts["yes"] + counts["no"]
    adopted = cast > 0 and counts["yes"] / cast >= n / d - 1e-12
    assert (result.outcome == Outcome.ADOPTED) == adopted


@given(ballots)
def test_consensus_holds_only_without_objection(marks: list[str]) -> None:
    counts = Counter(marks)
    result = decide(
        Tally(counts["yes"], counts["no"], counts["abstain"]),
        rule=DecisionRule.CONSENSUS,
        tie_rule=TieRule.CHAIR,
    )
    assert (result.outcome == Outcome.ADOPTED) == (counts["no"] == 0 and counts["yes"] > 0)
    if result.outcome == Outcome.ADOPTED:
        assert result.manner in (DecisionManner.CONSENSUS, DecisionManner.UNANIMOUS)


@given(
    st.dictionaries(st.integers(1, 12), st.integers(0, 30), min_size=1, max_size=12),
    st.integers(1, 5),
    st.integers(0, 1000),
)
def test_an_election_fills_the_seats_with_the_most_voted_and_draws_lots_in_a_tie(
    counts: dict[int, int], seats: int, seed: int
) -> None:
    result = elect(counts, seats=seats, rng=random.Random(seed))
    voted = {c: n for c, n in counts.items() if n > 0}
    assert len(result.elected) == min(seats, len(voted))
    assert len(set(result.elected)) == len(result.elected)
    if result.elected:
        lowest_elected = min(voted[c] for c in result.elected)
        assert all(n <= lowest_elected for c, n in voted.items() if c not in result.elected)
    if result.tie_broken_by == "lot":
        losers = [n for c, n in voted.items() if c not in result.elected]
        assert max(losers) == min(voted[c] for c in result.elected)
