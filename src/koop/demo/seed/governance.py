"""Demo governance: three years of general assemblies (with motions and elections), monthly
board meetings and monthly VS meetings in every unit with proposals and decisions, some
carried out and some pending, and the next meetings planned.

Fills ``ctx.data`` keys ``bodies`` (dict (kind, unit id or None) -> Body), ``meetings``
(list[Meeting]) and ``decisions`` (list[Decision])."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone, translation

from koop.demo.seed.context import SeedContext
from koop.governance.models import (
    AgendaItem,
    AgendaItemKind,
    AgendaTemplateItem,
    Attendance,
    BoardSeat,
    Body,
    BodyKind,
    Decision,
    DecisionManner,
    Delegation,
    ExecutionStatus,
    Matter,
    MatterKind,
    MatterStatus,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesApproval,
    Outcome,
    SeatRole,
    SubmissionKind,
    Vote,
    VoteOption,
)
from koop.governance.services import governance_setup
from koop.people.models import Person

VS_PROPOSALS = [
    ("Fruktkorg på fredagar", MatterKind.GENERAL, None),
    ("Ny högtryckstvätt", MatterKind.PURCHASE, Decimal("8900")),
    ("Rotationsschema för körningar", MatterKind.WORK_DISTRIBUTION, None),
    ("Skyddsskor till alla", MatterKind.PURCHASE, Decimal("6400")),
    ("Gemensam städdag i lokalen", MatterKind.GENERAL, None),
    ("Begagnad släpvagn", MatterKind.PURCHASE, Decimal("18500")),
    ("Studiebesök hos en annan enhet", MatterKind.GENERAL, None),
    ("Ny telefon till jouren", MatterKind.PURCHASE, Decimal("3900")),
]
BOARD_MATTERS = [
    ("Anställning av kooperatör på Möbellagret", MatterKind.HIRING, None),
    ("Investering i elcykel till Cykelbudet", MatterKind.INVESTMENT, Decimal("48000")),
    ("Policy för arbetsmiljö", MatterKind.POLICY, None),
    ("Delegation av inköp till verksamhetsmötena", MatterKind.POLICY, None),
    ("Ansökan till investeringsfonden", MatterKind.INVESTMENT, Decimal("120000")),
]
MOTIONS = [
    "Inför fyradagarsvecka som försök",
    "Medlemsutbildning i kooperativ ekonomi",
    "Solceller på tak där vi hyr",
    "Gemensam sommarfest för alla enheter",
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _month_days(today: dt.date, months: int, day: int) -> list[dt.date]:
    out = []
    year, month = today.year, today.month
    for _ in range(months):
        out.append(dt.date(year, month, min(day, 28)))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return sorted(out)


def seed_governance(ctx: SeedContext) -> None:
    coop = ctx.coop
    rng = ctx.rng
    today = ctx.today
    with translation.override("sv"):
        governance_setup(cooperative=coop, acting_user=None)
    bodies = {(b.kind, b.unit_id): b for b in Body.objects.filter(cooperative=coop)}
    ctx.data["bodies"] = bodies
    templates: dict[int, list[AgendaTemplateItem]] = {}
    for t in (
        AgendaTemplateItem.objects.filter(template__body__cooperative=coop)
        .select_related("template")
        .order_by("position")
    ):
        templates.setdefault(t.template.body_id, []).append(t)
    members: list[Person] = list(ctx.data.get("members", []))
    demo: dict[str, Person] = ctx.data.get("demo_persons", {})
    unit_staff: dict[int, list[Person]] = ctx.data.get("unit_staff", {})
    start = today - dt.timedelta(days=3 * 365)
    assembly = bodies[(BodyKind.GENERAL_ASSEMBLY, None)]
    board = bodies[(BodyKind.BOARD, None)]

    # The board: the demo board login chairs it; members and deputies from the members.
    pool = [m for m in members if m not in demo.values()]
    rng.shuffle(pool)
    board_people = [demo["styrelse"]] if "styrelse" in demo else []
    board_people += pool[: 7 - len(board_people)]
    roles = [
        SeatRole.CHAIR,
        SeatRole.SECRETARY,
        SeatRole.MEMBER,
        SeatRole.MEMBER,
        SeatRole.MEMBER,
        SeatRole.DEPUTY,
        SeatRole.DEPUTY,
    ]
    BoardSeat.objects.bulk_create(
        BoardSeat(body=board, person=p, role=r, started_on=start)
        for p, r in zip(board_people, roles, strict=False)
    )
    Delegation.objects.bulk_create(
        [
            Delegation(
                cooperative=coop,
                to_kind=BodyKind.UNIT_MEETING,
                matter_kind=MatterKind.PURCHASE,
                max_amount=Decimal(25000),
                valid_from=start,
                note="Inköp upp till 25 000 kr",
            ),
            Delegation(
                cooperative=coop,
                to_kind=BodyKind.WEEKLY,
                matter_kind=MatterKind.PURCHASE,
                max_amount=Decimal(3000),
                valid_from=start,
                note="Mindre inköp",
            ),
        ]
    )

    meetings: list[Meeting] = []
    plans: list[tuple[Meeting, str]] = []  # (meeting, what to fill it with)

    def plan(body: Body, day: dt.date, hour: int, title: str, place: str, what: str) -> None:
        held = day < today
        meeting = Meeting(
            body=body,
            title=title,
            starts_at=_at(day, hour),
            ends_at=_at(day, hour + 2),
            place=place,
            status=MeetingStatus.CLOSED if held else MeetingStatus.CALLED,
            notice_sent_at=_at(day - dt.timedelta(days=30 if what == "ga" else 8), 9),
            created_at=_at(day - dt.timedelta(days=40), 9),
        )
        meetings.append(meeting)
        plans.append((meeting, what))

    for year in range(today.year - 2, today.year + 1):
        day = dt.date(year, 4, 20)
        if day > today + dt.timedelta(days=42):
            continue
        plan(
            assembly, day, 13, f"Ordinarie föreningsstämma {year}", "Folkets hus, Norrköping", "ga"
        )
    for day in _month_days(today + dt.timedelta(days=30), 37, 12):
        if day.month != 7 and day >= start:
            plan(board, day, 17, f"Styrelsemöte {day:%Y-%m}", "Kontoret, Norrköping", "board")
    for (kind, unit_id), body in sorted(bodies.items(), key=lambda kv: kv[1].pk):
        if kind != BodyKind.UNIT_MEETING or unit_id is None:
            continue
        shift = rng.randint(1, 20)
        for day in _month_days(today + dt.timedelta(days=30), 37, shift):
            if day.month != 7 and day >= start:
                plan(
                    body,
                    day,
                    15,
                    f"VS {body.unit.name if body.unit else ''} {day:%Y-%m}",
                    "Enhetens lokal",
                    "vs",
                )
    Meeting.objects.bulk_create(meetings, batch_size=2000)

    items: list[AgendaItem] = []
    # Every assembly and board meeting keeps its full agenda; a unit's VS only for the last
    # quarter and the coming month (older VS decisions stand in the register without one).
    recent = _at(today - dt.timedelta(days=92), 0)
    for meeting, what in plans:
        if what == "vs" and meeting.starts_at < recent:
            continue
        for n, t in enumerate(templates.get(meeting.body_id, []), start=1):
            items.append(
                AgendaItem(
                    meeting=meeting,
                    position=n * 100,
                    title=t.title,
                    kind=t.kind,
                    matter_kind=t.matter_kind or MatterKind.GENERAL,
                    decision_rule="qualified"
                    if t.matter_kind == MatterKind.STATUTE_CHANGE
                    else "consensus"
                    if meeting.body.kind != BodyKind.GENERAL_ASSEMBLY
                    else "simple",
                )
            )
    AgendaItem.objects.bulk_create(items, batch_size=5000)
    items_by_meeting: dict[int, list[AgendaItem]] = {}
    for item in items:
        items_by_meeting.setdefault(item.meeting_id, []).append(item)

    matters: list[Matter] = []
    decisions: list[Decision] = []
    votes: list[Vote] = []
    options: list[VoteOption] = []
    attendance: list[Attendance] = []
    matter_items: list[AgendaItem] = []

    def section(meeting: Meeting, kind: str) -> AgendaItem | None:
        return next((i for i in items_by_meeting.get(meeting.pk, []) if i.kind == kind), None)

    def decide(
        meeting: Meeting,
        item: AgendaItem | None,
        text: str,
        kind: str,
        amount: Decimal | None,
        responsible: Person | None,
        matter: Matter | None,
        manner: str = DecisionManner.CONSENSUS,
    ) -> None:
        day = timezone.localtime(meeting.starts_at).date()
        due = day + dt.timedelta(days=rng.choice([14, 30, 60]))
        age = (today - day).days
        done = age > 90 or (age > 20 and rng.random() < 0.6)
        decisions.append(
            Decision(
                meeting=meeting,
                agenda_item=item,
                matter=matter,
                text=text,
                matter_kind=kind,
                amount=amount,
                manner=manner,
                outcome=Outcome.ADOPTED,
                responsible=responsible,
                due_on=due,
                created_at=meeting.starts_at,
                execution_status=ExecutionStatus.DONE
                if done
                else rng.choice([ExecutionStatus.PENDING, ExecutionStatus.IN_PROGRESS]),
                execution_note="Genomfört enligt beslut." if done else "",
                executed_on=min(due, today) if done else None,
            )
        )

    for meeting, what in plans:
        held = meeting.status == MeetingStatus.CLOSED
        if what == "vs":
            staff = unit_staff.get(meeting.body.unit_id or 0, [])
            if not staff:
                continue
            for _ in range(1 if rng.random() < 0.8 else 2):
                title, kind, amount = rng.choice(VS_PROPOSALS)
                by = rng.choice(staff)
                matter = Matter(
                    body=meeting.body,
                    meeting=meeting,
                    title=title,
                    matter_kind=kind,
                    amount=amount,
                    submitted_by=by,
                    submission=rng.choice([SubmissionKind.MATTER, SubmissionKind.PROPOSAL]),
                    text=f"{title}. Förslaget har diskuterats i arbetslaget.",
                    submitted_at=meeting.starts_at - dt.timedelta(days=rng.randint(4, 20)),
                    status=MatterStatus.DECIDED if held else MatterStatus.SCHEDULED,
                )
                matters.append(matter)
                if held:
                    decide(
                        meeting,
                        section(meeting, AgendaItemKind.MATTERS),
                        f"Beslut: {title}",
                        kind,
                        amount,
                        staff[0],
                        matter,
                    )
        elif what == "board":
            if held and rng.random() < 0.7:
                title, kind, amount = rng.choice(BOARD_MATTERS)
                decide(
                    meeting,
                    section(meeting, AgendaItemKind.MATTERS),
                    title,
                    kind,
                    amount,
                    rng.choice(board_people),
                    None,
                )
            if held:
                attendance += [
                    Attendance(meeting=meeting, person=p, checked_in_at=meeting.starts_at)
                    for p in board_people
                    if rng.random() < 0.85
                ]
        else:
            voters = [m for m in members if rng.random() < 0.6]
            attendance += [
                Attendance(meeting=meeting, person=p, checked_in_at=meeting.starts_at)
                for p in voters
            ]
            for title in rng.sample(MOTIONS, 2):
                matter = Matter(
                    body=assembly,
                    meeting=meeting,
                    submission=SubmissionKind.MOTION,
                    title=title,
                    text=f"Vi föreslår: {title.lower()}.",
                    submitted_by=rng.choice(members),
                    submitted_at=meeting.starts_at - dt.timedelta(days=70),
                    board_statement="Styrelsen tillstyrker motionen."
                    if rng.random() < 0.5
                    else "Styrelsen avstyrker motionen med hänvisning till ekonomin.",
                    board_statement_at=meeting.starts_at - dt.timedelta(days=45),
                    status=MatterStatus.DECIDED if held else MatterStatus.SCHEDULED,
                )
                matters.append(matter)
                if held:
                    decide(
                        meeting,
                        section(meeting, AgendaItemKind.MOTIONS),
                        f"Stämman biföll motionen: {title}",
                        MatterKind.GENERAL,
                        None,
                        board_people[0],
                        matter,
                        DecisionManner.VOTE,
                    )
            if held:
                election_item = section(meeting, AgendaItemKind.ELECTIONS)
                vote = Vote(
                    meeting=meeting,
                    agenda_item=election_item,
                    question="Val av styrelseledamöter",
                    method="secret",
                    is_election=True,
                    seats=3,
                    status="open",  # closed once its options are in, as a real vote is
                    opened_at=meeting.starts_at,
                    closed_at=meeting.starts_at,
                    entitled_count=len(voters),
                    outcome=Outcome.ELECTED,
                )
                votes.append(vote)
                candidates = board_people[1:5]
                left = len(voters)
                for n, person in enumerate(candidates, start=1):
                    count = rng.randint(left // 3, max(left // 3, left - 5)) if left else 0
                    options.append(
                        VoteOption(
                            vote=vote,
                            position=n,
                            role="candidate",
                            label=person.full_name,
                            candidate=person,
                            count=count,
                            elected=n <= 3,
                        )
                    )
    Matter.objects.bulk_create(matters, batch_size=5000)
    Vote.objects.bulk_create(votes)
    VoteOption.objects.bulk_create(options)
    # A closed vote's options are kept as they are (the database refuses more).
    Vote.objects.filter(pk__in=[v.pk for v in votes]).update(status="closed")
    for vote in votes:
        vote.status = "closed"
    Attendance.objects.bulk_create(attendance, batch_size=5000, ignore_conflicts=True)
    for matter in matters:
        if matter.meeting_id is not None and matter.status == MatterStatus.SCHEDULED:
            matter_items.append(
                AgendaItem(
                    meeting_id=matter.meeting_id,
                    position=301,
                    title=matter.title,
                    kind=AgendaItemKind.MATTER,
                    matter_kind=matter.matter_kind,
                    matter=matter,
                    decision_rule="consensus",
                )
            )
    for decision in decisions:
        if decision.matter is not None:
            decision.matter_id = decision.matter.pk
    AgendaItem.objects.bulk_create(matter_items, batch_size=5000)
    Decision.objects.bulk_create(decisions, batch_size=5000)

    # Minutes of the assemblies and the board, approved by two adjusters and locked.
    minutes, approvals = [], []
    for meeting, what in plans:
        if what in ("ga", "board") and meeting.status == MeetingStatus.CLOSED:
            minutes.append(
                Minutes(
                    meeting=meeting,
                    text=f"Protokoll fört vid {meeting.title}.\n"
                    "Se dagordningen; besluten finns i beslutsregistret.",
                )
            )
    Minutes.objects.bulk_create(minutes, batch_size=2000)
    for m in minutes:
        approvals += [
            MinutesApproval(minutes=m, adjuster=p, approved_at=m.meeting.ends_at)
            for p in board_people[2:4]
        ]
    MinutesApproval.objects.bulk_create(approvals, batch_size=5000)
    Minutes.objects.filter(pk__in=[m.pk for m in minutes]).update(
        status="locked", locked_at=timezone.now()
    )
    ctx.data["meetings"] = meetings
    ctx.data["decisions"] = decisions
    ctx.progress(
        f"governance: {len(meetings)} meetings, {len(matters)} matters and motions, "
        f"{len(decisions)} decisions"
    )
