"""The governance objects the access matrix asks about, built once per test world."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile

from koop.governance.models import (
    AgendaItem,
    BoardSeat,
    BodyRule,
    CalendarToken,
    Decision,
    Matter,
    MatterDocument,
    Meeting,
    Vote,
)
from koop.governance.services import (
    calendar_token_for,
    decision_record,
    matter_submit,
    meeting_close,
    meeting_create,
    minutes_approve,
    minutes_save,
    vote_open,
)
from tests.governance.helpers import Gov, at, build_gov, open_meeting
from tests.personas import World

# Who sees unit A's meetings; who runs them; who runs the board and the assembly.
UNIT_A_PEOPLE = frozenset({"admin", "finance", "vd", "leader", "cooperator", "participant"})
UNIT_A_RUNNERS = frozenset({"admin", "vd", "leader"})
ASSEMBLY_RUNNERS = frozenset({"admin", "vd", "board"})


@dataclass
class Objects:
    gov: Gov
    vs_meeting: Meeting
    vs_vote: Vote
    item: AgendaItem
    planned: Meeting
    weekly: Meeting
    closed: Meeting
    matter: Matter
    document: MatterDocument
    motion: Matter
    decision: Decision
    token: CalendarToken
    assembly: Meeting


def objects(world: World) -> Objects:
    built = getattr(world, "_governance", None)
    if built is not None:
        return built  # type: ignore[no-any-return]
    gov = build_gov(world)
    p = world.persons
    unit_a_people = [p["leader"], p["cooperator"], p["participant"]]
    planned = meeting_create(
        body=gov.vs_a, title="VS nästa månad", starts_at=at(30), place="Lagret", acting_user=None
    )
    matter = matter_submit(
        body=gov.vs_a,
        submitted_by=p["cooperator"],
        title="Ny truck",
        matter_kind="purchase",
        acting_user=None,
    )
    document = MatterDocument.objects.create(
        matter=matter, name="offert.txt", file=ContentFile(b"Offert", name="offert.txt")
    )
    motion = matter_submit(
        body=gov.assembly,
        submitted_by=p["cooperator"],
        title="Motion",
        submission="motion",
        acting_user=None,
    )
    vs_meeting = open_meeting(gov.vs_a, present=unit_a_people)
    item = vs_meeting.items.order_by("position").first()
    assert item is not None
    decision = decision_record(
        meeting=vs_meeting,
        item=item,
        text="Städdag fredag",
        manner="consensus",
        responsible=p["cooperator"],
        acting_user=None,
    )
    vs_vote = vote_open(
        meeting=vs_meeting, question="Sommarstängt?", method="secret", acting_user=None
    )
    weekly = open_meeting(gov.weekly_a, present=[])
    closed = open_meeting(
        gov.vs_a, present=unit_a_people, days=-7, adjuster_1=p["leader"], adjuster_2=p["cooperator"]
    )
    meeting_close(meeting=closed, acting_user=None)
    minutes = minutes_save(meeting=closed, text="Protokoll", acting_user=None)
    minutes_approve(minutes=minutes, adjuster=p["leader"], acting_user=None)
    minutes_approve(minutes=minutes, adjuster=p["cooperator"], acting_user=None)
    token = calendar_token_for(person=p["cooperator"], acting_user=None)
    assembly = open_meeting(gov.assembly, present=[p["leader"]])
    built = Objects(
        gov,
        vs_meeting,
        vs_vote,
        item,
        planned,
        weekly,
        closed,
        matter,
        document,
        motion,
        decision,
        token,
        assembly,
    )
    world._governance = built  # type: ignore[attr-defined]
    return built


def body(w: World) -> dict[str, Any]:
    return {"body_id": objects(w).gov.vs_a.pk}


def meeting(w: World) -> dict[str, Any]:
    return {"meeting_id": objects(w).vs_meeting.pk}


def planned(w: World) -> dict[str, Any]:
    return {"meeting_id": objects(w).planned.pk}


def weekly(w: World) -> dict[str, Any]:
    return {"meeting_id": objects(w).weekly.pk}


def closed(w: World) -> dict[str, Any]:
    return {"meeting_id": objects(w).closed.pk}


def vote(w: World) -> dict[str, Any]:
    return {"vote_id": objects(w).vs_vote.pk}


def item(w: World) -> dict[str, Any]:
    return {"item_id": objects(w).item.pk}


def matter(w: World) -> dict[str, Any]:
    return {"matter_id": objects(w).matter.pk}


def motion(w: World) -> dict[str, Any]:
    return {"matter_id": objects(w).motion.pk}


def document(w: World) -> dict[str, Any]:
    return {"document_id": objects(w).document.pk}


def decision(w: World) -> dict[str, Any]:
    return {"decision_id": objects(w).decision.pk}


def token(w: World) -> dict[str, Any]:
    return {"token": objects(w).token.token}


def setup(w: World) -> dict[str, Any]:
    objects(w)
    return {}


def urgent_data(w: World) -> dict[str, Any]:
    return {"meeting": objects(w).planned.pk}


def cast_data(w: World) -> dict[str, Any]:
    return {"option_ids": [objects(w).vs_vote.options.get(role="yes").pk]}


def meeting_data(w: World) -> dict[str, Any]:
    return {
        "body_id": objects(w).gov.vs_a.pk,
        "title": "VS",
        "starts_at": at(40).isoformat(),
        "place": "Lagret",
    }


def matter_data(w: World) -> dict[str, Any]:
    return {"body_id": objects(w).gov.vs_a.pk, "title": "Fråga"}


def decision_data(w: World) -> dict[str, Any]:
    return {"text": "Beslut", "item_id": objects(w).item.pk, "manner": "consensus"}


def item_data(w: World) -> dict[str, Any]:
    return {"item": objects(w).item.pk}


def assembly(w: World) -> dict[str, Any]:
    return {"meeting_id": objects(w).assembly.pk}


def proxy_data(w: World) -> dict[str, Any]:
    return {"member_id": w.persons["cooperator"].pk, "holder_id": w.persons["leader"].pk}


def officers_data(w: World) -> dict[str, Any]:
    return {
        "chair_id": w.persons["leader"].pk,
        "secretary_id": w.persons["cooperator"].pk,
        "adjuster_1_id": w.persons["participant"].pk,
    }


def body_rule(w: World) -> dict[str, Any]:
    objects(w)
    rule = BodyRule.objects.get(statutes__cooperative=w.cooperative, body_kind="general_assembly")
    return {"rule_id": rule.pk}


def seat(w: World) -> dict[str, Any]:
    return {"seat_id": BoardSeat.objects.get(body=objects(w).gov.board).pk}


def confirmed(w: World) -> dict[str, Any]:
    return {"confirmed": "yes"}


def guest_data(w: World) -> dict[str, Any]:
    return {"person": w.persons["leader_b"].pk}


def guest_api_data(w: World) -> dict[str, Any]:
    return {"person_id": w.persons["leader_b"].pk}


def unit_data(w: World) -> dict[str, Any]:
    objects(w)  # governance is set up, so the unit gets its bodies at once
    return {
        "name": "Cykelverkstan",
        "municipality_id": w.unit_a.municipality_id,
        "cost_centre": "190",
        "started_on": "2026-01-01",
    }
