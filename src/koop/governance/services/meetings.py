"""Calling meetings (with the statutes' notice), opening and closing them, their agendas
and officers (who is at a meeting is in ``attendance``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.core.audit import audit_record, snapshot
from koop.core.errors import KoopValidationError
from koop.core.validation import validate_model
from koop.governance.models import (
    AgendaItem,
    AgendaItemKind,
    Body,
    BodyRule,
    CalendarToken,
    DecisionRule,
    Matter,
    MatterKind,
    MatterStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    QualifiedMajority,
    SubmissionKind,
)
from koop.governance.selectors import (
    body_rule,
    meeting_date,
    meeting_people_ids,
)
from koop.governance.services.attendance import not_at_meeting
from koop.governance.services.common import Actor
from koop.people.models import Person

SECTION_OF = {
    SubmissionKind.MATTER: AgendaItemKind.MATTERS,
    SubmissionKind.PROPOSAL: AgendaItemKind.PROPOSALS,
    SubmissionKind.MOTION: AgendaItemKind.MOTIONS,
}
STEP = 100  # gap between template items, so matters can be filed under their section


def notice_days(rule: BodyRule, kind: str) -> tuple[int, int | None]:
    """(latest, earliest) notice in days before the meeting."""
    if kind == MeetingKind.EXTRA:
        return rule.extra_notice_min_days, rule.notice_max_days
    return rule.notice_min_days, rule.notice_max_days


def check_notice(
    *, rule: BodyRule, kind: str, starts_on: dt.date, today: dt.date, sending: bool
) -> None:
    """Refuse a meeting that can no longer be called with the notice the statutes ask for
    (and, when the notice goes out now, one that would be called too early)."""
    latest, earliest = notice_days(rule, kind)
    days = (starts_on - today).days
    if days < latest:
        raise KoopValidationError(
            _(
                "Too short notice: the statutes ask for notice at least %(min)d days before "
                "the meeting, and it is %(days)d days away. The earliest date it can be "
                "called for is %(date)s."
            )
            % {"min": latest, "days": days, "date": today + dt.timedelta(days=latest)},
            field="starts_at",
        )
    if sending and earliest is not None and days > earliest:
        raise KoopValidationError(
            _(
                "Too early: the statutes allow notice at most %(max)d days before the "
                "meeting; send it on %(date)s or later."
            )
            % {"max": earliest, "date": starts_on - dt.timedelta(days=earliest)},
            field="starts_at",
        )


def _rule_for(body: Body, matter_kind: str, default: str) -> str:
    if QualifiedMajority.objects.filter(
        statutes__cooperative_id=body.cooperative_id, matter_kind=matter_kind
    ).exists():
        return DecisionRule.QUALIFIED
    return default


def schedule_matter(meeting: Meeting, matter: Matter) -> AgendaItem:
    """File ``matter`` under its section of ``meeting``'s agenda (at the end if the agenda
    has no such section)."""
    items = list(meeting.items.order_by("position", "pk"))
    section_kind = SECTION_OF[SubmissionKind(matter.submission)]
    section = next((i for i in items if i.kind == section_kind), None)
    if section is None and section_kind != AgendaItemKind.MATTERS:
        section = next((i for i in items if i.kind == AgendaItemKind.MATTERS), None)
    if section is None:
        position = (items[-1].position if items else 0) + STEP
    else:
        below = [
            i.position for i in items if section.position < i.position < section.position + STEP
        ]
        position = (max(below) if below else section.position) + 1
    rule = body_rule(meeting.body)
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=position,
        title=matter.title,
        kind=AgendaItemKind.MATTER,
        matter_kind=matter.matter_kind,
        matter=matter,
        decision_rule=_rule_for(meeting.body, matter.matter_kind, rule.default_decision_rule),
    )
    matter.meeting = meeting
    matter.status = MatterStatus.SCHEDULED
    matter.save(update_fields=["meeting", "status"])
    return item


def meeting_create(
    *,
    body: Body,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    kind: str = MeetingKind.ORDINARY,
    place: str = "",
    link: str = "",
    chair: Person | None = None,
    secretary: Person | None = None,
    adjuster_1: Person | None = None,
    adjuster_2: Person | None = None,
    acting_user: Actor,
    today: dt.date | None = None,
) -> Meeting:
    """Plan a meeting of ``body`` with the agenda from its template. A date too close to
    give the notice the statutes ask for is refused."""
    today = today or timezone.localdate()
    meeting = Meeting(
        body=body,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at or starts_at + dt.timedelta(hours=2),
        kind=kind,
        place=place.strip(),
        link=link.strip(),
        chair=chair,
        secretary=secretary,
        adjuster_1=adjuster_1,
        adjuster_2=adjuster_2,
    )
    validate_model(meeting, exclude=["current_item"])
    if not (place.strip() or link.strip()):
        raise KoopValidationError(_("Say where the meeting is: a place or a link."), field="place")
    rule = body_rule(body)
    check_notice(
        rule=rule,
        kind=kind,
        starts_on=timezone.localtime(starts_at).date(),
        today=today,
        sending=False,
    )
    with transaction.atomic():
        meeting.save()
        template = getattr(body, "agenda_template", None)
        items = []
        if template is not None:
            for n, t in enumerate(template.items.order_by("position"), start=1):
                matter_kind = t.matter_kind or MatterKind.GENERAL
                items.append(
                    AgendaItem(
                        meeting=meeting,
                        position=n * STEP,
                        title=t.title,
                        kind=t.kind,
                        matter_kind=matter_kind,
                        decision_rule=_rule_for(body, matter_kind, rule.default_decision_rule),
                    )
                )
        AgendaItem.objects.bulk_create(items)
        waiting = Matter.objects.filter(
            body=body,
            meeting__isnull=True,
            status__in=[MatterStatus.SUBMITTED, MatterStatus.DEFERRED],
        ).order_by("submitted_at", "pk")
        for matter in waiting:
            schedule_matter(meeting, matter)
        audit_record(
            actor=acting_user,
            action="meeting_create",
            obj=meeting,
            before=None,
            after=snapshot(meeting),
        )
    return meeting


def meeting_send_notice(
    *, meeting: Meeting, acting_user: Actor, today: dt.date | None = None
) -> Meeting:
    """Call the meeting: e-mail the notice with the agenda and an invitation to everyone in
    the body, within the window the statutes set."""
    today = today or timezone.localdate()
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
        if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.CALLED):
            raise KoopValidationError(_("The meeting has already been held."), field="status")
        check_notice(
            rule=body_rule(meeting.body),
            kind=meeting.kind,
            starts_on=meeting_date(meeting),
            today=today,
            sending=True,
        )
        queued, sent = meeting.notice_queued_at, meeting.notice_sent_at
        if queued is not None and not meeting.notice_error and (sent is None or sent < queued):
            # a second press of the button while the first notice is on its way
            raise KoopValidationError(
                _("The notice is already being sent; its result shows here when it is."),
                field="status",
            )
        before = snapshot(meeting)
        # The meeting is called when the mail server has taken the notice: the task does it.
        meeting.notice_queued_at = timezone.now()
        meeting.notice_error = ""
        meeting.save(update_fields=["notice_queued_at", "notice_error"])
        audit_record(
            actor=acting_user,
            action="meeting_send_notice",
            obj=meeting,
            before=before,
            after=snapshot(meeting),
        )
        # Enqueued in the same transaction: the job row exists exactly when the change does.
        from koop.governance.tasks import send_meeting_notice

        send_meeting_notice.enqueue(meeting_id=meeting.pk, today=today.isoformat())
    return meeting


def _needs_notice(meeting: Meeting) -> bool:
    latest, _earliest = notice_days(body_rule(meeting.body), meeting.kind)
    return latest > 0


def meeting_open(*, meeting: Meeting, acting_user: Actor) -> Meeting:
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
        if meeting.status == MeetingStatus.PLANNED and _needs_notice(meeting):
            raise KoopValidationError(
                _("The meeting has not been called: send the notice first."), field="status"
            )
        if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.CALLED):
            raise KoopValidationError(_("The meeting is already open or closed."), field="status")
        before = snapshot(meeting)
        meeting.status = MeetingStatus.OPEN
        first = meeting.items.order_by("position", "pk").first()
        meeting.current_item = first
        meeting.save(update_fields=["status", "current_item"])
        audit_record(
            actor=acting_user,
            action="meeting_open",
            obj=meeting,
            before=before,
            after=snapshot(meeting),
        )
    return meeting


def meeting_close(*, meeting: Meeting, acting_user: Actor) -> Meeting:
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != MeetingStatus.OPEN:
            raise KoopValidationError(_("Only a meeting in session can be closed."), field="status")
        if meeting.votes.filter(status="open").exists():
            raise KoopValidationError(_("Close the open vote first."), field="status")
        before = snapshot(meeting)
        meeting.status = MeetingStatus.CLOSED
        meeting.current_item = None
        meeting.save(update_fields=["status", "current_item"])
        audit_record(
            actor=acting_user,
            action="meeting_close",
            obj=meeting,
            before=before,
            after=snapshot(meeting),
        )
    return meeting


def meeting_set_current_item(*, meeting: Meeting, item: AgendaItem, acting_user: Actor) -> Meeting:
    if item.meeting_id != meeting.pk:
        raise KoopValidationError(_("The item is on another meeting's agenda."), field="item")
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != MeetingStatus.OPEN:
            raise KoopValidationError(_("The meeting is not in session."), field="status")
        before = snapshot(meeting)
        meeting.current_item = item
        meeting.save(update_fields=["current_item"])
        audit_record(
            actor=acting_user,
            action="meeting_set_current_item",
            obj=meeting,
            before=before,
            after=snapshot(meeting),
        )
    return meeting


def meeting_update_officers(
    *,
    meeting: Meeting,
    acting_user: Actor,
    chair: Person | None,
    secretary: Person | None,
    adjuster_1: Person | None,
    adjuster_2: Person | None,
) -> Meeting:
    """The meeting's chair, secretary and two adjusters (who also count the votes), as the
    meeting elected them, from the body's members and the meeting's guests. Fixed once the
    minutes are approved."""
    officers = {
        "chair": chair,
        "secretary": secretary,
        "adjuster_1": adjuster_1,
        "adjuster_2": adjuster_2,
    }
    people = meeting_people_ids(meeting)
    for name, person in officers.items():
        if person is not None and (
            person.cooperative_id != meeting.body.cooperative_id or person.pk not in people
        ):
            raise not_at_meeting(name)
    if adjuster_1 is not None and adjuster_2 is not None and adjuster_1.pk == adjuster_2.pk:
        raise KoopValidationError(
            _("The two adjusters must be two different people."), field="adjuster_2"
        )
    if secretary is not None:
        for name in ("adjuster_1", "adjuster_2"):
            adjuster = officers[name]
            if adjuster is not None and adjuster.pk == secretary.pk:
                raise KoopValidationError(
                    _("The secretary cannot also approve the minutes as adjuster."), field=name
                )
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if Minutes.objects.filter(meeting=meeting, status=MinutesStatus.LOCKED).exists():
            raise KoopValidationError(
                _("The minutes are approved and locked: the officers cannot change."),
                field="chair",
            )
        before = snapshot(meeting)
        meeting.chair, meeting.secretary = chair, secretary
        meeting.adjuster_1, meeting.adjuster_2 = adjuster_1, adjuster_2
        validate_model(meeting, exclude=["current_item"])
        meeting.save(update_fields=["chair", "secretary", "adjuster_1", "adjuster_2"])
        audit_record(
            actor=acting_user,
            action="meeting_update_officers",
            obj=meeting,
            before=before,
            after=snapshot(meeting),
        )
    return meeting


def agenda_item_add(
    *, meeting: Meeting, title: str, acting_user: Actor, matter_kind: str = MatterKind.GENERAL
) -> AgendaItem:
    if meeting.status == MeetingStatus.CLOSED:
        raise KoopValidationError(_("The meeting is closed."), field="meeting")
    title = title.strip()
    if not title:
        raise KoopValidationError(_("Give the item a title."), field="title")
    with transaction.atomic():
        last = meeting.items.aggregate(m=Max("position"))["m"] or 0
        rule = body_rule(meeting.body)
        item = AgendaItem.objects.create(
            meeting=meeting,
            position=last + STEP,
            title=title,
            matter_kind=matter_kind,
            decision_rule=_rule_for(meeting.body, matter_kind, rule.default_decision_rule),
        )
        audit_record(
            actor=acting_user,
            action="agenda_item_add",
            obj=item,
            before=None,
            after=snapshot(item),
        )
    return item


def calendar_token_for(*, person: Person, acting_user: Actor, renew: bool = False) -> CalendarToken:
    with transaction.atomic():
        token = CalendarToken.objects.select_for_update().filter(person=person).first()
        if token is not None and not renew:
            return token
        if token is not None:
            token.delete()
        token = CalendarToken.objects.create(
            person=person,
            created_by=acting_user
            if acting_user is not None and acting_user.is_authenticated
            else None,  # type: ignore[misc]  # an authenticated user is a User here
        )
        audit_record(
            actor=acting_user,
            action="calendar_token_create",
            obj=token,
            before=None,
            after={"person": person.pk},
        )
    return token
