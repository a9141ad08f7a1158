"""Minutes: drafted from the agenda and the decisions, edited by the secretary, approved by
both adjusters in Koop and then locked (the database refuses any later change)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.core.audit import audit_record, snapshot
from koop.core.errors import KoopValidationError
from koop.governance.models import (
    AgendaItemKind,
    Decision,
    DecisionManner,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesApproval,
    MinutesStatus,
    Outcome,
    Vote,
    VoteStatus,
)
from koop.governance.selectors import decisions_pending, voting_register
from koop.governance.services.common import Actor
from koop.people.models import Person


def _decision_line(decision: Decision) -> str:
    if decision.manner == DecisionManner.UNANIMOUS:
        how = _("decided unanimously")
    elif decision.manner == DecisionManner.CONSENSUS:
        how = _("decided by consensus")
    else:
        how = _("decided by vote: %(yes)s yes, %(no)s no, %(abstain)s abstained") % {
            "yes": decision.yes_count if decision.yes_count is not None else "–",
            "no": decision.no_count if decision.no_count is not None else "–",
            "abstain": decision.abstain_count if decision.abstain_count is not None else "–",
        }
    outcome = Outcome(decision.outcome).label
    line = f"{_('Decision')}: {decision.text} ({outcome}; {how})"
    for reservation in decision.reservations.all():
        line += "\n    " + _("Reservation by %(name)s: %(text)s") % {
            "name": reservation.person.full_name,
            "text": reservation.text or "–",
        }
    if decision.responsible is not None:
        line += "\n    " + _("Responsible: %(name)s, due %(due)s") % {
            "name": decision.responsible.full_name,
            "due": decision.due_on or "–",
        }
    return line


def _election_line(vote: Vote) -> str:
    options = list(vote.options.order_by("-count", "position"))
    elected = ", ".join(o.label for o in options if o.elected) or "–"
    counts = ", ".join(f"{o.label} {o.count or 0}" for o in options)
    line = _("Election (%(seats)d seat(s)): elected %(elected)s. Votes: %(counts)s.") % {
        "seats": vote.seats,
        "elected": elected,
        "counts": counts,
    }
    if vote.tie_broken_by == "lot":
        line += " " + _("A tie was settled by lot.")
    return line


def minutes_draft_text(meeting: Meeting) -> str:
    """The first draft: the meeting's facts, the voting register and every item with what
    was decided on it."""
    local = timezone.localtime(meeting.starts_at)
    register = voting_register(meeting)
    lines = [
        _("Minutes of %(title)s") % {"title": meeting.title},
        _("Date: %(date)s. Place: %(place)s")
        % {
            "date": local.strftime("%Y-%m-%d %H:%M"),
            "place": meeting.place or meeting.link,
        },
        _("Chair: %(name)s") % {"name": meeting.chair.full_name if meeting.chair else "–"},
        _("Secretary: %(name)s")
        % {"name": meeting.secretary.full_name if meeting.secretary else "–"},
        _("Adjusters: %(a)s, %(b)s")
        % {
            "a": meeting.adjuster_1.full_name if meeting.adjuster_1 else "–",
            "b": meeting.adjuster_2.full_name if meeting.adjuster_2 else "–",
        },
        _("Voting register: %(n)d votes present of %(m)d entitled.")
        % {
            "n": register.votes,
            "m": register.entitled_in_body,
        },
        "",
    ]
    decisions = list(
        Decision.objects.filter(meeting=meeting)
        .select_related("responsible")
        .prefetch_related("reservations__person")
        .order_by("pk")
    )
    elections = list(
        Vote.objects.filter(meeting=meeting, is_election=True, status=VoteStatus.CLOSED)
    )
    pending = list(decisions_pending(meeting.body, before=meeting.starts_at))
    for number, item in enumerate(meeting.items.order_by("position", "pk"), start=1):
        lines.append(f"§ {number}. {item.title}")
        if item.notes:
            lines.append(item.notes)
        if item.kind == AgendaItemKind.PENDING_DECISIONS:
            for d in pending:
                lines.append(
                    f"  – {d.text} ({d.meeting.title}; {d.get_execution_status_display()})"
                )
        for vote in elections:
            if vote.agenda_item_id == item.pk:
                lines.append(_election_line(vote))
        for decision in decisions:
            if decision.agenda_item_id == item.pk:
                lines.append(_decision_line(decision))
        lines.append("")
    loose = [d for d in decisions if d.agenda_item_id is None]
    for decision in loose:
        lines.append(_decision_line(decision))
    return "\n".join(lines).strip() + "\n"


def minutes_save(*, meeting: Meeting, text: str, acting_user: Actor) -> Minutes:
    """The secretary's text. Saving a changed text withdraws earlier approvals."""
    if not text.strip():
        raise KoopValidationError(_("The minutes cannot be empty."), field="text")
    meeting = Meeting.objects.get(pk=meeting.pk)
    if meeting.status not in (MeetingStatus.OPEN, MeetingStatus.CLOSED):
        raise KoopValidationError(_("Minutes are kept once the meeting is open."), field="text")
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
        if minutes is not None and minutes.status == MinutesStatus.LOCKED:
            raise KoopValidationError(_("The minutes are approved and locked."), field="text")
        before = snapshot(minutes) if minutes else None
        if minutes is None:
            minutes = Minutes(meeting=meeting, text=text)
        elif minutes.text != text:
            minutes.approvals.all().delete()
        minutes.text = text
        minutes.updated_at = timezone.now()
        minutes.save()
        audit_record(
            actor=acting_user,
            action="minutes_save",
            obj=minutes,
            before=before,
            after=snapshot(minutes),
        )
    return minutes


def minutes_approve(*, minutes: Minutes, adjuster: Person, acting_user: Actor) -> Minutes:
    """One adjuster's approval; with both, the minutes are locked."""
    meeting = Meeting.objects.get(pk=minutes.meeting_id)
    adjusters = {meeting.adjuster_1_id, meeting.adjuster_2_id} - {None}
    if adjuster.pk not in adjusters:
        raise KoopValidationError(
            _("Only the meeting's adjusters approve its minutes."), field="adjuster"
        )
    if len(adjusters) < 2:
        raise KoopValidationError(_("The meeting needs two adjusters."), field="adjuster")
    if meeting.status != MeetingStatus.CLOSED:
        raise KoopValidationError(
            _("Approve the minutes once the meeting is closed."), field="adjuster"
        )
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if minutes.status == MinutesStatus.LOCKED:
            raise KoopValidationError(_("The minutes are already locked."), field="adjuster")
        if minutes.approvals.filter(adjuster=adjuster).exists():
            raise KoopValidationError(
                _("You have already approved these minutes."), field="adjuster"
            )
        approval = MinutesApproval.objects.create(minutes=minutes, adjuster=adjuster)
        audit_record(
            actor=acting_user,
            action="minutes_approve",
            obj=approval,
            before=None,
            after=snapshot(approval),
        )
        if set(minutes.approvals.values_list("adjuster_id", flat=True)) >= adjusters:
            before = snapshot(minutes)
            minutes.status = MinutesStatus.LOCKED
            minutes.locked_at = timezone.now()
            minutes.save(update_fields=["status", "locked_at"])
            audit_record(
                actor=acting_user,
                action="minutes_lock",
                obj=minutes,
                before=before,
                after=snapshot(minutes),
            )
    return minutes
