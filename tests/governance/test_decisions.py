"""Decisions: quorum, delegation limits naming the rightful body, execution follow-up on
the next agenda, reservations, and minutes locked by the adjusters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.utils import timezone

from koop.core.errors import KoopValidationError
from koop.governance.models import BodyRule, Decision, Minutes
from koop.governance.services import (
    decision_record,
    decision_set_execution,
    delegation_create,
    meeting_close,
    meeting_create,
    minutes_approve,
    minutes_draft_text,
    minutes_save,
)
from tests.governance.helpers import Gov, at, open_meeting

UNIT_A = ["leader", "cooperator", "participant"]


def _vs(gov: Gov, **kw):  # type: ignore[no-untyped-def]
    return open_meeting(gov.vs_a, present=[gov.person(p) for p in UNIT_A], **kw)


def test_a_purchase_beyond_the_delegation_is_refused_naming_the_body_that_may(gov: Gov) -> None:
    delegation_create(
        cooperative=gov.world.cooperative,
        to_kind="unit_meeting",
        matter_kind="purchase",
        max_amount=Decimal(20000),
        valid_from=dt.date(2020, 1, 1),
        acting_user=None,
    )
    meeting = _vs(gov)
    decision_record(
        meeting=meeting,
        text="Köp en kaffebryggare",
        matter_kind="purchase",
        amount=Decimal(1500),
        manner="consensus",
        acting_user=None,
    )
    with pytest.raises(KoopValidationError, match="belongs to Board") as error:
        decision_record(
            meeting=meeting,
            text="Köp en lastbil",
            matter_kind="purchase",
            amount=Decimal(450000),
            manner="consensus",
            acting_user=None,
        )
    assert "20000" in str(error.value)
    assert Decision.objects.count() == 1


def test_a_weekly_meeting_without_delegation_is_pointed_to_its_vs(gov: Gov) -> None:
    delegation_create(
        cooperative=gov.world.cooperative,
        to_kind="unit_meeting",
        matter_kind="purchase",
        max_amount=Decimal(20000),
        valid_from=dt.date(2020, 1, 1),
        acting_user=None,
    )
    meeting = open_meeting(gov.weekly_a, present=[gov.person("leader")])
    with pytest.raises(KoopValidationError, match=r"Unit meeting \(VS\), Möbellagret"):
        decision_record(
            meeting=meeting,
            text="Köp verktyg",
            matter_kind="purchase",
            amount=Decimal(5000),
            manner="consensus",
            acting_user=None,
        )


def test_only_the_assembly_changes_the_statutes(gov: Gov) -> None:
    board = open_meeting(gov.board, present=[gov.person("board")])
    with pytest.raises(KoopValidationError, match="belongs to General assembly"):
        decision_record(
            meeting=board,
            text="Ändra stadgarna",
            matter_kind="statute_change",
            manner="unanimous",
            acting_user=None,
        )


def test_a_meeting_without_quorum_cannot_decide(gov: Gov) -> None:
    meeting = open_meeting(gov.vs_a, present=[gov.person("leader")])
    with pytest.raises(KoopValidationError, match="not quorate"):
        decision_record(meeting=meeting, text="Beslut", manner="consensus", acting_user=None)
    BodyRule.objects.filter(body_kind="unit_meeting").update(quorum_percent=0)
    decision_record(meeting=meeting, text="Beslut", manner="consensus", acting_user=None)


def test_a_decision_not_carried_out_is_on_the_next_agenda_until_done_with_a_note(
    gov: Gov,
) -> None:
    meeting = _vs(gov, days=-30)
    decision = decision_record(
        meeting=meeting,
        text="Måla om lagret",
        manner="consensus",
        responsible=gov.person("cooperator"),
        due_on=timezone.localdate(),
        acting_user=None,
    )
    meeting_close(meeting=meeting, acting_user=None)
    nxt = _vs(gov)
    assert "Måla om lagret" in minutes_draft_text(nxt)
    with pytest.raises(KoopValidationError, match="carried out"):
        decision_set_execution(decision=decision, status="done", note="", acting_user=None)
    decision_set_execution(decision=decision, status="done", note="Klart i maj", acting_user=None)
    assert "Måla om lagret" not in minutes_draft_text(nxt)


def test_minutes_record_how_decided_and_reservations(gov: Gov) -> None:
    from koop.governance.counting import Tally
    from koop.governance.services import vote_close, vote_open

    meeting = _vs(gov)
    vote = vote_open(
        meeting=meeting,
        question="Ny lokal",
        method="acclamation",
        decision_rule="simple",
        acting_user=None,
    )
    vote = vote_close(vote=vote, counts=Tally(2, 1, 0), acting_user=None)
    decision_record(
        meeting=meeting,
        vote=vote,
        text="Ny lokal hyrs",
        reservations=[(gov.person("participant"), "För dyrt")],
        acting_user=None,
    )
    decision_record(meeting=meeting, text="Städdag", manner="unanimous", acting_user=None)
    text = minutes_draft_text(meeting)
    assert "2 yes, 1 no, 0 abstained" in text or "2 ja, 1 nej" in text
    assert "För dyrt" in text


def test_minutes_are_locked_when_both_adjusters_approve_and_never_change_again(
    gov: Gov,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    meeting = _vs(gov, adjuster_1=gov.person("leader"), adjuster_2=gov.person("cooperator"))
    meeting = meeting_close(meeting=meeting, acting_user=None)
    minutes = minutes_save(meeting=meeting, text=minutes_draft_text(meeting), acting_user=None)
    with pytest.raises(KoopValidationError, match="adjusters"):
        minutes_approve(minutes=minutes, adjuster=gov.person("participant"), acting_user=None)
    minutes = minutes_approve(minutes=minutes, adjuster=gov.person("leader"), acting_user=None)
    assert minutes.status == "draft"
    minutes = minutes_approve(minutes=minutes, adjuster=gov.person("cooperator"), acting_user=None)
    assert minutes.status == "locked"
    with pytest.raises(KoopValidationError, match="locked"):
        minutes_save(meeting=meeting, text="Ändrat", acting_user=None)
    with pytest.raises(DatabaseError), transaction.atomic():
        Minutes.objects.filter(pk=minutes.pk).update(text="Ändrat i databasen")
    with pytest.raises(DatabaseError), transaction.atomic():
        Minutes.objects.filter(pk=minutes.pk).delete()
    target = tmp_path / "protokoll.pdf"
    call_command("minutes", "pdf", str(meeting.pk), "-o", str(target), stdout=StringIO())
    assert target.read_bytes().startswith(b"%PDF")


def test_delegating_what_only_the_assembly_decides_is_refused(gov: Gov) -> None:
    with pytest.raises(KoopValidationError, match="cannot be delegated"):
        delegation_create(
            cooperative=gov.world.cooperative,
            to_kind="unit_meeting",
            matter_kind="statute_change",
            valid_from=dt.date(2020, 1, 1),
            acting_user=None,
        )


def test_a_meeting_with_a_date_in_reach_of_notice_keeps_its_agenda(gov: Gov) -> None:
    meeting = meeting_create(
        body=gov.board, title="Styrelsemöte", starts_at=at(8), place="Kontoret", acting_user=None
    )
    assert meeting.items.filter(kind="pending_decisions").exists()
