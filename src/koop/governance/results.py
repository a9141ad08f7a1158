"""A vote's rule and its result in words, as the meeting reads them: the rule before anyone
votes ("Qualified majority: at least 2/3 of the votes cast"), the result with its reason
after ("Adopted: 5 for, 2 against", "Not in consensus: 1 against", "Decided by drawing
lots"). Only what is stored on the vote is used, so the words never disagree with the
count."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from koop.governance.models import DecisionRule, Outcome, TieRule, Vote, VoteStatus


def rule_label(vote: Vote) -> str:
    """The rule in a few words: "Simple majority", "Qualified majority (2/3)"."""
    if vote.is_election:
        return ngettext("Election of %(n)d", "Election of %(n)d", vote.seats) % {"n": vote.seats}
    if vote.decision_rule == DecisionRule.QUALIFIED:
        return _("Qualified majority (%(n)d/%(d)d)") % _share(vote)
    return str(DecisionRule(vote.decision_rule).label)


def rule_text(vote: Vote, *, tie_rule: str) -> str:
    """The rule as a sentence, with what happens in a tie (``tie_rule`` from the statutes)."""
    if vote.is_election:
        return ngettext(
            "The candidate with most votes is elected; a tie is decided by drawing lots.",
            "The %(n)d candidates with most votes are elected; a tie is decided by drawing lots.",
            vote.seats,
        ) % {"n": vote.seats}
    if vote.decision_rule == DecisionRule.CONSENSUS:
        return _(
            "Consensus: adopted if nobody votes against. Abstaining is standing aside and "
            "does not block."
        )
    if vote.decision_rule == DecisionRule.QUALIFIED:
        return _(
            "Qualified majority: adopted if at least %(n)d/%(d)d of the votes cast are "
            "for. Abstentions are not votes cast."
        ) % _share(vote)
    tie = {
        TieRule.CHAIR: _("A tie is decided by the chair's casting vote."),
        TieRule.LOT: _("A tie is decided by drawing lots."),
        TieRule.REJECTED: _("In a tie the proposal falls."),
    }[TieRule(tie_rule)]
    return " ".join(
        [
            _(
                "Simple majority: adopted if more vote for than against. Abstentions are not "
                "votes cast."
            ),
            str(tie),
        ]
    )


def result_text(vote: Vote) -> str:
    """The result and why, once the vote is closed ("" while it is open)."""
    if vote.status != VoteStatus.CLOSED:
        return ""
    if vote.is_election:
        return _election_text(vote)
    yes, no, abstain = vote.yes_count or 0, vote.no_count or 0, vote.abstain_count or 0
    counts = _counts(yes, no, abstain)
    if vote.outcome == Outcome.TIE:
        return _("Tied: %(counts)s. Waiting for the chair's casting vote.") % {"counts": counts}
    adopted = vote.outcome == Outcome.ADOPTED
    if yes + no == 0 and vote.decision_rule != DecisionRule.CONSENSUS:
        return _("Rejected: no votes were cast.")
    if vote.decision_rule == DecisionRule.CONSENSUS:
        if adopted:
            return _("Consensus: %(counts)s.") % {"counts": counts}
        if no == 0:
            return _("Not in consensus: nobody voted for.")
        against = ngettext("%(n)d against", "%(n)d against", no) % {"n": no}
        return _("Not in consensus: %(against)s.") % {"against": against}
    headline = (
        pgettext("vote result", "Adopted") if adopted else pgettext("vote result", "Rejected")
    )
    text = _("%(headline)s: %(counts)s.") % {"headline": headline, "counts": counts}
    reason = ""
    if vote.decision_rule == DecisionRule.QUALIFIED:
        reason = _("At least %(n)d/%(d)d of the votes cast had to be for.") % _share(vote)
    elif vote.tie_broken_by == "chair":
        reason = _("Decided by the chair's casting vote.")
    elif vote.tie_broken_by == "lot":
        reason = _("Decided by drawing lots.")
    elif vote.tie_broken_by == "rule":
        reason = _("A tie: by the statutes the proposal falls.")
    return f"{text} {reason}" if reason else text


def _share(vote: Vote) -> dict[str, int]:
    return {"n": vote.required_numerator, "d": vote.required_denominator}


def _counts(yes: int, no: int, abstain: int) -> str:
    text = _("%(yes)d for, %(no)d against") % {"yes": yes, "no": no}
    if abstain:
        text += ", " + ngettext("%(n)d abstained", "%(n)d abstained", abstain) % {"n": abstain}
    return text


def _election_text(vote: Vote) -> str:
    elected = [o for o in vote.options.all() if o.elected]
    if not elected:
        return _("Nobody was elected: no candidate got a vote.")
    names = ", ".join(
        ngettext("%(name)s (%(n)d vote)", "%(name)s (%(n)d votes)", o.count or 0)
        % {"name": o.label, "n": o.count or 0}
        for o in elected
    )
    text = ngettext("Elected: %(names)s.", "Elected: %(names)s.", len(elected)) % {"names": names}
    if vote.tie_broken_by == "lot":
        text += " " + _("Decided by drawing lots.")
    return str(text)
