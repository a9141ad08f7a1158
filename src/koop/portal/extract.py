"""What governance and work hold about a person, in their register extract: the meetings
they were at and in what role, the votes they cast (that they voted, never how), the
matters they submitted, their board seats, the work orders they were given and the hours
they logged. Joined here, through the seam in ``koop.participants.extract_kit``, so that
neither participants nor governance nor work imports another."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koop.governance.models import (
    Attendance,
    BoardSeat,
    Decision,
    Matter,
    Meeting,
    MeetingGuest,
    MinutesApproval,
    Proxy,
    Reservation,
    VoteOption,
    VoterReceipt,
)
from koop.participants.extract_kit import Builder, Record, Section
from koop.people.models import Person
from koop.work.models import TimeRow, WorkOrder

KEYS = {
    "meetings": gettext_lazy("Meetings you were at or named in"),
    "meetings.meeting": gettext_lazy("Meeting"),
    "meetings.starts_at": gettext_lazy("When"),
    "meetings.roles": gettext_lazy("As"),
    "votes": gettext_lazy("Votes you cast (never what you voted)"),
    "votes.meeting": gettext_lazy("Meeting"),
    "votes.question": gettext_lazy("Question"),
    "matters": gettext_lazy("Matters you submitted"),
    "matters.title": gettext_lazy("Title"),
    "matters.submitted_at": gettext_lazy("Submitted"),
    "work_orders": gettext_lazy("Work orders given to you"),
    "work_orders.description": gettext_lazy("Description"),
    "work_orders.planned_date": gettext_lazy("Planned date"),
    "time_rows": gettext_lazy("Hours you logged on work orders"),
    "time_rows.date": gettext_lazy("Date"),
    "time_rows.hours": gettext_lazy("Hours"),
    "time_rows.description": gettext_lazy("Description"),
    "board_seats": gettext_lazy("Seats on a board"),
    "board_seats.body": gettext_lazy("Body"),
    "board_seats.role": gettext_lazy("Role"),
    "board_seats.started_on": gettext_lazy("From"),
    "board_seats.ended_on": gettext_lazy("Until"),
}
COVERS = {
    ("governance.Attendance", "person"),
    ("governance.MeetingGuest", "person"),
    ("governance.Meeting", "chair"),
    ("governance.Meeting", "secretary"),
    ("governance.Meeting", "adjuster_1"),
    ("governance.Meeting", "adjuster_2"),
    ("governance.Proxy", "member"),
    ("governance.Proxy", "holder"),
    ("governance.VoterReceipt", "person"),
    ("governance.BoardSeat", "person"),
    ("governance.VoteOption", "candidate"),
    ("governance.Decision", "responsible"),
    ("governance.Reservation", "person"),
    ("governance.MinutesApproval", "adjuster"),
    ("governance.Matter", "submitted_by"),
    ("work.WorkOrder", "assigned"),
    ("work.TimeRow", "person"),
}


def _roles(person: Person) -> dict[int, list[str]]:
    roles: dict[int, list[str]] = {}

    def add(meeting_ids: object, label: str) -> None:
        for meeting_id in meeting_ids:  # type: ignore[attr-defined]
            roles.setdefault(meeting_id, []).append(label)

    add(Attendance.objects.filter(person=person).values_list("meeting_id", flat=True), _("Present"))
    add(
        MeetingGuest.objects.filter(person=person).values_list("meeting_id", flat=True),
        _("Invited guest"),
    )
    for field, label in (
        ("chair", _("Chair")),
        ("secretary", _("Secretary")),
        ("adjuster_1", _("Adjuster")),
        ("adjuster_2", _("Adjuster")),
    ):
        add(Meeting.objects.filter(**{field: person}).values_list("pk", flat=True), label)
    add(
        Proxy.objects.filter(member=person).values_list("meeting_id", flat=True),
        _("Represented by proxy"),
    )
    add(
        Proxy.objects.filter(holder=person).values_list("meeting_id", flat=True),
        _("Proxy holder"),
    )
    add(
        VoteOption.objects.filter(candidate=person).values_list("vote__meeting_id", flat=True),
        _("Candidate in an election"),
    )
    add(
        Decision.objects.filter(responsible=person).values_list("meeting_id", flat=True),
        _("Responsible for carrying out a decision"),
    )
    add(
        Reservation.objects.filter(person=person).values_list("decision__meeting_id", flat=True),
        _("Reservation against a decision"),
    )
    add(
        MinutesApproval.objects.filter(adjuster=person).values_list(
            "minutes__meeting_id", flat=True
        ),
        _("Approved the minutes"),
    )
    return roles


def governance_sections(person: Person) -> list[Section]:
    roles = _roles(person)
    m = Builder("meetings")
    meetings = [
        Record(
            [
                m.text("meeting", f"{x.body.name}: {x.title}"),
                m.moment("starts_at", x.starts_at),
                m.text("roles", ", ".join(dict.fromkeys(roles[x.pk]))),
            ]
        )
        for x in Meeting.objects.filter(pk__in=roles).select_related("body").order_by("starts_at")
    ]
    v = Builder("votes")
    votes = [
        Record([v.text("meeting", r.vote.meeting.title), v.text("question", r.vote.question)])
        for r in VoterReceipt.objects.filter(person=person)
        .select_related("vote__meeting")
        .order_by("vote__opened_at", "vote_id")
    ]
    t = Builder("matters")
    matters = [
        Record([t.text("title", x.title), t.moment("submitted_at", x.submitted_at)])
        for x in Matter.objects.filter(submitted_by=person).order_by("submitted_at", "pk")
    ]
    b = Builder("board_seats")
    seats = [
        Record(
            [
                b.text("body", s.body.name),
                b.choice("role", s.get_role_display()),
                b.day("started_on", s.started_on),
                b.day("ended_on", s.ended_on),
            ]
        )
        for s in BoardSeat.objects.filter(Q(person=person)).select_related("body")
    ]
    w, h = Builder("work_orders"), Builder("time_rows")
    work = [
        Record([w.text("description", x.description), w.day("planned_date", x.planned_date)])
        for x in WorkOrder.objects.filter(assigned=person).order_by("planned_date", "pk")
    ]
    hours = [
        Record(
            [h.day("date", x.date), h.hours("hours", x.hours), h.text("description", x.description)]
        )
        for x in TimeRow.objects.filter(person=person).order_by("date", "pk")
    ]
    return [
        Section("meetings", meetings, table=True),
        Section("work_orders", work, table=True),
        Section("time_rows", hours, table=True),
        Section("votes", votes, table=True),
        Section("matters", matters, table=True),
        Section("board_seats", seats, table=True),
    ]
