"""Who is at a meeting: the guests invited to it, checking people in, and the proxies
shown there. Only the body's members on the meeting date and the meeting's guests can be
checked in; a refusal for anyone else names nobody."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from koop.core.audit import audit_record, snapshot
from koop.core.errors import KoopValidationError
from koop.governance.models import Attendance, Meeting, MeetingGuest, MeetingStatus, Proxy
from koop.governance.selectors import (
    body_member_ids,
    body_rule,
    is_voter,
    meeting_date,
    meeting_people_ids,
)
from koop.governance.services.common import Actor
from koop.people.models import Person


def not_at_meeting(field: str) -> KoopValidationError:
    """The refusal for a person who is neither in the body nor invited: it names nobody,
    so it cannot tell the asker who a person id belongs to."""
    return KoopValidationError(
        _("That person is neither a member of the body nor invited to the meeting."),
        field=field,
    )


def no_proxy_for(field: str) -> KoopValidationError:
    """The refusal for a vote cast on behalf of someone whose proxy the caster does not
    hold at the meeting: it names nobody either."""
    return KoopValidationError(_("You hold no proxy for that person at this meeting."), field=field)


def meeting_invite_guest(*, meeting: Meeting, person: Person, acting_user: Actor) -> MeetingGuest:
    """Invite ``person`` from outside the body to ``meeting``: they may then be checked in
    and serve as an officer, without a vote."""
    if meeting.status == MeetingStatus.CLOSED:
        raise KoopValidationError(_("The meeting is closed."), field="meeting")
    if person.cooperative_id != meeting.body.cooperative_id:
        raise KoopValidationError(_("The person belongs to another cooperative."), field="person")
    if person.pk in body_member_ids(meeting.body, meeting_date(meeting)):
        raise KoopValidationError(
            _("%(name)s is a member of the body and needs no invitation.")
            % {"name": person.full_name},
            field="person",
        )
    with transaction.atomic():
        try:
            with transaction.atomic():
                guest = MeetingGuest.objects.create(meeting=meeting, person=person)
        except IntegrityError:
            raise KoopValidationError(
                _("%(name)s is already invited.") % {"name": person.full_name}, field="person"
            ) from None
        audit_record(
            actor=acting_user,
            action="meeting_invite_guest",
            obj=guest,
            before=None,
            after=snapshot(guest),
        )
    return guest


def attendance_check_in(*, meeting: Meeting, person: Person, acting_user: Actor) -> Attendance:
    """Check ``person`` in; from now on they are in the voting register if entitled."""
    if meeting.status == MeetingStatus.CLOSED:
        raise KoopValidationError(_("The meeting is closed."), field="meeting")
    if person.cooperative_id != meeting.body.cooperative_id:
        raise not_at_meeting("person")
    if person.pk not in meeting_people_ids(meeting):
        raise not_at_meeting("person")
    with transaction.atomic():
        if Attendance.objects.filter(meeting=meeting, person=person).exists():
            raise KoopValidationError(
                _("%(name)s is already checked in.") % {"name": person.full_name},
                field="person",
            )
        if Proxy.objects.filter(meeting=meeting, member=person).exists():
            # Present in person: the proxy lapses, so the vote is not counted twice.
            Proxy.objects.filter(meeting=meeting, member=person).delete()
        try:
            with transaction.atomic():
                attendance = Attendance.objects.create(meeting=meeting, person=person)
        except IntegrityError:
            raise KoopValidationError(
                _("%(name)s is already checked in.") % {"name": person.full_name},
                field="person",
            ) from None
        audit_record(
            actor=acting_user,
            action="attendance_check_in",
            obj=attendance,
            before=None,
            after=snapshot(attendance),
        )
    return attendance


def proxy_register(
    *, meeting: Meeting, member: Person, holder: Person, acting_user: Actor
) -> Proxy:
    """Record that ``holder`` represents ``member`` (a written proxy shown at the meeting).
    Only where the statutes allow proxies, at most their number per holder, and the holder
    must be checked in and entitled to vote themself."""
    rule = body_rule(meeting.body)
    if not rule.proxies_allowed:
        raise KoopValidationError(
            _("The statutes do not allow proxies at this body's meetings."), field="holder"
        )
    if meeting.status == MeetingStatus.CLOSED:
        raise KoopValidationError(_("The meeting is closed."), field="meeting")
    if member.pk == holder.pk:
        raise KoopValidationError(_("Nobody holds a proxy for themself."), field="holder")
    people = meeting_people_ids(meeting)
    for person, field in ((member, "member"), (holder, "holder")):
        if person.pk not in people:
            raise not_at_meeting(field)
    on = meeting_date(meeting)
    for person in (member, holder):
        if person.cooperative_id != meeting.body.cooperative_id:
            raise KoopValidationError(
                _("The person belongs to another cooperative."),
                field="member" if person is member else "holder",
            )
    if not is_voter(meeting.body, member.pk, on):
        raise KoopValidationError(
            _("%(name)s is not entitled to vote at this meeting.") % {"name": member.full_name},
            field="member",
        )
    if not is_voter(meeting.body, holder.pk, on):
        raise KoopValidationError(
            _("%(name)s is not entitled to vote at this meeting and cannot hold a proxy.")
            % {"name": holder.full_name},
            field="holder",
        )
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=holder.pk)  # one proxy count at a time
        if not Attendance.objects.filter(meeting=meeting, person=holder).exists():
            raise KoopValidationError(
                _("%(name)s must be checked in at the meeting to hold a proxy.")
                % {"name": holder.full_name},
                field="holder",
            )
        if Attendance.objects.filter(meeting=meeting, person=member).exists():
            raise KoopValidationError(
                _("%(name)s is present and votes in person.") % {"name": member.full_name},
                field="member",
            )
        if Proxy.objects.filter(meeting=meeting, member=member).exists():
            raise KoopValidationError(
                _("%(name)s is already represented.") % {"name": member.full_name},
                field="member",
            )
        held = Proxy.objects.filter(meeting=meeting, holder=holder).count()
        if held >= rule.max_proxies_per_holder:
            raise KoopValidationError(
                _("A proxy holder may represent at most %(n)d member(s).")
                % {"n": rule.max_proxies_per_holder},
                field="holder",
            )
        proxy = Proxy.objects.create(meeting=meeting, member=member, holder=holder)
        audit_record(
            actor=acting_user,
            action="proxy_register",
            obj=proxy,
            before=None,
            after=snapshot(proxy),
        )
    return proxy
