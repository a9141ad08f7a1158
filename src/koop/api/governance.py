"""The governance endpoints: bodies, meetings, agenda items, matters and motions,
attendance, votes and decisions, under the same access rules and services as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from koop.core.access import principal_of, require
from koop.core.errors import KoopValidationError
from koop.governance.access import (
    access_body,
    access_decision,
    access_matter,
    access_meeting,
    access_vote,
    acting_person,
    bodies_visible,
    can_run_meeting,
    is_board,
)
from koop.governance.counting import Tally
from koop.governance.models import (
    AgendaItem,
    Decision,
    Matter,
    Meeting,
    MeetingGuest,
    Proxy,
    SubmissionKind,
    Vote,
)
from koop.governance.results import result_text, rule_label
from koop.governance.selectors import (
    decision_register,
    meeting_list,
    person_at_meeting,
    represented_member,
    voting_register,
)
from koop.governance.services import (
    attendance_check_in,
    decision_record,
    decision_set_execution,
    matter_submit,
    meeting_create,
    meeting_invite_guest,
    meeting_send_notice,
    meeting_update_officers,
    motion_answer,
    proxy_register,
    vote_cast,
    vote_close,
    vote_open,
)
from koop.governance.services.attendance import no_proxy_for, not_at_meeting
from koop.people.models import Person
from koop.people.selectors import person_visible_q

router = Router(tags=["governance"])


class BodyOut(Schema):
    id: int
    kind: str
    name: str
    unit_id: int | None


class MeetingOut(Schema):
    id: int
    body_id: int
    kind: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    link: str
    status: str
    notice_sent_at: dt.datetime | None
    notice_queued_at: dt.datetime | None
    notice_error: str
    notice_retry_at: dt.datetime | None
    current_item_id: int | None
    chair_id: int | None
    secretary_id: int | None
    adjuster_1_id: int | None
    adjuster_2_id: int | None


class OfficersIn(Schema):
    chair_id: int | None = None
    secretary_id: int | None = None
    adjuster_1_id: int | None = None
    adjuster_2_id: int | None = None


class ProxyIn(Schema):
    member_id: int
    holder_id: int


class ProxyOut(Schema):
    id: int
    meeting_id: int
    member_id: int
    holder_id: int


class MeetingIn(Schema):
    body_id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None = None
    kind: str = "ordinary"
    place: str = ""
    link: str = ""


class AgendaItemOut(Schema):
    id: int
    position: int
    title: str
    kind: str
    matter_kind: str
    decision_rule: str
    matter_id: int | None


class MatterOut(Schema):
    id: int
    body_id: int
    meeting_id: int | None
    submission: str
    matter_kind: str
    title: str
    text: str
    amount: Decimal | None
    submitted_by_id: int
    submitted_at: dt.datetime
    status: str
    urgent: bool
    board_statement: str


class MatterIn(Schema):
    body_id: int
    title: str
    text: str = ""
    submission: str = "matter"
    matter_kind: str = "general"
    amount: Decimal | None = None


class StatementIn(Schema):
    statement: str


class RegisterEntryOut(Schema):
    person_id: int
    name: str
    own_vote: bool
    represents: list[int]


class RegisterOut(Schema):
    votes: int
    entitled_in_body: int
    quorum_needed: int
    quorum_met: bool
    entries: list[RegisterEntryOut]


class GuestIn(Schema):
    person_id: int


class GuestOut(Schema):
    id: int
    meeting_id: int
    person_id: int
    invited_at: dt.datetime


class CheckInIn(Schema):
    person_id: int | None = None


class VoteIn(Schema):
    question: str = ""
    method: str = "secret"
    item_id: int | None = None
    decision_rule: str | None = None
    candidate_ids: list[int] = []
    seats: int = 1


class OptionOut(Schema):
    id: int
    role: str
    label: str
    candidate_id: int | None
    count: int | None
    elected: bool


class VoteOut(Schema):
    id: int
    meeting_id: int
    agenda_item_id: int | None
    question: str
    method: str
    is_election: bool
    seats: int
    decision_rule: str
    rule_label: str
    status: str
    entitled_count: int
    votes_cast: int
    yes_count: int | None
    no_count: int | None
    abstain_count: int | None
    outcome: str
    tie_broken_by: str
    result_text: str
    options: list[OptionOut]


class CastIn(Schema):
    option_ids: list[int]
    on_behalf_of_id: int | None = None


class CastOut(Schema):
    vote_id: int
    counted: bool


class CloseIn(Schema):
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None


class DecisionOut(Schema):
    id: int
    meeting_id: int
    agenda_item_id: int | None
    matter_id: int | None
    vote_id: int | None
    text: str
    matter_kind: str
    amount: Decimal | None
    manner: str
    outcome: str
    yes_count: int | None
    no_count: int | None
    abstain_count: int | None
    responsible_id: int | None
    due_on: dt.date | None
    execution_status: str
    execution_note: str


class DecisionIn(Schema):
    text: str
    item_id: int | None = None
    vote_id: int | None = None
    manner: str | None = None
    matter_kind: str | None = None
    amount: Decimal | None = None
    responsible_id: int | None = None
    due_on: dt.date | None = None


class ExecutionIn(Schema):
    status: str
    note: str = ""


def _vote_out(vote: Vote) -> VoteOut:
    # A result is published when the vote closes; while open only the number cast shows.
    closed = vote.status == "closed"
    return VoteOut(
        id=vote.pk,
        meeting_id=vote.meeting_id,
        agenda_item_id=vote.agenda_item_id,
        question=vote.question,
        method=vote.method,
        is_election=vote.is_election,
        seats=vote.seats,
        decision_rule=vote.decision_rule,
        rule_label=rule_label(vote),
        status=vote.status,
        entitled_count=vote.entitled_count,
        votes_cast=vote.receipts.count(),
        yes_count=vote.yes_count,
        no_count=vote.no_count,
        abstain_count=vote.abstain_count,
        outcome=vote.outcome,
        tie_broken_by=vote.tie_broken_by,
        result_text=result_text(vote),
        options=[
            OptionOut(
                id=o.pk,
                role=o.role,
                label=o.label,
                candidate_id=o.candidate_id,
                count=o.count if closed else None,
                elected=o.elected,
            )
            for o in vote.options.order_by("position")
        ],
    )


def _at_meeting(meeting: Meeting, person_id: int | None, field: str) -> Person | None:
    """The person if they may be at ``meeting`` (the body's members, its guests); anyone
    else is refused without their name (see ``selectors.person_at_meeting``)."""
    if person_id is None:
        return None
    person = person_at_meeting(meeting, person_id)
    if person is None:
        raise not_at_meeting(field)
    return person


def _required(person: Person | None) -> Person:
    assert person is not None  # _at_meeting refuses unknown ids; None only for no id
    return person


@router.get("/bodies", response=list[BodyOut])
@paginate
def list_bodies(request: HttpRequest) -> object:
    return bodies_visible(principal_of(request)).order_by("kind", "name")


@router.get("/bodies/{body_id}", response=BodyOut)
def get_body(request: HttpRequest, body_id: int) -> object:
    return access_body(principal_of(request), body_id)


@router.get("/meetings", response=list[MeetingOut])
@paginate
def list_meetings(request: HttpRequest, body_id: int | None = None) -> object:
    meetings = meeting_list(bodies_visible(principal_of(request)))
    return meetings.filter(body_id=body_id) if body_id else meetings


@router.post("/meetings", response=MeetingOut)
def create_meeting(request: HttpRequest, payload: MeetingIn) -> object:
    body = access_body(principal_of(request), payload.body_id, write=True)
    return meeting_create(
        body=body,
        title=payload.title,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        kind=payload.kind,
        place=payload.place,
        link=payload.link,
        acting_user=request.user,
    )


@router.get("/meetings/{meeting_id}", response=MeetingOut)
def get_meeting(request: HttpRequest, meeting_id: int) -> object:
    return access_meeting(principal_of(request), meeting_id)


@router.post("/meetings/{meeting_id}/notice", response=MeetingOut)
def send_notice(request: HttpRequest, meeting_id: int) -> object:
    meeting = access_meeting(principal_of(request), meeting_id, write=True)
    return meeting_send_notice(meeting=meeting, acting_user=request.user)


@router.post("/meetings/{meeting_id}/officers", response=MeetingOut)
def set_officers(request: HttpRequest, meeting_id: int, payload: OfficersIn) -> object:
    meeting = access_meeting(principal_of(request), meeting_id, write=True)
    return meeting_update_officers(
        meeting=meeting,
        chair=_at_meeting(meeting, payload.chair_id, "chair_id"),
        secretary=_at_meeting(meeting, payload.secretary_id, "secretary_id"),
        adjuster_1=_at_meeting(meeting, payload.adjuster_1_id, "adjuster_1_id"),
        adjuster_2=_at_meeting(meeting, payload.adjuster_2_id, "adjuster_2_id"),
        acting_user=request.user,
    )


@router.get("/meetings/{meeting_id}/proxies", response=list[ProxyOut])
def list_proxies(request: HttpRequest, meeting_id: int) -> object:
    meeting = access_meeting(principal_of(request), meeting_id)
    return list(Proxy.objects.filter(meeting=meeting).order_by("pk"))


@router.post("/meetings/{meeting_id}/proxies", response=ProxyOut)
def register_proxy(request: HttpRequest, meeting_id: int, payload: ProxyIn) -> object:
    meeting = access_meeting(principal_of(request), meeting_id, write=True)
    member = _required(_at_meeting(meeting, payload.member_id, "member_id"))
    holder = _required(_at_meeting(meeting, payload.holder_id, "holder_id"))
    return proxy_register(meeting=meeting, member=member, holder=holder, acting_user=request.user)


@router.get("/meetings/{meeting_id}/guests", response=list[GuestOut])
def list_guests(request: HttpRequest, meeting_id: int) -> object:
    meeting = access_meeting(principal_of(request), meeting_id)
    return list(MeetingGuest.objects.filter(meeting=meeting).order_by("pk"))


@router.post("/meetings/{meeting_id}/guests", response={201: GuestOut})
def invite_guest(request: HttpRequest, meeting_id: int, payload: GuestIn) -> object:
    """Invite someone the caller can see, from outside the body, to the meeting."""
    principal = principal_of(request)
    meeting = access_meeting(principal, meeting_id, write=True)
    person = (
        Person.objects.filter(
            person_visible_q(principal, on=timezone.localdate()),
            cooperative_id=meeting.body.cooperative_id,
            pk=payload.person_id,
        )
        .distinct()
        .first()
    )
    if person is None:
        raise KoopValidationError(_("No such person."), field="person_id")
    guest = meeting_invite_guest(meeting=meeting, person=person, acting_user=request.user)
    return Status(201, guest)


@router.get("/meetings/{meeting_id}/agenda-items", response=list[AgendaItemOut])
def list_agenda_items(request: HttpRequest, meeting_id: int) -> object:
    meeting = access_meeting(principal_of(request), meeting_id)
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk"))


@router.get("/meetings/{meeting_id}/attendance", response=RegisterOut)
def get_register(request: HttpRequest, meeting_id: int) -> object:
    register = voting_register(access_meeting(principal_of(request), meeting_id))
    return RegisterOut(
        votes=register.votes,
        entitled_in_body=register.entitled_in_body,
        quorum_needed=register.quorum_needed,
        quorum_met=register.quorum_met,
        entries=[
            RegisterEntryOut(
                person_id=e.person_id,
                name=e.name,
                own_vote=e.own_vote,
                represents=[m for m, _n in e.represents],
            )
            for e in register.entries
        ],
    )


@router.post("/meetings/{meeting_id}/attendance", response=RegisterOut)
def check_in(request: HttpRequest, meeting_id: int, payload: CheckInIn) -> object:
    principal = principal_of(request)
    meeting = access_meeting(principal, meeting_id)
    if payload.person_id is not None and payload.person_id != principal.person_id:
        require(can_run_meeting(principal, meeting))
        person = _required(_at_meeting(meeting, payload.person_id, "person_id"))
    else:
        person = acting_person(principal)
    attendance_check_in(meeting=meeting, person=person, acting_user=request.user)
    return get_register(request, meeting_id)


@router.post("/meetings/{meeting_id}/votes", response=VoteOut)
def open_vote(request: HttpRequest, meeting_id: int, payload: VoteIn) -> object:
    meeting = access_meeting(principal_of(request), meeting_id, write=True)
    item = (
        AgendaItem.objects.filter(meeting=meeting, pk=payload.item_id).first()
        if payload.item_id
        else None
    )
    candidates = [
        _required(_at_meeting(meeting, i, "candidate_ids")) for i in payload.candidate_ids
    ]
    vote = vote_open(
        meeting=meeting,
        question=payload.question,
        method=payload.method,
        item=item,
        decision_rule=payload.decision_rule,
        candidates=candidates,
        seats=payload.seats,
        acting_user=request.user,
    )
    return _vote_out(vote)


@router.get("/votes/{vote_id}", response=VoteOut)
def get_vote(request: HttpRequest, vote_id: int) -> object:
    return _vote_out(access_vote(principal_of(request), vote_id))


@router.post("/votes/{vote_id}/cast", response=CastOut)
def cast_vote(request: HttpRequest, vote_id: int, payload: CastIn) -> object:
    principal = principal_of(request)
    vote = access_vote(principal, vote_id)
    person = acting_person(principal)
    behalf = None
    if payload.on_behalf_of_id is not None:
        behalf = represented_member(vote.meeting, person.pk, payload.on_behalf_of_id)
        if behalf is None:
            raise no_proxy_for("on_behalf_of_id")
    vote_cast(
        vote=vote,
        person=person,
        option_ids=payload.option_ids,
        on_behalf_of=behalf,
        acting_user=request.user,
    )
    return CastOut(vote_id=vote.pk, counted=True)


@router.post("/votes/{vote_id}/close", response=VoteOut)
def close_vote(request: HttpRequest, vote_id: int, payload: CloseIn) -> object:
    vote = access_vote(principal_of(request), vote_id, write=True)
    counts = None
    if payload.yes is not None or payload.no is not None or payload.abstain is not None:
        counts = Tally(payload.yes or 0, payload.no or 0, payload.abstain or 0)
    return _vote_out(vote_close(vote=vote, counts=counts, acting_user=request.user))


@router.get("/matters", response=list[MatterOut])
@paginate
def list_matters(request: HttpRequest, body_id: int | None = None) -> object:
    matters = Matter.objects.filter(body__in=bodies_visible(principal_of(request)))
    return (matters.filter(body_id=body_id) if body_id else matters).order_by("-submitted_at")


@router.post("/matters", response=MatterOut)
def submit_matter(request: HttpRequest, payload: MatterIn) -> object:
    principal = principal_of(request)
    body = access_body(principal, payload.body_id)
    return matter_submit(
        body=body,
        submitted_by=acting_person(principal),
        title=payload.title,
        text=payload.text,
        submission=payload.submission,
        matter_kind=payload.matter_kind,
        amount=payload.amount,
        acting_user=request.user,
    )


@router.get("/matters/{matter_id}", response=MatterOut)
def get_matter(request: HttpRequest, matter_id: int) -> object:
    return access_matter(principal_of(request), matter_id)


@router.get("/motions", response=list[MatterOut])
@paginate
def list_motions(request: HttpRequest) -> object:
    return Matter.objects.filter(
        body__in=bodies_visible(principal_of(request)), submission=SubmissionKind.MOTION
    ).order_by("-submitted_at")


@router.post("/motions/{matter_id}/statement", response=MatterOut)
def answer_motion(request: HttpRequest, matter_id: int, payload: StatementIn) -> object:
    principal = principal_of(request)
    matter = access_matter(principal, matter_id)
    require(
        matter.submission == SubmissionKind.MOTION and (is_board(principal) or principal.is_admin)
    )
    return motion_answer(matter=matter, statement=payload.statement, acting_user=request.user)


@router.get("/decisions", response=list[DecisionOut])
@paginate
def list_decisions(request: HttpRequest, body_id: int | None = None) -> object:
    principal = principal_of(request)
    if body_id is not None:
        return decision_register(access_body(principal, body_id))
    return Decision.objects.filter(meeting__body__in=bodies_visible(principal)).order_by(
        "-created_at", "-pk"
    )


@router.post("/meetings/{meeting_id}/decisions", response=DecisionOut)
def record_decision(request: HttpRequest, meeting_id: int, payload: DecisionIn) -> object:
    meeting = access_meeting(principal_of(request), meeting_id, write=True)
    item = (
        AgendaItem.objects.filter(meeting=meeting, pk=payload.item_id).first()
        if payload.item_id
        else None
    )
    vote = (
        Vote.objects.filter(meeting=meeting, pk=payload.vote_id).first()
        if payload.vote_id
        else None
    )
    return decision_record(
        meeting=meeting,
        item=item,
        vote=vote,
        text=payload.text,
        manner=payload.manner,
        matter_kind=payload.matter_kind,
        amount=payload.amount,
        responsible=_at_meeting(meeting, payload.responsible_id, "responsible_id"),
        due_on=payload.due_on,
        acting_user=request.user,
    )


@router.post("/decisions/{decision_id}/execution", response=DecisionOut)
def set_execution(request: HttpRequest, decision_id: int, payload: ExecutionIn) -> object:
    decision = access_decision(principal_of(request), decision_id, write=True)
    return decision_set_execution(
        decision=decision, status=payload.status, note=payload.note, acting_user=request.user
    )
