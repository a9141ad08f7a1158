"""A closed secret vote leaves nothing in the database that links a voter to a choice:
not PostgreSQL's transaction id of a row (``xmin``), not the order rows are stored in
(``ctid`` on PostgreSQL, the rowid on SQLite), not the order of the audit rows."""

from __future__ import annotations

import random

from django.db import connection

from koop.core.models import AuditEntry
from koop.governance.models import Ballot, CountedBallot, OptionRole, VoteMethod, VoterReceipt
from koop.governance.services import vote_cast, vote_close, vote_open
from koop.people.factories import MembershipFactory, PersonFactory
from tests.governance.helpers import Gov, open_meeting

# Twelve voters casting in a known order, so that the order could give them away.
CAST = ["yes", "no", "yes", "abstain", "no", "yes", "yes", "no", "abstain", "yes", "no", "yes"]


def _rows(sql: str, params: list[object]) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _storage_order(table: str) -> str:
    return "ctid" if connection.vendor == "postgresql" else "rowid"


def test_after_the_close_no_transaction_id_storage_or_audit_order_recovers_the_casting(
    gov: Gov,
) -> None:
    voters = [
        MembershipFactory(person=PersonFactory(cooperative=gov.world.cooperative)).person
        for _ in CAST
    ]
    meeting = open_meeting(gov.assembly, present=voters)
    vote = vote_open(meeting=meeting, question="Fråga", method=VoteMethod.SECRET, acting_user=None)
    option = {o.role: o.pk for o in vote.options.all()}
    for person, choice in zip(voters, CAST, strict=True):
        vote_cast(vote=vote, person=person, option_ids=[option[choice]], acting_user=None)
    cast_marks = [option[c] for c in CAST]
    postgres = connection.vendor == "postgresql"
    if postgres:
        # Before the close a ballot shares its receipt's transaction: the leak closed below.
        ballot_xmins = {
            x
            for (x,) in _rows(
                "SELECT xmin::text FROM governance_ballot WHERE vote_id = %s", [vote.pk]
            )
        }
        receipt_xmins = {
            x
            for (x,) in _rows(
                "SELECT xmin::text FROM governance_voterreceipt WHERE vote_id = %s", [vote.pk]
            )
        }
        assert ballot_xmins == receipt_xmins
        assert len(receipt_xmins) == len(CAST)

    vote_close(vote=vote, acting_user=None, rng=random.Random(3))

    assert not Ballot.objects.filter(vote=vote).exists()
    order = _storage_order("governance_countedballot")
    stored = [
        o
        for (o,) in _rows(
            f"SELECT option_id FROM governance_countedballot WHERE vote_id = %s ORDER BY {order}",
            [vote.pk],
        )
    ]
    # The same marks, counted, but not in the order they were cast.
    assert sorted(stored) == sorted(cast_marks)
    assert stored != cast_marks
    assert (vote.options.get(role=OptionRole.YES).count, len(stored)) == (6, 12)
    # The keys ascend in storage order: sorting by key tells nothing more.
    keys = list(CountedBallot.objects.filter(vote=vote).values_list("id", flat=True))
    assert keys == sorted(keys)
    assert [
        o
        for (o,) in _rows(
            "SELECT option_id FROM governance_countedballot WHERE vote_id = %s ORDER BY id",
            [vote.pk],
        )
    ] == stored
    if postgres:
        # Every counted ballot was written by the closing transaction (the one that last
        # wrote the vote row), none by a voter's.
        (closing,) = _rows("SELECT xmin::text FROM governance_vote WHERE id = %s", [vote.pk])[0]
        counted_xmins = {
            x
            for (x,) in _rows(
                "SELECT xmin::text FROM governance_countedballot WHERE vote_id = %s", [vote.pk]
            )
        }
        assert counted_xmins == {closing}
        assert closing not in receipt_xmins
    # The audit rows of the casting name the receipt, never a ballot, and no choice.
    casts = AuditEntry.objects.filter(action="vote_cast").order_by("pk")
    receipts = {
        str(pk) for pk in VoterReceipt.objects.filter(vote=vote).values_list("pk", flat=True)
    }
    assert casts.count() == len(CAST)
    counted_ids = {str(k) for k in keys}
    for entry in casts:
        assert set(entry.after) == {"vote", "person", "cast_by"}
        assert str(entry.object_id) in receipts
        assert str(entry.object_id) not in counted_ids


def test_the_migration_moves_the_ballots_of_votes_closed_before_it(gov: Gov) -> None:
    import importlib

    from django.apps import apps as django_apps

    from koop.core.dbrules import rules_lifted

    voters = [gov.person(p) for p in ("admin", "finance", "vd")]
    vote = vote_open(
        meeting=open_meeting(gov.assembly, present=voters),
        question="Fråga",
        method=VoteMethod.SECRET,
        acting_user=None,
    )
    yes = vote.options.get(role=OptionRole.YES).pk
    for person in voters:
        vote_cast(vote=vote, person=person, option_ids=[yes], acting_user=None)
    vote_close(vote=vote, acting_user=None)
    # A vote closed before the move: its ballots still cast, none counted.
    with rules_lifted(connection, ["governance_ballot", "governance_countedballot"]):
        CountedBallot.objects.filter(vote=vote).delete()
        Ballot.objects.bulk_create(Ballot(vote=vote, option_id=yes) for _ in voters)
    migration = importlib.import_module("koop.governance.migrations.0007_counted_ballots")
    migration.move_closed(django_apps, None)
    assert not Ballot.objects.filter(vote=vote).exists()
    assert (
        list(CountedBallot.objects.filter(vote=vote).values_list("option_id", flat=True))
        == [yes] * 3
    )
