"""Matters before the deadline, late ones to the next meeting or as urgent; motions by the
statutes' deadline; participants' proposals; the board's statement."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from koop.core.errors import KoopValidationError
from koop.governance.models import Matter, MatterStatus
from koop.governance.services import (
    matter_accept_urgent,
    matter_submit,
    meeting_create,
    motion_answer,
)
from tests.governance.helpers import Gov, at


def test_a_matter_in_time_goes_under_its_section_with_its_documents(gov: Gov) -> None:
    meeting = meeting_create(
        body=gov.vs_a, title="VS", starts_at=at(10), place="Lagret", acting_user=None
    )
    upload = SimpleUploadedFile("offert.pdf", b"%PDF-1.4 offert", "application/pdf")
    matter = matter_submit(
        body=gov.vs_a,
        submitted_by=gov.person("cooperator"),
        title="Ny släpvagn",
        matter_kind="purchase",
        documents=[upload],
        acting_user=None,
    )
    assert (matter.meeting, matter.status) == (meeting, MatterStatus.SCHEDULED)
    items = list(meeting.items.order_by("position"))
    section = next(i for i in items if i.kind == "matters")
    assert items[items.index(section) + 1].matter == matter
    assert matter.documents.get().file.read() == b"%PDF-1.4 offert"


def test_a_late_matter_goes_to_the_next_meeting_unless_accepted_as_urgent(gov: Gov) -> None:
    first = meeting_create(
        body=gov.vs_a,
        title="VS 1",
        starts_at=at(2),
        place="Lagret",
        acting_user=None,
        today=timezone.localdate() - dt.timedelta(days=20),
    )
    matter = matter_submit(
        body=gov.vs_a, submitted_by=gov.person("cooperator"), title="Sent ärende", acting_user=None
    )
    assert (matter.meeting, matter.status) == (None, MatterStatus.DEFERRED)
    second = meeting_create(
        body=gov.vs_a, title="VS 2", starts_at=at(30), place="Lagret", acting_user=None
    )
    matter.refresh_from_db()
    assert matter.meeting == second
    matter_accept_urgent(matter=matter, meeting=first, acting_user=None)
    matter.refresh_from_db()
    assert (matter.meeting, matter.urgent) == (first, True)
    assert not second.items.filter(matter=matter).exists()


def test_a_motion_after_the_statutes_deadline_is_refused_and_nothing_saved(gov: Gov) -> None:
    meeting_create(
        body=gov.assembly, title="Stämma", starts_at=at(30), place="Aulan", acting_user=None
    )
    with pytest.raises(KoopValidationError, match="deadline for motions"):
        matter_submit(
            body=gov.assembly,
            submitted_by=gov.person("cooperator"),
            title="Sen motion",
            submission="motion",
            acting_user=None,
        )
    assert not Matter.objects.exists()


def test_a_motion_in_time_gets_the_boards_statement(gov: Gov) -> None:
    meeting = meeting_create(
        body=gov.assembly,
        title="Stämma",
        starts_at=at(40),
        place="Aulan",
        acting_user=None,
        today=timezone.localdate(),
    )
    from koop.governance.models import Statutes

    Statutes.objects.update(motion_deadline_days=30)
    motion = matter_submit(
        body=gov.assembly,
        submitted_by=gov.person("participant"),
        title="Fyradagarsvecka",
        submission="motion",
        acting_user=None,
    )
    assert motion.meeting == meeting
    assert meeting.items.get(matter=motion).position > meeting.items.get(kind="motions").position
    motion = motion_answer(matter=motion, statement="Styrelsen avstyrker.", acting_user=None)
    assert motion.board_statement == "Styrelsen avstyrker."


def test_proposals_go_to_the_vs_and_only_from_its_people(gov: Gov) -> None:
    with pytest.raises(KoopValidationError, match="their unit's meeting"):
        matter_submit(
            body=gov.weekly_a,
            submitted_by=gov.person("participant"),
            title="Förslag",
            submission="proposal",
            acting_user=None,
        )
    with pytest.raises(KoopValidationError, match="Only people in"):
        matter_submit(
            body=gov.vs_a,
            submitted_by=gov.person("leader_b"),
            title="Förslag",
            submission="proposal",
            acting_user=None,
        )
    proposal = matter_submit(
        body=gov.vs_a,
        submitted_by=gov.person("participant"),
        title="Fikapaus",
        submission="proposal",
        acting_user=None,
    )
    assert proposal.submission == "proposal"
