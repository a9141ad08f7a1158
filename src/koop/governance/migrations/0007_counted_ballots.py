"""A closed vote's ballots are moved, in the closing transaction, into a table of counted
ballots in random order under fresh random keys, so nothing in the database (PostgreSQL's
``xmin`` of a row, the order rows are stored in) links a ballot to its voter's receipt.

The rules allow exactly that move and nothing else:

- a cast ballot is deleted only once its vote is closed and the vote's counted ballots
  are all written (as many as the cast ones);
- a counted ballot is written only to a closed vote, and only while the vote has fewer
  counted ballots for that option than cast ones: the counted ballots are the cast ones,
  once, and after the move (no cast ballots left) nothing more can be added;
- a counted ballot is never changed or deleted.

Votes closed before this migration have their ballots moved here, in random order."""

import secrets

import django.db.models.deletion
from django.db import migrations, models

import koop.governance.models.voting
from koop.core.dbrules import Condition, Rule, RuleSet

STATUS = "(SELECT v.status FROM governance_vote v WHERE v.id = {row}.vote_id)"
CAST = "(SELECT count(*) FROM governance_ballot b WHERE b.vote_id = {row}.vote_id{extra})"
COUNTED = "(SELECT count(*) FROM governance_countedballot c WHERE c.vote_id = {row}.vote_id{extra})"
SAME_OPTION = Condition(
    "{alias}.option_id IS NEW.option_id", "{alias}.option_id IS NOT DISTINCT FROM NEW.option_id"
)


def _same_option(alias: str, vendor: str) -> str:
    return " AND " + SAME_OPTION.render(vendor).format(alias=alias)


def _counted_insert_allowed(vendor: str) -> str:
    counted = COUNTED.format(row="NEW", extra=_same_option("c", vendor))
    cast = CAST.format(row="NEW", extra=_same_option("b", vendor))
    return f"{STATUS.format(row='NEW')} = 'closed' AND {counted} < {cast}"


OLD_BALLOT_KEPT = RuleSet(
    Rule(
        name="gov_ballot_kept",
        table="governance_ballot",
        on="DELETE",
        refusal="a ballot is never deleted",
    ),
)

RULES = RuleSet(
    Rule(
        name="gov_ballot_moved",
        table="governance_ballot",
        on="DELETE",
        when=f"NOT ({STATUS.format(row='OLD')} = 'closed' AND "
        f"{COUNTED.format(row='OLD', extra='')} >= {CAST.format(row='OLD', extra='')})",
        refusal="a ballot is deleted only when its closed vote's ballots have been counted",
    ),
    Rule(
        name="gov_counted_ballot_once",
        table="governance_countedballot",
        on="INSERT",
        when=~Condition(_counted_insert_allowed("sqlite"), _counted_insert_allowed("postgresql")),
        refusal="counted ballots are the cast ballots of a closed vote, written once",
    ),
    Rule(
        name="gov_counted_ballot_kept",
        table="governance_countedballot",
        on=("UPDATE", "DELETE"),
        refusal="a counted ballot never changes",
    ),
)


def move_closed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Ballot = apps.get_model("governance", "Ballot")
    CountedBallot = apps.get_model("governance", "CountedBallot")
    Vote = apps.get_model("governance", "Vote")
    shuffle = secrets.SystemRandom().shuffle
    for vote_id in Vote.objects.filter(status="closed").values_list("pk", flat=True):
        marks = list(Ballot.objects.filter(vote_id=vote_id).values_list("option_id", flat=True))
        if not marks:
            continue
        shuffle(marks)
        ids = sorted(koop.governance.models.voting.random_id() for _ in marks)
        CountedBallot.objects.bulk_create(
            CountedBallot(id=i, vote_id=vote_id, option_id=o) for i, o in zip(ids, marks)
        )
        Ballot.objects.filter(vote_id=vote_id).delete()


class Migration(migrations.Migration):
    dependencies = [("governance", "0006_votes_kept")]

    operations = [
        migrations.RunPython(OLD_BALLOT_KEPT.drop, OLD_BALLOT_KEPT.create),
        migrations.CreateModel(
            name="CountedBallot",
            fields=[
                (
                    "id",
                    koop.governance.models.voting.RandomIdField(
                        default=koop.governance.models.voting.random_id,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                (
                    "option",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="governance.voteoption",
                    ),
                ),
                (
                    "vote",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="counted_ballots",
                        to="governance.vote",
                    ),
                ),
            ],
            options={"verbose_name": "ballot", "verbose_name_plural": "ballots"},
        ),
        migrations.RunPython(move_closed, migrations.RunPython.noop),
        RULES.operation(),
    ]
