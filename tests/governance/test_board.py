"""The board's seats: kept on a page by the board and the administrator, and created for
those a general assembly elects, for the term they were elected for."""

from __future__ import annotations

import datetime as dt

import pytest

from koop.core.errors import KoopValidationError
from koop.core.models import AuditEntry
from koop.governance.models import BoardSeat, SeatRole, VoteMethod
from koop.governance.selectors import body_voter_ids
from koop.governance.services import (
    board_seats_from_election,
    vote_cast,
    vote_close,
    vote_open,
)
from tests.governance.helpers import Gov, open_meeting

VOTERS = ["admin", "finance", "vd", "board", "leader", "cooperator", "participant"]


def _election(gov: Gov):  # type: ignore[no-untyped-def]
    meeting = open_meeting(gov.assembly, present=[gov.person(p) for p in VOTERS])
    candidates = [gov.person(p) for p in ("leader", "cooperator", "participant")]
    vote = vote_open(
        meeting=meeting,
        question="Val av styrelseledamöter",
        method=VoteMethod.SECRET,
        candidates=candidates,
        seats=2,
        acting_user=None,
    )
    by_candidate = {o.candidate_id: o.pk for o in vote.options.all()}
    leader, coop = by_candidate[gov.person("leader").pk], by_candidate[gov.person("cooperator").pk]
    for persona in VOTERS:
        vote_cast(
            vote=vote, person=gov.person(persona), option_ids=[leader, coop], acting_user=None
        )
    return meeting, vote_close(vote=vote, acting_user=None)


def test_an_assembly_election_seats_the_elected_for_the_elected_period(gov: Gov) -> None:
    meeting, vote = _election(gov)
    until = meeting.date + dt.timedelta(days=730)  # type: ignore[operator]
    seats = board_seats_from_election(vote=vote, ended_on=until, acting_user=None)
    assert {s.person_id for s in seats} == {gov.person("leader").pk, gov.person("cooperator").pk}
    assert all(
        (s.role, s.started_on, s.ended_on, s.election_id)
        == (SeatRole.MEMBER, meeting.date, until, vote.pk)
        for s in seats
    )
    # From the assembly on, the elected vote on the board.
    voters = body_voter_ids(gov.board, meeting.date)  # type: ignore[arg-type]
    assert {gov.person("leader").pk, gov.person("cooperator").pk} <= voters
    assert AuditEntry.objects.filter(action="board_seats_from_election").count() == 1
    with pytest.raises(KoopValidationError, match="already recorded"):
        board_seats_from_election(vote=vote, ended_on=until, acting_user=None)
    assert BoardSeat.objects.filter(election=vote).count() == 2


def test_only_a_closed_election_at_the_assembly_creates_seats(gov: Gov) -> None:
    meeting = open_meeting(gov.assembly, present=[gov.person("leader")])
    vote = vote_open(meeting=meeting, question="Fråga", method=VoteMethod.SECRET, acting_user=None)
    with pytest.raises(KoopValidationError, match="election at a general assembly"):
        board_seats_from_election(vote=vote, ended_on=dt.date(2099, 1, 1), acting_user=None)
    assert not BoardSeat.objects.filter(election=vote).exists()


def test_the_board_records_an_elections_seats_and_edits_a_seat_on_its_page(
    gov: Gov,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    _meeting, vote = _election(gov)
    board = client_for("board")
    page = board.get("/governance/board/seats/")
    assert page.status_code == 200
    assert gov.person("board").full_name in page.content.decode()
    recorded = board.post(
        "/governance/board/seats/",
        {"vote": vote.pk, "role": "member", "ended_on": "2099-06-30"},
    )
    assert recorded.status_code == 302
    seat = BoardSeat.objects.get(election=vote, person=gov.person("leader"))
    assert seat.ended_on == dt.date(2099, 6, 30)
    # The board constitutes itself: the leader becomes secretary.
    edited = board.post(
        f"/governance/board/seats/{seat.pk}/",
        {"role": "secretary", "started_on": seat.started_on.isoformat(), "ended_on": "2099-06-30"},
    )
    assert edited.status_code == 302
    seat.refresh_from_db()
    assert seat.role == SeatRole.SECRETARY
    assert AuditEntry.objects.filter(action="board_seat_update", object_id=str(seat.pk)).exists()


def test_a_second_chair_for_the_same_period_is_refused_naming_the_role(
    gov: Gov,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    response = client_for("admin").post(
        "/governance/board/seats/new/",
        {"person": gov.person("leader").pk, "role": "chair", "started_on": "2024-01-01"},
    )
    assert response.status_code == 422
    assert "role" in response.context["form"].errors
    assert not BoardSeat.objects.filter(person=gov.person("leader")).exists()
    bad = client_for("admin").post(
        "/governance/board/seats/new/",
        {
            "person": gov.person("leader").pk,
            "role": "member",
            "started_on": "2024-01-01",
            "ended_on": "2023-01-01",
        },
    )
    assert bad.status_code == 422
    assert not BoardSeat.objects.filter(person=gov.person("leader")).exists()
