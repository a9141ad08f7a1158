"""Reads of governance: who belongs to a body and who votes there on a date, the voting
register and quorum, agendas, pending decisions and the delegation register."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from koop.core.access import Role
from koop.governance.models import (
    ASSEMBLY_ONLY_KINDS,
    DELEGATED_KINDS,
    UNIT_BODY_KINDS,
    Attendance,
    BoardSeat,
    Body,
    BodyKind,
    BodyRule,
    Decision,
    Delegation,
    ExecutionStatus,
    Matter,
    MatterDocument,
    MatterKind,
    MatterStatus,
    Meeting,
    MeetingGuest,
    MeetingStatus,
    Outcome,
    Proxy,
    QualifiedMajority,
    SeatRole,
    Statutes,
    SubmissionKind,
    UnitVoters,
    VoterReceipt,
)
from koop.people.models import Employment, EmploymentKind, Membership, Person, RoleAssignment

UNIT_ROLES = (Role.UNIT_LEADER.value, Role.COOPERATOR.value, Role.PARTICIPANT.value)


def _active_on(day: dt.date) -> Q:
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gte=day))


def meeting_date(meeting: Meeting) -> dt.date:
    return timezone.localtime(meeting.starts_at).date()


def statutes_of(cooperative_id: int) -> Statutes:
    return Statutes.objects.get(cooperative_id=cooperative_id)


def body_rule(body: Body) -> BodyRule:
    return BodyRule.objects.get(statutes__cooperative_id=body.cooperative_id, body_kind=body.kind)


def qualified_majority(cooperative_id: int, matter_kind: str) -> QualifiedMajority | None:
    return QualifiedMajority.objects.filter(
        statutes__cooperative_id=cooperative_id, matter_kind=matter_kind
    ).first()


# --- who belongs, who votes --------------------------------------------------------------


def _members_q(cooperative_id: int, on: dt.date) -> QuerySet[Membership]:
    return Membership.objects.filter(_active_on(on), cooperative_id=cooperative_id)


def _unit_staff_ids(unit_id: int, on: dt.date) -> QuerySet[Employment]:
    return Employment.objects.filter(
        _active_on(on),
        unit_id=unit_id,
        kind__in=[EmploymentKind.COOPERATOR, EmploymentKind.UNIT_LEADER],
    )


def _unit_people(unit_id: int, on: dt.date, *, participants: bool) -> set[int]:
    ids = set(_unit_staff_ids(unit_id, on).values_list("person_id", flat=True))
    roles = [Role.UNIT_LEADER.value, Role.COOPERATOR.value]
    if participants:
        roles.append(Role.PARTICIPANT.value)
    ids |= set(
        Person.objects.filter(
            user__role_assignments__unit_id=unit_id, user__role_assignments__role__in=roles
        ).values_list("pk", flat=True)
    )
    return ids


def body_member_ids(body: Body, on: dt.date) -> set[int]:
    """Everyone who belongs to ``body`` on ``on``: may attend, submit matters and read."""
    if body.kind == BodyKind.GENERAL_ASSEMBLY:
        return set(_members_q(body.cooperative_id, on).values_list("person_id", flat=True))
    if body.kind == BodyKind.BOARD:
        return set(
            BoardSeat.objects.filter(_active_on(on), body=body).values_list("person_id", flat=True)
        )
    assert body.unit_id is not None  # a unit's body always has its unit (constraint)
    return _unit_people(body.unit_id, on, participants=True)


def body_voter_ids(body: Body, on: dt.date, *, statutes: Statutes | None = None) -> set[int]:
    """Everyone entitled to vote in ``body`` on ``on`` (one member, one vote)."""
    if body.kind == BodyKind.GENERAL_ASSEMBLY:
        return body_member_ids(body, on)
    if body.kind == BodyKind.BOARD:
        # Deputies vote only when they step in for an absent member; the chair records that
        # by giving them a seat for the day.
        return set(
            BoardSeat.objects.filter(_active_on(on), body=body)
            .exclude(role=SeatRole.DEPUTY)
            .values_list("person_id", flat=True)
        )
    assert body.unit_id is not None
    statutes = statutes or statutes_of(body.cooperative_id)
    if statutes.unit_voters == UnitVoters.STAFF:
        return _unit_people(body.unit_id, on, participants=False)
    people = _unit_people(body.unit_id, on, participants=True)
    if statutes.unit_voters == UnitVoters.MEMBERS:
        people &= set(_members_q(body.cooperative_id, on).values_list("person_id", flat=True))
    return people


def is_voter(body: Body, person_id: int, on: dt.date, *, statutes: Statutes | None = None) -> bool:
    """``body_voter_ids`` for one person, in one or two small queries."""
    if body.kind == BodyKind.GENERAL_ASSEMBLY:
        return _members_q(body.cooperative_id, on).filter(person_id=person_id).exists()
    if body.kind == BodyKind.BOARD:
        return (
            BoardSeat.objects.filter(_active_on(on), body=body, person_id=person_id)
            .exclude(role=SeatRole.DEPUTY)
            .exists()
        )
    return person_id in body_voter_ids(body, on, statutes=statutes)


def entitled_q(body: Body, on: dt.date, *, statutes: Statutes | None = None) -> Q:
    """``body_voter_ids`` as a condition on ``Person``, for one query instead of sets."""
    if body.kind == BodyKind.GENERAL_ASSEMBLY:
        return Q(Exists(_members_q(body.cooperative_id, on).filter(person_id=OuterRef("pk"))))
    if body.kind == BodyKind.BOARD:
        return Q(
            Exists(
                BoardSeat.objects.filter(
                    _active_on(on), body=body, person_id=OuterRef("pk")
                ).exclude(role=SeatRole.DEPUTY)
            )
        )
    assert body.unit_id is not None
    statutes = statutes or statutes_of(body.cooperative_id)
    roles = [Role.UNIT_LEADER.value, Role.COOPERATOR.value]
    if statutes.unit_voters != UnitVoters.STAFF:
        roles.append(Role.PARTICIPANT.value)
    staff = Exists(_unit_staff_ids(body.unit_id, on).filter(person_id=OuterRef("pk")))
    by_role = Exists(
        RoleAssignment.objects.filter(
            unit_id=body.unit_id, role__in=roles, user_id=OuterRef("user_id")
        )
    )
    q = Q(staff) | Q(by_role)
    if statutes.unit_voters == UnitVoters.MEMBERS:
        q &= Q(Exists(_members_q(body.cooperative_id, on).filter(person_id=OuterRef("pk"))))
    return q


@dataclass(frozen=True)
class VoterStatus:
    present: bool
    entitled: bool
    voted: bool


def voter_status(
    meeting: Meeting, vote_id: int, voter_id: int, *, present_id: int | None = None
) -> VoterStatus:
    """In one query: whether ``present_id`` (the voter by default) is checked in, whether
    ``voter_id`` may vote in the meeting's body, and whether their vote is already cast."""
    body = meeting.body
    row = (
        Person.objects.filter(pk=voter_id)
        .annotate(
            present=Exists(
                Attendance.objects.filter(meeting=meeting, person_id=present_id or voter_id)
            ),
            entitled=Exists(
                Person.objects.filter(entitled_q(body, meeting_date(meeting)), pk=OuterRef("pk"))
            ),
            voted=Exists(VoterReceipt.objects.filter(vote_id=vote_id, person_id=OuterRef("pk"))),
        )
        .values_list("present", "entitled", "voted")
        .first()
    )
    if row is None:
        return VoterStatus(present=False, entitled=False, voted=False)
    return VoterStatus(present=bool(row[0]), entitled=bool(row[1]), voted=bool(row[2]))


def meeting_guest_ids(meeting: Meeting) -> set[int]:
    return set(MeetingGuest.objects.filter(meeting=meeting).values_list("person_id", flat=True))


def meeting_people_ids(meeting: Meeting) -> set[int]:
    """Everyone who may be at ``meeting``: the body's members on its date and the guests
    invited to it. Only they are checked in, named officers or picked from a list."""
    return body_member_ids(meeting.body, meeting_date(meeting)) | meeting_guest_ids(meeting)


def person_at_meeting(meeting: Meeting, person_id: int | None) -> Person | None:
    """The person ``person_id`` if they may be at ``meeting`` (see ``meeting_people_ids``),
    looked up within the meeting's cooperative; None for anyone else, so that a refusal
    never names a person the asker could not otherwise see."""
    if not person_id or person_id not in meeting_people_ids(meeting):
        return None
    return Person.objects.filter(pk=person_id, cooperative_id=meeting.body.cooperative_id).first()


def is_body_member(body: Body, person_id: int, on: dt.date) -> bool:
    if body.kind == BodyKind.GENERAL_ASSEMBLY:
        return _members_q(body.cooperative_id, on).filter(person_id=person_id).exists()
    return person_id in body_member_ids(body, on)


def bodies_of_person(person: Person, on: dt.date) -> QuerySet[Body]:
    """The bodies ``person`` belongs to on ``on`` (for their calendar)."""
    q = Q(pk__in=[])
    if _members_q(person.cooperative_id, on).filter(person=person).exists():
        q |= Q(kind=BodyKind.GENERAL_ASSEMBLY)
    q |= Q(pk__in=BoardSeat.objects.filter(_active_on(on), person=person).values("body_id"))
    units = set(
        Employment.objects.filter(_active_on(on), person=person, unit__isnull=False).values_list(
            "unit_id", flat=True
        )
    )
    if person.user_id:
        units |= set(
            RoleAssignment.objects.filter(user_id=person.user_id, role__in=UNIT_ROLES).values_list(
                "unit_id", flat=True
            )
        )
    q |= Q(unit_id__in=[u for u in units if u is not None])
    return Body.objects.filter(q, cooperative_id=person.cooperative_id)


# --- the voting register and quorum ------------------------------------------------------


@dataclass
class RegisterEntry:
    person_id: int
    name: str
    own_vote: bool = True
    represents: list[tuple[int, str]] = field(default_factory=list)

    @property
    def votes(self) -> int:
        return int(self.own_vote) + len(self.represents)


@dataclass
class VotingRegister:
    """The röstlängd: those present who may vote, with the members they represent."""

    entries: list[RegisterEntry]
    entitled_in_body: int
    present_not_entitled: list[str]
    quorum_needed: int
    quorum_percent: int

    @property
    def votes(self) -> int:
        return sum(e.votes for e in self.entries)

    @property
    def quorum_met(self) -> bool:
        return self.votes >= self.quorum_needed


def quorum_needed(entitled: int, rule: BodyRule) -> int:
    """How many votes must be present: ``quorum_percent`` of those entitled, or more than
    that share when ``quorum_exceeds`` (the board: more than half)."""
    if rule.quorum_percent == 0:
        return 0
    share = entitled * rule.quorum_percent
    needed = -(-share // 100)
    if rule.quorum_exceeds and needed * 100 == share:
        needed += 1
    return int(needed)


def voting_register(meeting: Meeting) -> VotingRegister:
    body = meeting.body
    on = meeting_date(meeting)
    rule = body_rule(body)
    voters = body_voter_ids(body, on)
    present = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )
    present_ids = {a.person_id for a in present}
    entries: dict[int, RegisterEntry] = {}
    others: list[str] = []
    for attendance in present:
        if attendance.person_id in voters:
            entries[attendance.person_id] = RegisterEntry(
                attendance.person_id, attendance.person.full_name
            )
        else:
            others.append(attendance.person.full_name)
    if rule.proxies_allowed:
        for proxy in Proxy.objects.filter(meeting=meeting).select_related("member", "holder"):
            if proxy.member_id in voters and proxy.member_id not in present_ids:
                holder = entries.get(proxy.holder_id)
                if holder is None and proxy.holder_id in present_ids:
                    # A proxy holder need not be a member (lag om ek. för. 7 kap. 3 §).
                    holder = entries[proxy.holder_id] = RegisterEntry(
                        proxy.holder_id, proxy.holder.full_name, own_vote=False
                    )
                if holder is not None:
                    holder.represents.append((proxy.member_id, proxy.member.full_name))
    return VotingRegister(
        entries=list(entries.values()),
        entitled_in_body=len(voters),
        present_not_entitled=others,
        quorum_needed=quorum_needed(len(voters), rule),
        quorum_percent=rule.quorum_percent,
    )


def voices_of(meeting: Meeting, person_id: int) -> list[int]:
    """The members whose votes ``person_id`` casts at ``meeting``: themself (if entitled
    and checked in) and the members they hold proxies for."""
    for entry in voting_register(meeting).entries:
        if entry.person_id == person_id:
            return ([person_id] if entry.own_vote else []) + [m for m, _ in entry.represents]
    return []


def represented_member(meeting: Meeting, holder_id: int, member_id: int) -> Person | None:
    """The member whose vote ``holder_id`` casts by proxy at ``meeting``; None for anyone
    else (including the holder themself), so a refusal names nobody."""
    if member_id == holder_id or member_id not in voices_of(meeting, holder_id):
        return None
    return Person.objects.filter(pk=member_id).first()


# --- meetings and decisions --------------------------------------------------------------


def meetings_upcoming(body: Body, *, after: dt.datetime) -> QuerySet[Meeting]:
    return Meeting.objects.filter(
        body=body,
        starts_at__gt=after,
        status__in=[MeetingStatus.PLANNED, MeetingStatus.CALLED],
    ).order_by("starts_at")


def meeting_list(body_ids: QuerySet[Body] | list[int]) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(body__in=body_ids)
        .select_related("body", "body__unit")
        .annotate(item_count=Count("items", distinct=True))
        .order_by("-starts_at")
    )


def meeting_upcoming_q(now: dt.datetime) -> Q:
    """A meeting not yet over: in session, or neither closed nor past its end."""
    return Q(status=MeetingStatus.OPEN) | (Q(ends_at__gte=now) & ~Q(status=MeetingStatus.CLOSED))


def meetings_listed(
    bodies: QuerySet[Body],
    *,
    upcoming: bool,
    now: dt.datetime,
    guest_id: int | None = None,
) -> QuerySet[Meeting]:
    """The meetings of ``bodies`` (and those ``guest_id`` is invited to), upcoming ones
    soonest first, past ones latest first."""
    q = Q(body__in=bodies)
    if guest_id is not None:
        q |= Q(pk__in=MeetingGuest.objects.filter(person_id=guest_id).values("meeting_id"))
    meetings = (
        Meeting.objects.filter(q)
        .select_related("body", "body__unit")
        .annotate(item_count=Count("items", distinct=True))
    )
    if upcoming:
        return meetings.filter(meeting_upcoming_q(now)).order_by("starts_at", "pk")
    return meetings.exclude(meeting_upcoming_q(now)).order_by("-starts_at", "-pk")


def decisions_pending(body: Body, *, before: dt.datetime | None = None) -> QuerySet[Decision]:
    """Decisions of ``body`` taken but not yet carried out: they go on its next agenda."""
    qs = Decision.objects.filter(
        meeting__body=body,
        outcome=Outcome.ADOPTED,
        execution_status__in=[ExecutionStatus.PENDING, ExecutionStatus.IN_PROGRESS],
    )
    if before is not None:
        qs = qs.filter(meeting__starts_at__lt=before)
    return qs.select_related("responsible", "meeting").order_by("due_on", "pk")


def decision_register(body: Body) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(meeting__body=body)
        .select_related("meeting", "responsible")
        .prefetch_related(Prefetch("reservations"))
        .order_by("-meeting__starts_at", "pk")
    )


# --- delegation --------------------------------------------------------------------------


def delegations_active(cooperative_id: int, on: dt.date) -> QuerySet[Delegation]:
    return Delegation.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on),
        cooperative_id=cooperative_id,
        valid_from__lte=on,
    ).select_related("to_body")


def delegated_limit(body: Body, matter_kind: str, on: dt.date) -> tuple[bool, Decimal | None]:
    """(delegated at all, the largest amount; None = no limit) for a unit's body."""
    found = False
    best: Decimal | None = Decimal(0)
    for d in delegations_active(body.cooperative_id, on).filter(
        Q(to_body__isnull=True) | Q(to_body=body), to_kind=body.kind, matter_kind=matter_kind
    ):
        found = True
        if d.max_amount is None:
            return True, None
        if best is not None and d.max_amount > best:
            best = d.max_amount
    return found, best if found else None


def body_may_decide(body: Body, matter_kind: str, amount: Decimal | None, on: dt.date) -> bool:
    if body.kind == BodyKind.GENERAL_ASSEMBLY:
        return True
    if matter_kind in ASSEMBLY_ONLY_KINDS:
        return False
    if body.kind == BodyKind.BOARD or body.kind not in UNIT_BODY_KINDS:
        return True
    if matter_kind not in DELEGATED_KINDS:
        return matter_kind in (MatterKind.GENERAL, MatterKind.WORK_DISTRIBUTION)
    delegated, limit = delegated_limit(body, matter_kind, on)
    if not delegated:
        return False
    return limit is None or (amount or Decimal(0)) <= limit


def deciding_body(body: Body, matter_kind: str, amount: Decimal | None, on: dt.date) -> Body:
    """The nearest body above ``body`` that may take the decision (``body`` if it may)."""
    if body_may_decide(body, matter_kind, amount, on):
        return body
    chain: list[Body] = []
    if body.kind in (BodyKind.WEEKLY, BodyKind.DAILY):
        chain += list(Body.objects.filter(unit_id=body.unit_id or 0, kind=BodyKind.UNIT_MEETING))
    if body.kind != BodyKind.BOARD:
        chain += list(Body.objects.filter(cooperative_id=body.cooperative_id, kind=BodyKind.BOARD))
    for candidate in chain:
        if body_may_decide(candidate, matter_kind, amount, on):
            return candidate
    return Body.objects.get(cooperative_id=body.cooperative_id, kind=BodyKind.GENERAL_ASSEMBLY)


# --- what a person's home shows ----------------------------------------------------------

# A meeting still to be held, or being held now.
NOT_YET_CLOSED = (MeetingStatus.PLANNED, MeetingStatus.CALLED, MeetingStatus.OPEN)


def meetings_ahead(
    bodies: QuerySet[Body], *, now: dt.datetime, until: dt.datetime | None = None
) -> QuerySet[Meeting]:
    """Meetings of ``bodies`` not yet over at ``now`` (and starting before ``until``),
    the soonest first."""
    meetings = Meeting.objects.filter(body__in=bodies, ends_at__gte=now, status__in=NOT_YET_CLOSED)
    if until is not None:
        meetings = meetings.filter(starts_at__lt=until)
    return meetings.select_related("body", "body__unit").order_by("starts_at", "pk")


def meeting_papers(meeting: Meeting) -> QuerySet[MatterDocument]:
    """The documents of the matters on ``meeting``'s agenda."""
    on_agenda = Q(matter__meeting=meeting) | Q(matter__agenda_items__meeting=meeting)
    return (
        MatterDocument.objects.filter(pk__in=MatterDocument.objects.filter(on_agenda).values("pk"))
        .select_related("matter")
        .order_by("matter__title", "uploaded_at", "pk")
    )


def matters_to_prepare(board: Body) -> QuerySet[Matter]:
    """What the board has to prepare: its matters not yet decided or withdrawn, and the
    motions to the general assembly still without the board's statement."""
    open_states = [MatterStatus.SUBMITTED, MatterStatus.SCHEDULED, MatterStatus.DEFERRED]
    motions = Q(
        body__cooperative_id=board.cooperative_id,
        body__kind=BodyKind.GENERAL_ASSEMBLY,
        submission=SubmissionKind.MOTION,
        board_statement="",
    )
    return (
        Matter.objects.filter(Q(body=board) | motions, status__in=open_states)
        .select_related("body", "meeting", "submitted_by")
        .order_by("submitted_at", "pk")
    )


def decisions_pending_in(bodies: QuerySet[Body]) -> QuerySet[Decision]:
    """``decisions_pending`` of several bodies at once, the earliest due first (those
    without a due date last)."""
    return (
        Decision.objects.filter(
            meeting__body__in=bodies,
            outcome=Outcome.ADOPTED,
            execution_status__in=[ExecutionStatus.PENDING, ExecutionStatus.IN_PROGRESS],
        )
        .select_related("meeting", "meeting__body", "responsible")
        .order_by(F("due_on").asc(nulls_last=True), "meeting__starts_at", "pk")
    )


def meetings_starting(
    bodies: QuerySet[Body], *, start: dt.datetime, end: dt.datetime
) -> QuerySet[Meeting]:
    """Meetings of ``bodies`` starting from ``start`` up to (not including) ``end``, in
    any state, in the order they are held."""
    return (
        Meeting.objects.filter(body__in=bodies, starts_at__gte=start, starts_at__lt=end)
        .select_related("body", "body__unit")
        .order_by("starts_at", "pk")
    )


def boards_of(cooperative_id: int) -> QuerySet[Body]:
    """The cooperative's board, as a set of bodies (empty before governance is set up)."""
    return Body.objects.filter(cooperative_id=cooperative_id, kind=BodyKind.BOARD)


def board_of(cooperative_id: int) -> Body | None:
    return boards_of(cooperative_id).first()


def bodies_of_units(cooperative_id: int, unit_ids: Iterable[int]) -> QuerySet[Body]:
    """The bodies of the units ``unit_ids``: their unit meetings, weekly and daily meetings."""
    return Body.objects.filter(cooperative_id=cooperative_id, unit_id__in=list(unit_ids))
