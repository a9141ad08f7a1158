"""Matters, participants' proposals and members' motions: submitted before the deadline,
late ones to the next meeting (unless the chair accepts them as urgent); motions after the
statutes' deadline are refused; the board answers each motion with its statement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.core.audit import audit_record, snapshot
from koop.core.errors import KoopValidationError
from koop.core.validation import validate_model
from koop.governance.models import (
    Body,
    BodyKind,
    Matter,
    MatterDocument,
    MatterKind,
    MatterStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    SubmissionKind,
)
from koop.governance.selectors import (
    body_rule,
    is_body_member,
    meetings_upcoming,
    statutes_of,
)
from koop.governance.services.common import Actor
from koop.governance.services.meetings import schedule_matter
from koop.people.models import Person

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def matter_deadline(meeting: Meeting, submission: str) -> dt.datetime:
    """The last moment a matter (or motion) can reach ``meeting``."""
    if submission == SubmissionKind.MOTION:
        days = statutes_of(meeting.body.cooperative_id).motion_deadline_days
    else:
        days = body_rule(meeting.body).matter_deadline_days
    return meeting.starts_at - dt.timedelta(days=days)


def _check_submitter(body: Body, submission: str, person: Person, on: dt.date) -> None:
    if submission == SubmissionKind.MOTION and body.kind != BodyKind.GENERAL_ASSEMBLY:
        raise KoopValidationError(_("Motions go to the general assembly."), field="submission")
    if submission == SubmissionKind.PROPOSAL and body.kind != BodyKind.UNIT_MEETING:
        raise KoopValidationError(
            _("Participants' proposals go to their unit's meeting (VS)."), field="submission"
        )
    if not is_body_member(body, person.pk, on):
        if body.kind == BodyKind.GENERAL_ASSEMBLY:
            message = _("Only members of the cooperative may submit to the general assembly.")
        else:
            message = _("Only people in %(body)s may submit matters to it.") % {"body": body}
        raise KoopValidationError(message, field="submitted_by")


def matter_submit(
    *,
    body: Body,
    submitted_by: Person,
    title: str,
    acting_user: Actor,
    submission: str = SubmissionKind.MATTER,
    text: str = "",
    matter_kind: str = MatterKind.GENERAL,
    amount: Decimal | None = None,
    meeting: Meeting | None = None,
    documents: Sequence[UploadedFile] = (),
    now: dt.datetime | None = None,
) -> Matter:
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    _check_submitter(body, submission, submitted_by, today)
    matter = Matter(
        body=body,
        submitted_by=submitted_by,
        title=title.strip(),
        text=text.strip(),
        submission=submission,
        matter_kind=matter_kind,
        amount=amount,
        submitted_at=now,
    )
    validate_model(matter, exclude=["meeting"])
    for document in documents:
        if (document.size or 0) > MAX_DOCUMENT_BYTES:
            raise KoopValidationError(
                _("%(name)s is larger than 20 MB.") % {"name": document.name},
                field="documents",
            )
    if meeting is not None and meeting.body_id != body.pk:
        raise KoopValidationError(_("The meeting belongs to another body."), field="meeting")
    upcoming = list(meetings_upcoming(body, after=now))
    if submission == SubmissionKind.MOTION:
        upcoming = [m for m in upcoming if m.kind == MeetingKind.ORDINARY]
    target = meeting or (upcoming[0] if upcoming else None)
    if target is not None and target.status not in (MeetingStatus.PLANNED, MeetingStatus.CALLED):
        raise KoopValidationError(_("The meeting has already been held."), field="meeting")
    with transaction.atomic():
        late = target is not None and now > matter_deadline(target, submission)
        if late and submission == SubmissionKind.MOTION:
            raise KoopValidationError(
                _(
                    "The deadline for motions to %(meeting)s was %(deadline)s; the statutes "
                    "do not allow later motions."
                )
                % {
                    "meeting": target.title if target else "",
                    "deadline": timezone.localtime(matter_deadline(target, submission)).date()
                    if target
                    else "",
                },
                field="submitted_at",
            )
        matter.save()
        for upload in documents:
            MatterDocument.objects.create(matter=matter, file=upload, name=upload.name or "")
        if target is not None and not late:
            schedule_matter(target, matter)
        elif late:
            # Too late for this meeting: to the next one if it is already planned, or it
            # waits for the next one to be created.
            later = [m for m in upcoming if m.starts_at > target.starts_at]  # type: ignore[union-attr]
            if later and now <= matter_deadline(later[0], submission):
                schedule_matter(later[0], matter)
            else:
                matter.status = MatterStatus.DEFERRED
                matter.save(update_fields=["status"])
        audit_record(
            actor=acting_user,
            action="matter_submit",
            obj=matter,
            before=None,
            after=snapshot(matter),
        )
    return matter


def matter_accept_urgent(*, matter: Matter, meeting: Meeting, acting_user: Actor) -> Matter:
    """The chair puts a late matter on this meeting's agenda after all."""
    if meeting.body_id != matter.body_id:
        raise KoopValidationError(_("The meeting belongs to another body."), field="meeting")
    if matter.submission == SubmissionKind.MOTION:
        raise KoopValidationError(
            _("A motion after the deadline cannot be accepted as urgent."), field="matter"
        )
    if meeting.status == MeetingStatus.CLOSED:
        raise KoopValidationError(_("The meeting is closed."), field="meeting")
    with transaction.atomic():
        matter = Matter.objects.select_for_update().get(pk=matter.pk)
        if matter.meeting_id == meeting.pk:
            raise KoopValidationError(_("The matter is already on this agenda."), field="matter")
        if matter.status not in (
            MatterStatus.DEFERRED,
            MatterStatus.SCHEDULED,
            MatterStatus.SUBMITTED,
        ):
            raise KoopValidationError(_("The matter has already been dealt with."), field="matter")
        before = snapshot(matter)
        matter.agenda_items.all().delete()
        matter.urgent = True
        matter.save(update_fields=["urgent"])
        schedule_matter(meeting, matter)
        audit_record(
            actor=acting_user,
            action="matter_accept_urgent",
            obj=matter,
            before=before,
            after=snapshot(matter),
        )
    return matter


def motion_answer(*, matter: Matter, statement: str, acting_user: Actor) -> Matter:
    """The board's statement on a motion, sent out with the notice of the assembly."""
    if matter.submission != SubmissionKind.MOTION:
        raise KoopValidationError(_("Only motions get the board's statement."), field="matter")
    statement = statement.strip()
    if not statement:
        raise KoopValidationError(_("Write the board's statement."), field="statement")
    with transaction.atomic():
        matter = Matter.objects.select_for_update().get(pk=matter.pk)
        if matter.status == MatterStatus.DECIDED:
            raise KoopValidationError(
                _("The assembly has already decided the motion."), field="matter"
            )
        before = snapshot(matter)
        matter.board_statement = statement
        matter.board_statement_at = timezone.now()
        matter.save(update_fields=["board_statement", "board_statement_at"])
        audit_record(
            actor=acting_user,
            action="motion_answer",
            obj=matter,
            before=before,
            after=snapshot(matter),
        )
    return matter


__all__ = [
    "matter_accept_urgent",
    "matter_deadline",
    "matter_submit",
    "motion_answer",
]
