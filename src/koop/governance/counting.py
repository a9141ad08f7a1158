"""Counting votes: pure functions from counts to an outcome, per decision rule and tie rule.

Swedish association practice (lag om ekonomiska föreningar 7 kap. 39 §): a proposal needs
more than half of the votes cast; blank votes and abstentions are not cast votes. A tie is
settled by the chair's casting vote in other matters and by lot in elections, unless the
statutes say otherwise. A qualified majority is a share of the votes cast."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from koop.governance.models.choices import DecisionManner, DecisionRule, Outcome, TieRule


@dataclass(frozen=True)
class Tally:
    yes: int
    no: int
    abstain: int = 0

    @property
    def cast(self) -> int:
        return self.yes + self.no


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    manner: DecisionManner
    tie_broken_by: str = ""


def manner_of(tally: Tally, outcome: Outcome, rule: DecisionRule) -> DecisionManner:
    if outcome == Outcome.ADOPTED and tally.no == 0:
        if tally.abstain == 0:
            return DecisionManner.UNANIMOUS
        if rule == DecisionRule.CONSENSUS:
            return DecisionManner.CONSENSUS
    if outcome == Outcome.REJECTED and tally.yes == 0 and tally.abstain == 0 and tally.no > 0:
        return DecisionManner.UNANIMOUS
    return DecisionManner.VOTE


def decide(
    tally: Tally,
    *,
    rule: DecisionRule,
    tie_rule: TieRule,
    numerator: int = 1,
    denominator: int = 2,
    casting_vote: bool | None = None,
    rng: random.Random | None = None,
) -> Result:
    """The outcome of a yes/no vote.

    ``casting_vote`` is the chair's side in a tie (None: not given yet, so the outcome is
    ``TIE`` and the vote waits for the chair)."""
    tie_broken_by = ""
    if rule == DecisionRule.CONSENSUS:
        # Everyone agrees or stands aside; one objection and there is no consensus.
        outcome = Outcome.ADOPTED if tally.yes > 0 and tally.no == 0 else Outcome.REJECTED
    elif rule == DecisionRule.QUALIFIED:
        adopted = tally.cast > 0 and tally.yes * denominator >= numerator * tally.cast
        outcome = Outcome.ADOPTED if adopted else Outcome.REJECTED
    elif tally.yes > tally.no:
        outcome = Outcome.ADOPTED
    elif tally.no > tally.yes or tally.cast == 0:
        outcome = Outcome.REJECTED
    elif tie_rule == TieRule.CHAIR:
        if casting_vote is None:
            return Result(Outcome.TIE, DecisionManner.VOTE)
        outcome = Outcome.ADOPTED if casting_vote else Outcome.REJECTED
        tie_broken_by = "chair"
    elif tie_rule == TieRule.LOT:
        outcome = (rng or random.SystemRandom()).choice([Outcome.ADOPTED, Outcome.REJECTED])
        tie_broken_by = "lot"
    else:
        outcome = Outcome.REJECTED
        tie_broken_by = "rule"
    return Result(outcome, manner_of(tally, outcome, rule), tie_broken_by)


@dataclass(frozen=True)
class ElectionResult:
    elected: tuple[int, ...]
    tie_broken_by: str = ""


def elect(
    counts: Mapping[int, int], *, seats: int, rng: random.Random | None = None
) -> ElectionResult:
    """The ``seats`` candidates with most votes; a tie at the last seat is settled by lot.

    A candidate without a single vote is not elected."""
    ranked: Sequence[tuple[int, int]] = sorted(
        ((c, n) for c, n in counts.items() if n > 0), key=lambda cn: (-cn[1], cn[0])
    )
    if len(ranked) <= seats:
        return ElectionResult(tuple(c for c, _ in ranked))
    cutoff = ranked[seats - 1][1]
    sure = [c for c, n in ranked if n > cutoff]
    tied = [c for c, n in ranked if n == cutoff]
    free = seats - len(sure)
    if len(tied) == free:
        return ElectionResult(tuple(sure + tied))
    drawn = (rng or random.SystemRandom()).sample(tied, free)
    return ElectionResult(tuple(sure + sorted(drawn)), tie_broken_by="lot")
