"""The governance's background work: mailing a meeting's notice with its invitation."""

from __future__ import annotations

import smtplib

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from koop.core.audit import audit_record, snapshot
from koop.core.tasks import retry_later
from koop.governance import notices
from koop.governance.models import Meeting, MeetingStatus
from koop.governance.selectors import body_member_ids, meeting_date
from koop.people.models import Person


@task(queue_name="mail")
def send_meeting_notice(*, meeting_id: int, today: str, attempt: int = 1) -> int:
    """Mail the notice; the meeting is called once the mail server took every message.
    A refusal is kept on the meeting for the chair and tried again after a back-off."""
    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.CALLED):
        return 0
    members = body_member_ids(meeting.body, meeting_date(meeting))
    recipients = [
        (p.full_name, p.email)
        for p in Person.objects.filter(pk__in=members).exclude(email="").order_by("pk")
    ]
    items = list(meeting.items.order_by("position", "pk"))
    sent_at = timezone.now()
    meeting.notice_sent_at = sent_at  # the invitation's sequence: this sending's time
    try:
        sent = notices.send_notice(meeting, items, recipients)
    except (smtplib.SMTPException, OSError) as error:
        retry_at = retry_later(
            send_meeting_notice, attempt=attempt, meeting_id=meeting_id, today=today
        )
        Meeting.objects.filter(pk=meeting_id).update(
            notice_error=str(error) or type(error).__name__,
            notice_retry_at=retry_at,
            notice_queued_at=timezone.now() if retry_at else None,
        )
        raise  # this attempt's job row shows the failure too
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
        before = snapshot(meeting)
        if meeting.status == MeetingStatus.PLANNED:
            meeting.status = MeetingStatus.CALLED
        meeting.notice_sent_at = sent_at
        meeting.notice_queued_at = None
        meeting.notice_retry_at = None
        meeting.notice_error = ""
        meeting.save()
        audit_record(
            actor=None, action="meeting_called", obj=meeting, before=before, after=snapshot(meeting)
        )
    return sent
