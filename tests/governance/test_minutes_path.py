"""From calling a general assembly to its locked minutes as PDF, through the pages only."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from koop.core.models import AuditEntry
from koop.governance.models import Meeting, MeetingStatus, Minutes, MinutesStatus
from tests.governance.helpers import Gov, open_meeting

PRESENT = ["vd", "board", "leader", "cooperator", "participant"]


def _starts() -> str:
    day = timezone.localdate() + dt.timedelta(days=30)
    return f"{day.isoformat()}T18:00"


def test_an_assembly_is_called_held_and_its_minutes_approved_and_locked_through_the_pages(
    gov: Gov,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    board = client_for("board")
    created = board.post(
        f"/governance/bodies/{gov.assembly.pk}/meetings/new/",
        {"title": "Föreningsstämma", "kind": "ordinary", "starts_at": _starts(), "place": "Aulan"},
    )
    assert created.status_code == 302
    meeting = Meeting.objects.get(body=gov.assembly, title="Föreningsstämma")
    base = f"/governance/meetings/{meeting.pk}"
    assert board.post(f"{base}/notice/").status_code == 302
    assert board.post(f"{base}/open/").status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.OPEN
    for persona in PRESENT:
        assert client_for(persona).post(f"{base}/check-in/").status_code == 302
    assert meeting.attendances.count() == len(PRESENT)

    # The assembly elects its chair, secretary and two adjusters who also count the votes.
    p = gov.person
    officers = board.post(
        f"{base}/officers/",
        {
            "chair": p("vd").pk,
            "secretary": p("cooperator").pk,
            "adjuster_1": p("participant").pk,
            "adjuster_2": p("leader").pk,
        },
    )
    assert officers.status_code == 302
    detail = board.get(f"{base}/").content.decode()
    assert p("cooperator").full_name in detail
    assert p("leader").full_name in detail

    item = meeting.items.get(title="Adoption of the agenda")
    decided = board.post(
        f"/governance/items/{item.pk}/decide/",
        {"text": "Dagordningen fastställs.", "manner": "unanimous", "matter_kind": "general"},
    )
    assert decided.status_code == 302
    assert board.post(f"{base}/close/", {"confirmed": "yes"}).status_code == 302

    # The secretary drafts the minutes from the agenda and the decisions, then edits them.
    secretary = client_for("cooperator")
    page = secretary.get(f"{base}/minutes/")
    assert page.status_code == 200
    draft = page.context["form"].initial["text"]
    assert "Dagordningen fastställs." in draft
    assert p("cooperator").full_name in draft  # the secretary, named in the draft
    assert secretary.post(f"{base}/minutes/", {"text": draft}).status_code == 302
    edited = draft + "\nMötet avslutades kl. 20.15.\n"
    assert secretary.post(f"{base}/minutes/", {"text": edited}).status_code == 302
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.text.replace("\r\n", "\n") == edited.strip()
    assert minutes.status == MinutesStatus.DRAFT

    # Someone who is not an adjuster sees no approval button and cannot edit.
    approve = f"{base}/minutes/approve/"
    assert approve not in client_for("vd").get(f"{base}/minutes/").content.decode()
    first = client_for("participant")
    assert approve in first.get(f"{base}/minutes/").content.decode()
    assert first.post(f"{base}/minutes/approve/").status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.DRAFT
    assert client_for("leader").post(f"{base}/minutes/approve/").status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.LOCKED
    assert minutes.locked_at is not None

    # Locked: the secretary can no longer change a word, nor the officers change.
    assert secretary.post(f"{base}/minutes/", {"text": "Annat"}).status_code == 404
    refused = board.post(f"{base}/officers/", {"chair": p("board").pk})
    assert refused.status_code == 422
    assert "chair" in refused.context["form"].errors
    minutes.refresh_from_db()
    assert "20.15" in minutes.text

    pdf = secretary.get(f"{base}/minutes.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    actions = set(
        AuditEntry.objects.filter(action__startswith="minutes_").values_list("action", flat=True)
    )
    assert actions == {"minutes_save", "minutes_approve", "minutes_lock"}


def test_officers_are_refused_when_the_secretary_would_approve_their_own_minutes(
    gov: Gov,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    meeting = open_meeting(gov.vs_a, present=[gov.person("leader"), gov.person("cooperator")])
    response = client_for("leader").post(
        f"/governance/meetings/{meeting.pk}/officers/",
        {"secretary": gov.person("cooperator").pk, "adjuster_1": gov.person("cooperator").pk},
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert "adjuster_1" in form.errors
    meeting.refresh_from_db()
    assert meeting.secretary_id is None


def test_the_api_sets_the_officers_and_names_the_field_it_refuses(
    gov: Gov,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    meeting = open_meeting(gov.vs_a, present=[gov.person("leader")])
    leader = client_for("leader")
    url = f"/api/v1/meetings/{meeting.pk}/officers"
    ok = leader.post(
        url,
        {
            "chair_id": gov.person("leader").pk,
            "secretary_id": gov.person("cooperator").pk,
            "adjuster_1_id": gov.person("participant").pk,
            "adjuster_2_id": gov.person("leader").pk,
        },
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert ok.json()["secretary_id"] == gov.person("cooperator").pk
    same = leader.post(
        url,
        {"adjuster_1_id": gov.person("leader").pk, "adjuster_2_id": gov.person("leader").pk},
        content_type="application/json",
    )
    assert same.status_code == 422
    assert same.json()["detail"][0]["field"] == "adjuster_2"
    meeting.refresh_from_db()
    assert meeting.adjuster_1_id == gov.person("participant").pk
