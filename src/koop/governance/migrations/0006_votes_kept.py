"""What a vote leaves behind is kept, whatever writes to the database:

- a ballot and a voter receipt are never deleted (migration 0002 already refuses changing
  them);
- a closed vote is never deleted, and what it was about and its result never change, but
  for the chair's casting vote in a tie (outcome from tie to adopted or rejected, broken
  by the chair);
- the options of a closed vote, with their counts and who was elected, are neither added
  to, changed nor deleted.

The columns a closed vote keeps are listed here as they are now; a column added later is
kept only by a migration that replaces this rule. Written with ``koop.core.dbrules``: every
refusal is an ``IntegrityError`` on both databases."""

from django.db import migrations

from koop.core.dbrules import Rule, RuleSet, changed

VOTE_KEPT = (
    "meeting_id",
    "agenda_item_id",
    "question",
    "method",
    "is_election",
    "seats",
    "decision_rule",
    "required_numerator",
    "required_denominator",
    "status",
    "opened_at",
    "closed_at",
    "entitled_count",
    "yes_count",
    "no_count",
    "abstain_count",
)
TIE_BROKEN = (
    "OLD.outcome = 'tie' AND NEW.outcome IN ('adopted', 'rejected') "
    "AND NEW.tie_broken_by = 'chair'"
)
CLOSED = "(SELECT v.status FROM governance_vote v WHERE v.id = {row}.vote_id) = 'closed'"

RULES = RuleSet(
    Rule(
        name="gov_ballot_kept",
        table="governance_ballot",
        on="DELETE",
        refusal="a ballot is never deleted",
    ),
    Rule(
        name="gov_receipt_kept",
        table="governance_voterreceipt",
        on="DELETE",
        refusal="a voter receipt is never deleted",
    ),
    Rule(
        name="gov_vote_result_kept",
        table="governance_vote",
        on="UPDATE",
        when="OLD.status = 'closed'"
        & (changed(*VOTE_KEPT) | (changed("outcome", "tie_broken_by") & f"NOT ({TIE_BROKEN})")),
        refusal="a closed vote and its result never change (but for the chair breaking a tie)",
    ),
    Rule(
        name="gov_vote_closed_kept",
        table="governance_vote",
        on="DELETE",
        when="OLD.status = 'closed'",
        refusal="a closed vote is never deleted",
    ),
    Rule(
        name="gov_option_closed_insert",
        table="governance_voteoption",
        on="INSERT",
        when=CLOSED.format(row="NEW"),
        refusal="a closed vote gets no new options",
    ),
    Rule(
        name="gov_option_closed_kept",
        table="governance_voteoption",
        on=("UPDATE", "DELETE"),
        when=CLOSED.format(row="OLD"),
        refusal="the options and counts of a closed vote never change",
    ),
)


class Migration(migrations.Migration):
    dependencies = [("governance", "0005_unit_bodies")]

    operations = [RULES.operation()]
