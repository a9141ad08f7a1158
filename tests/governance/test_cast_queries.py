"""What casting one vote costs in queries: the path every member takes at once when a
general assembly votes, so it must not grow with the size of the assembly."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from koop.governance.models import Attendance, VoteMethod
from koop.governance.services import vote_cast, vote_open
from koop.people.factories import MembershipFactory
from tests.governance.helpers import Gov, open_meeting

PERSONAS = ["admin", "finance", "vd", "board", "leader", "cooperator", "participant"]
# Lock the vote, one query for checked-in/entitled/already voted, the receipt, the ballot,
# the audit row, and the savepoint pair of the cast's transaction (nested in the test's).
CAST_QUERIES = 7
OPTIONS_QUERY = 1


def _assembly_vote(gov: Gov, extra_members: int = 0):  # type: ignore[no-untyped-def]
    meeting = open_meeting(gov.assembly, present=[gov.person(p) for p in PERSONAS])
    for membership in MembershipFactory.create_batch(
        extra_members, person__cooperative=gov.world.cooperative
    ):
        Attendance.objects.create(meeting=meeting, person=membership.person)
    return vote_open(meeting=meeting, question="Fråga", method=VoteMethod.SECRET, acting_user=None)


def test_casting_a_secret_vote_takes_the_same_few_queries_however_large_the_assembly(
    gov: Gov,
) -> None:
    counts = []
    for extra in (0, 40):
        vote = _assembly_vote(gov, extra)
        yes = vote.options.get(role="yes").pk
        with CaptureQueriesContext(connection) as queries:
            vote_cast(vote=vote, person=gov.person("leader"), option_ids=[yes], acting_user=None)
        counts.append(len(queries))
        vote.status = "closed"
        vote.save(update_fields=["status"])
    assert counts == [CAST_QUERIES + OPTIONS_QUERY] * 2


def test_casting_through_the_api_stays_within_a_fixed_number_of_queries(
    gov: Gov,
    client_for,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    vote = _assembly_vote(gov)
    yes = vote.options.get(role="yes").pk
    client = client_for("cooperator")
    # Session, user and principal (4), the body's visibility (2), the vote, the person, and
    # the cast itself.
    with django_assert_max_num_queries(8 + CAST_QUERIES + OPTIONS_QUERY):
        response = client.post(
            f"/api/v1/votes/{vote.pk}/cast", {"option_ids": [yes]}, content_type="application/json"
        )
    assert response.status_code == 200
