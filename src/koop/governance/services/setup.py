"""Setting governance up: the statutes with their defaults, the bodies, board seats and the
agenda templates (the cooperative's own VS agenda and the general assembly's by law)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from koop.core.audit import audit_record, snapshot
from koop.core.errors import KoopValidationError
from koop.core.validation import validate_model
from koop.governance.models import (
    AgendaItemKind,
    AgendaTemplate,
    AgendaTemplateItem,
    BoardSeat,
    Body,
    BodyKind,
    BodyRule,
    DecisionRule,
    MatterKind,
    QualifiedMajority,
    SeatRole,
    Statutes,
    Vote,
    VoteStatus,
)
from koop.governance.services.common import Actor
from koop.organisation.models import Cooperative, Unit, UnitStatus
from koop.people.models import Person

# (title msgid, item kind, matter kind) — titles are translated when a template is made.
ASSEMBLY_AGENDA = [
    (gettext_noop("Opening of the meeting"), AgendaItemKind.STANDARD, ""),
    (gettext_noop("Election of a chair of the meeting"), AgendaItemKind.STANDARD, ""),
    (gettext_noop("Election of a secretary of the meeting"), AgendaItemKind.STANDARD, ""),
    (
        gettext_noop("Election of two adjusters, who also count the votes"),
        AgendaItemKind.STANDARD,
        "",
    ),
    (gettext_noop("Adoption of the voting register"), AgendaItemKind.STANDARD, ""),
    (gettext_noop("Whether the meeting has been duly convened"), AgendaItemKind.STANDARD, ""),
    (gettext_noop("Adoption of the agenda"), AgendaItemKind.STANDARD, ""),
    (
        gettext_noop("The board's annual report and the auditors' report"),
        AgendaItemKind.ECONOMIC_REPORTS,
        "",
    ),
    (
        gettext_noop("Adoption of the income statement and the balance sheet"),
        AgendaItemKind.STANDARD,
        MatterKind.ANNUAL_ACCOUNTS,
    ),
    (
        gettext_noop("Disposition of the result according to the adopted balance sheet"),
        AgendaItemKind.STANDARD,
        MatterKind.DISPOSITION_OF_RESULT,
    ),
    (gettext_noop("Discharge of the board members"), AgendaItemKind.STANDARD, MatterKind.DISCHARGE),
    (gettext_noop("Remuneration of the board and the auditors"), AgendaItemKind.STANDARD, ""),
    (
        gettext_noop("Election of the board and deputies"),
        AgendaItemKind.ELECTIONS,
        MatterKind.ELECTION,
    ),
    (gettext_noop("Election of auditors"), AgendaItemKind.ELECTIONS, MatterKind.ELECTION),
    (
        gettext_noop("Election of the nomination committee"),
        AgendaItemKind.ELECTIONS,
        MatterKind.ELECTION,
    ),
    (gettext_noop("Motions from members and the board's statements"), AgendaItemKind.MOTIONS, ""),
    (gettext_noop("Closing of the meeting"), AgendaItemKind.STANDARD, ""),
]
# The cooperative's own agenda for a unit's meeting (verksamhetsmöte).
UNIT_MEETING_AGENDA = [
    (
        gettext_noop("Economic reports from the different levels"),
        AgendaItemKind.ECONOMIC_REPORTS,
        "",
    ),
    (gettext_noop("Activity report from the local units"), AgendaItemKind.STANDARD, ""),
    (
        gettext_noop("Matters for decision (submitted in advance with documents)"),
        AgendaItemKind.MATTERS,
        "",
    ),
    (gettext_noop("Proposals from participants"), AgendaItemKind.PROPOSALS, ""),
    (gettext_noop("Work environment"), AgendaItemKind.STANDARD, ""),
    (gettext_noop("Decisions taken but not yet carried out"), AgendaItemKind.PENDING_DECISIONS, ""),
    (gettext_noop("Next meeting"), AgendaItemKind.NEXT_MEETING, ""),
]
BOARD_AGENDA = [
    (gettext_noop("Opening of the meeting"), AgendaItemKind.STANDARD, ""),
    (gettext_noop("Election of an adjuster"), AgendaItemKind.STANDARD, ""),
    (gettext_noop("Adoption of the agenda"), AgendaItemKind.STANDARD, ""),
    (gettext_noop("Economic reports"), AgendaItemKind.ECONOMIC_REPORTS, ""),
    (gettext_noop("Reports from the units' meetings"), AgendaItemKind.STANDARD, ""),
    (gettext_noop("Matters for decision"), AgendaItemKind.MATTERS, ""),
    (gettext_noop("Decisions taken but not yet carried out"), AgendaItemKind.PENDING_DECISIONS, ""),
    (gettext_noop("Next meeting"), AgendaItemKind.NEXT_MEETING, ""),
    (gettext_noop("Closing of the meeting"), AgendaItemKind.STANDARD, ""),
]
WEEKLY_AGENDA = [
    (gettext_noop("Distribution of work"), AgendaItemKind.STANDARD, MatterKind.WORK_DISTRIBUTION),
    (gettext_noop("Smaller purchases"), AgendaItemKind.STANDARD, MatterKind.PURCHASE),
    (gettext_noop("Matters for decision"), AgendaItemKind.MATTERS, ""),
    (gettext_noop("Work environment and cooperation"), AgendaItemKind.STANDARD, ""),
    (gettext_noop("Decisions taken but not yet carried out"), AgendaItemKind.PENDING_DECISIONS, ""),
]
DAILY_AGENDA = [
    (gettext_noop("Today's work"), AgendaItemKind.STANDARD, MatterKind.WORK_DISTRIBUTION),
    (gettext_noop("Matters for decision"), AgendaItemKind.MATTERS, ""),
]
DEFAULT_AGENDAS = {
    BodyKind.GENERAL_ASSEMBLY: ASSEMBLY_AGENDA,
    BodyKind.BOARD: BOARD_AGENDA,
    BodyKind.UNIT_MEETING: UNIT_MEETING_AGENDA,
    BodyKind.WEEKLY: WEEKLY_AGENDA,
    BodyKind.DAILY: DAILY_AGENDA,
}

# The statutes' defaults per body (lag om ekonomiska föreningar 7 kap. 13 §: notice of an
# ordinary general assembly no earlier than six and no later than four weeks before, of an
# extra one no later than two weeks before; an ombud represents one member).
DEFAULT_RULES: dict[str, dict[str, object]] = {
    BodyKind.GENERAL_ASSEMBLY: dict(
        notice_min_days=28,
        notice_max_days=42,
        extra_notice_min_days=14,
        matter_deadline_days=28,
        quorum_percent=0,
        proxies_allowed=True,
        max_proxies_per_holder=1,
    ),
    BodyKind.BOARD: dict(
        notice_min_days=7,
        extra_notice_min_days=2,
        matter_deadline_days=7,
        quorum_percent=50,
        quorum_exceeds=True,
        default_decision_rule=DecisionRule.CONSENSUS,
    ),
    BodyKind.UNIT_MEETING: dict(
        notice_min_days=7,
        extra_notice_min_days=2,
        matter_deadline_days=3,
        quorum_percent=50,
        default_decision_rule=DecisionRule.CONSENSUS,
    ),
    BodyKind.WEEKLY: dict(notice_min_days=1, matter_deadline_days=1),
    BodyKind.DAILY: dict(),
}
DEFAULT_QUALIFIED = [(MatterKind.STATUTE_CHANGE, 2, 3), (MatterKind.DISSOLUTION, 2, 3)]


def default_agenda(kind: str) -> list[tuple[str, str, str]]:
    """(title, item kind, matter kind) of the default agenda of a body of ``kind``, the
    titles translated into the active language."""
    return [(_(title), item_kind, mk) for title, item_kind, mk in DEFAULT_AGENDAS[BodyKind(kind)]]


def unit_body_names(unit_name: str) -> dict[str, str]:
    """The names of a unit's three bodies, in the active language."""
    return {
        BodyKind.UNIT_MEETING: _("Unit meeting (VS), %(unit)s") % {"unit": unit_name},
        BodyKind.WEEKLY: _("Weekly meeting, %(unit)s") % {"unit": unit_name},
        BodyKind.DAILY: _("Daily meeting, %(unit)s") % {"unit": unit_name},
    }


def _template_items(template: AgendaTemplate, kind: str) -> list[AgendaTemplateItem]:
    return [
        AgendaTemplateItem(
            template=template, position=i, title=title, kind=item_kind, matter_kind=mk
        )
        for i, (title, item_kind, mk) in enumerate(default_agenda(kind), start=1)
    ]


def governance_setup(*, cooperative: Cooperative, acting_user: Actor) -> Statutes:
    """The statutes with defaults, the general assembly, the board and every active unit's
    meetings, each with its agenda template. Safe to run again: it adds only what is
    missing (a new unit gets its bodies)."""
    with transaction.atomic():
        statutes, created = Statutes.objects.select_for_update().get_or_create(
            cooperative=cooperative
        )
        if created:
            BodyRule.objects.bulk_create(
                BodyRule(statutes=statutes, body_kind=kind, **values)
                for kind, values in DEFAULT_RULES.items()
            )
            QualifiedMajority.objects.bulk_create(
                QualifiedMajority(statutes=statutes, matter_kind=k, numerator=n, denominator=d)
                for k, n, d in DEFAULT_QUALIFIED
            )
            audit_record(
                actor=acting_user,
                action="statutes_create",
                obj=statutes,
                before=None,
                after=snapshot(statutes),
            )
        wanted: list[Body] = []
        existing = set(Body.objects.filter(cooperative=cooperative).values_list("kind", "unit_id"))
        for kind, name in (
            (BodyKind.GENERAL_ASSEMBLY, _("General assembly")),
            (BodyKind.BOARD, _("Board")),
        ):
            if (kind.value, None) not in existing:
                wanted.append(Body(cooperative=cooperative, kind=kind, name=name))
        units = Unit.objects.filter(cooperative=cooperative).exclude(status=UnitStatus.CLOSED)
        for unit in units.order_by("pk"):
            for unit_kind, name in unit_body_names(unit.name).items():
                if (unit_kind, unit.pk) not in existing:
                    wanted.append(
                        Body(cooperative=cooperative, kind=unit_kind, unit=unit, name=name)
                    )
        # Built from the fixed kinds above; the database's constraints guard them.
        Body.objects.bulk_create(wanted)
        templates = AgendaTemplate.objects.bulk_create(AgendaTemplate(body=b) for b in wanted)
        AgendaTemplateItem.objects.bulk_create(
            item
            for template, body in zip(templates, wanted, strict=True)
            for item in _template_items(template, body.kind)
        )
        if wanted:
            audit_record(
                actor=acting_user,
                action="governance_setup",
                obj=statutes,
                before=None,
                after={"bodies": [b.pk for b in wanted]},
            )
    return statutes


def statutes_update(*, statutes: Statutes, acting_user: Actor, **changes: object) -> Statutes:
    allowed = {"motion_deadline_days", "unit_voters", "tie_rule"}
    if set(changes) - allowed:
        raise KoopValidationError(_("These settings cannot be changed here."))
    with transaction.atomic():
        statutes = Statutes.objects.select_for_update().get(pk=statutes.pk)
        before = snapshot(statutes)
        for name, value in changes.items():
            setattr(statutes, name, value)
        validate_model(statutes)
        statutes.save()
        audit_record(
            actor=acting_user,
            action="statutes_update",
            obj=statutes,
            before=before,
            after=snapshot(statutes),
        )
    return statutes


def _check_rule(rule: BodyRule) -> None:
    """What the database's constraints say too, but naming the field to correct."""
    if rule.quorum_percent > 100:
        raise KoopValidationError(
            _("The quorum is a share of those entitled: at most 100 per cent."),
            field="quorum_percent",
        )
    if rule.notice_max_days is not None and rule.notice_max_days < rule.notice_min_days:
        raise KoopValidationError(
            _("The earliest notice (%(max)d days) must come before the latest (%(min)d days).")
            % {"max": rule.notice_max_days, "min": rule.notice_min_days},
            field="notice_max_days",
        )
    if rule.proxies_allowed and rule.max_proxies_per_holder < 1:
        raise KoopValidationError(
            _("Where proxies are allowed, a holder represents at least one member."),
            field="max_proxies_per_holder",
        )


def body_rule_update(*, rule: BodyRule, acting_user: Actor, **changes: object) -> BodyRule:
    allowed = {
        "notice_min_days",
        "notice_max_days",
        "extra_notice_min_days",
        "matter_deadline_days",
        "quorum_percent",
        "quorum_exceeds",
        "proxies_allowed",
        "max_proxies_per_holder",
        "default_decision_rule",
    }
    if set(changes) - allowed:
        raise KoopValidationError(_("These settings cannot be changed here."))
    with transaction.atomic():
        rule = BodyRule.objects.select_for_update().get(pk=rule.pk)
        before = snapshot(rule)
        for name, value in changes.items():
            setattr(rule, name, value)
        _check_rule(rule)
        validate_model(rule)
        rule.save()
        audit_record(
            actor=acting_user,
            action="body_rule_update",
            obj=rule,
            before=before,
            after=snapshot(rule),
        )
    return rule


def _check_seat(seat: BoardSeat, *, exclude_pk: int | None = None) -> None:
    """A seat on the board, for a person of the cooperative; one chair and one secretary
    at a time."""
    if seat.body.kind != BodyKind.BOARD:
        raise KoopValidationError(_("Seats belong to the board."), field="body")
    validate_model(seat)
    if seat.person.cooperative_id != seat.body.cooperative_id:
        raise KoopValidationError(_("The person belongs to another cooperative."), field="person")
    if seat.role in (SeatRole.CHAIR, SeatRole.SECRETARY):
        clash = BoardSeat.objects.filter(body=seat.body, role=seat.role).exclude(
            ended_on__lt=seat.started_on
        )
        if seat.ended_on is not None:
            clash = clash.exclude(started_on__gt=seat.ended_on)
        if exclude_pk is not None:
            clash = clash.exclude(pk=exclude_pk)
        if clash.exists():
            raise KoopValidationError(
                _("The board already has a %(role)s for this period.")
                % {"role": SeatRole(seat.role).label.lower()},
                field="role",
            )


def board_seat_add(
    *,
    body: Body,
    person: Person,
    role: SeatRole | str,
    started_on: dt.date,
    acting_user: Actor,
    ended_on: dt.date | None = None,
) -> BoardSeat:
    seat = BoardSeat(body=body, person=person, role=role, started_on=started_on, ended_on=ended_on)
    with transaction.atomic():
        _check_seat(seat)
        seat.save()
        audit_record(
            actor=acting_user,
            action="board_seat_add",
            obj=seat,
            before=None,
            after=snapshot(seat),
        )
    return seat


def board_seat_update(
    *,
    seat: BoardSeat,
    role: SeatRole | str,
    started_on: dt.date,
    ended_on: dt.date | None,
    acting_user: Actor,
) -> BoardSeat:
    """Change a seat's role or term (a term ends early, the board constitutes itself)."""
    with transaction.atomic():
        seat = (
            BoardSeat.objects.select_for_update().select_related("body", "person").get(pk=seat.pk)
        )
        before = snapshot(seat)
        seat.role, seat.started_on, seat.ended_on = role, started_on, ended_on
        _check_seat(seat, exclude_pk=seat.pk)
        seat.save(update_fields=["role", "started_on", "ended_on"])
        audit_record(
            actor=acting_user,
            action="board_seat_update",
            obj=seat,
            before=before,
            after=snapshot(seat),
        )
    return seat


def board_seats_from_election(
    *,
    vote: Vote,
    ended_on: dt.date,
    acting_user: Actor,
    role: SeatRole | str = SeatRole.MEMBER,
    started_on: dt.date | None = None,
) -> list[BoardSeat]:
    """Seat those a general assembly elected to the board, for the term they were elected
    for: from the assembly (or ``started_on``) until ``ended_on``. Once per election."""
    vote = Vote.objects.select_related("meeting__body").get(pk=vote.pk)
    meeting = vote.meeting
    if meeting.body.kind != BodyKind.GENERAL_ASSEMBLY or not vote.is_election:
        raise KoopValidationError(
            _("Board members are elected in an election at a general assembly."), field="vote"
        )
    if vote.status != VoteStatus.CLOSED:
        raise KoopValidationError(_("Close the election first."), field="vote")
    if role not in (SeatRole.MEMBER, SeatRole.DEPUTY, SeatRole.CHAIR):
        raise KoopValidationError(
            _("The assembly elects members, deputies or the chair of the board."), field="role"
        )
    start = started_on or timezone.localtime(meeting.starts_at).date()
    if ended_on < start:
        raise KoopValidationError(_("A term cannot end before it starts."), field="ended_on")
    board = Body.objects.get(cooperative_id=meeting.body.cooperative_id, kind=BodyKind.BOARD)
    elected = [
        o.candidate
        for o in vote.options.filter(elected=True, candidate__isnull=False)
        .select_related("candidate")
        .order_by("position")
    ]
    with transaction.atomic():
        Vote.objects.select_for_update().get(pk=vote.pk)
        if BoardSeat.objects.filter(election=vote).exists():
            raise KoopValidationError(
                _("The seats of this election are already recorded."), field="vote"
            )
        seats = []
        for person in elected:
            assert person is not None  # filtered on candidate above
            seat = BoardSeat(
                body=board,
                person=person,
                role=role,
                started_on=start,
                ended_on=ended_on,
                election=vote,
            )
            _check_seat(seat)
            seat.save()
            seats.append(seat)
        audit_record(
            actor=acting_user,
            action="board_seats_from_election",
            obj=vote,
            before=None,
            after={"seats": [snapshot(seat) for seat in seats]},
        )
    return seats


def template_sections() -> dict[str, str]:
    """The sections Koop fills in itself, by the name a line of a template gives them in
    square brackets: the section's name in the reader's language (``[Motioner]``), the
    stored kind accepted too, so an older template or a script still reads."""
    names: dict[str, str] = {}
    for kind in AgendaItemKind:
        if kind in (AgendaItemKind.STANDARD, AgendaItemKind.MATTER):
            continue
        names[str(kind.label).casefold()] = kind.value
        names[kind.value] = kind.value
    return names


def template_section_names() -> list[str]:
    """The sections' names as a line of a template writes them, for help and errors."""
    return [
        f"[{kind.label}]"
        for kind in AgendaItemKind
        if kind not in (AgendaItemKind.STANDARD, AgendaItemKind.MATTER)
    ]


def template_line(title: str, kind: str) -> str:
    """An item as a line of the template's text, its section by name."""
    if kind == AgendaItemKind.STANDARD:
        return title
    return f"{title} [{AgendaItemKind(kind).label}]"


def _parse_template_lines(text: str) -> list[tuple[str, str]]:
    """One item a line; a line may end in a section's name in square brackets (see
    ``template_sections``) for a section Koop fills in itself."""
    sections = template_sections()
    items: list[tuple[str, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        kind = AgendaItemKind.STANDARD.value
        if line.endswith("]") and "[" in line:
            title, _sep, tag = line[:-1].rpartition("[")
            found = sections.get(tag.strip().casefold())
            if found is None:
                raise KoopValidationError(
                    _("Line %(line)s: unknown section [%(tag)s]. Use one of: %(kinds)s.")
                    % {
                        "line": number,
                        "tag": tag.strip(),
                        "kinds": ", ".join(template_section_names()),
                    },
                    field="items",
                )
            line, kind = title.strip(), found
        if len(line) > 200:
            raise KoopValidationError(
                _("Line %(line)s: an item is at most 200 characters.") % {"line": number},
                field="items",
            )
        items.append((line, kind))
    if not items:
        raise KoopValidationError(_("An agenda needs at least one item."), field="items")
    return items


def agenda_template_update(
    *, template: AgendaTemplate, text: str, acting_user: Actor
) -> AgendaTemplate:
    """Replace the template's items by the lines of ``text`` (see ``_parse_template_lines``);
    a line that keeps an old title keeps its kind of matter."""
    items = _parse_template_lines(text)
    with transaction.atomic():
        template = AgendaTemplate.objects.select_for_update().get(pk=template.pk)
        old = list(template.items.all())
        matter_kinds = {i.title: i.matter_kind for i in old}
        before = {"items": [f"{i.title} [{i.kind}]" for i in old]}
        template.items.all().delete()
        AgendaTemplateItem.objects.bulk_create(
            AgendaTemplateItem(
                template=template,
                position=n,
                title=title,
                kind=kind,
                matter_kind=matter_kinds.get(title, ""),
            )
            for n, (title, kind) in enumerate(items, start=1)
        )
        audit_record(
            actor=acting_user,
            action="agenda_template_update",
            obj=template,
            before=before,
            after={"items": [f"{t} [{k}]" for t, k in items]},
        )
    return template
