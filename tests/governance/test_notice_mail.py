"""A meeting's notice goes out through a background task and a real SMTP conversation: the
meeting is called only once the mail server took the messages; a refusal stays on the
meeting's page and in the API, the meeting not yet called, and is tried again later."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from koop.core.errors import KoopValidationError
from koop.governance.models import Meeting, MeetingStatus
from koop.governance.services import meeting_create, meeting_send_notice
from tests.governance.helpers import Gov, at


class Inbox:
    """Keeps what the server received, or answers every message with ``refusal``."""

    def __init__(self, refusal: str | None = None) -> None:
        self.refusal = refusal
        self.received: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refusal:
            return self.refusal
        self.received.append((list(envelope.rcpt_tos), email.message_from_bytes(envelope.content)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _smtp(settings: Any, inbox: Inbox) -> Iterator[Inbox]:
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    yield from _smtp(settings, Inbox())


@pytest.fixture
def refusing_smtp(settings: Any) -> Iterator[Inbox]:
    yield from _smtp(settings, Inbox("550 Mailbox unavailable"))


def _meeting(gov: Gov) -> Meeting:
    for person in gov.world.persons.values():
        person.email = f"{person.first_name.lower()}@example.se"
        person.save()
    return meeting_create(
        body=gov.assembly,
        title="Föreningsstämma 2027",
        starts_at=at(30),
        place="Aulan",
        acting_user=None,
    )


def test_the_notice_reaches_the_mail_server_with_its_invitation_and_calls_the_meeting(
    gov: Gov, smtp: Inbox
) -> None:
    meeting = _meeting(gov)
    meeting_send_notice(meeting=meeting, acting_user=None)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CALLED
    assert meeting.notice_sent_at is not None
    assert meeting.notice_error == ""
    addresses = sorted(p.email for p in gov.world.persons.values())
    assert sorted(r for rcpts, _ in smtp.received for r in rcpts) == addresses
    rcpts, message = smtp.received[0]
    assert len(rcpts) == 1  # nobody sees the others' addresses
    assert "Föreningsstämma 2027" in str(
        email.header.make_header(email.header.decode_header(message["Subject"]))
    )
    [ics] = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    event = Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")[0]
    assert str(event["summary"]) == "Föreningsstämma 2027"
    assert event.decoded("dtstart") == meeting.starts_at
    assert str(event["location"]) == "Aulan"


def test_a_refusing_mail_server_leaves_the_meeting_not_yet_called_with_the_error_shown(
    gov: Gov, refusing_smtp: Inbox, client_for: Any
) -> None:
    meeting = _meeting(gov)
    board = client_for("board")
    assert board.post(f"/governance/meetings/{meeting.pk}/notice/").status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    assert "Mailbox unavailable" in meeting.notice_error
    page = board.get(f"/governance/meetings/{meeting.pk}/").content.decode()
    assert 'id="notice-problem"' in page
    assert "Mailbox unavailable" in page
    detail = board.get(f"/api/v1/meetings/{meeting.pk}").json()
    assert detail["status"] == "planned"
    assert "Mailbox unavailable" in detail["notice_error"]


def test_no_mail_server_at_all_fails_the_same_way(gov: Gov, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()  # nobody listens
    meeting = _meeting(gov)
    meeting_send_notice(meeting=meeting, acting_user=None)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED
    assert meeting.notice_error


def _worker_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    # The worker checks its connection between jobs; inside the test's transaction that
    # check would end the transaction, so it is left out here.
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("worker", "--once", verbosity=0)  # as ``koop worker --once``


def test_a_worker_sends_the_queued_notice_and_retries_a_refusal_with_back_off(
    gov: Gov, db_tasks: None, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.KOOP_TASK_ATTEMPTS, settings.KOOP_TASK_RETRY_SECONDS = 2, 60
    inbox = Inbox("550 Mailbox unavailable")
    for _ in _smtp(settings, inbox):
        meeting = _meeting(gov)
        meeting_send_notice(meeting=meeting, acting_user=None)
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.PLANNED
        assert meeting.notice_queued_at
        assert DBTaskResult.objects.filter(status="READY").count() == 1  # a row, no thread

        _worker_pass(monkeypatch)
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.PLANNED
        assert "Mailbox unavailable" in meeting.notice_error
        retry = DBTaskResult.objects.get(status="READY")
        assert retry.run_after is not None
        assert retry.run_after > timezone.now()
        assert retry.args_kwargs["kwargs"]["attempt"] == 2
        assert meeting.notice_retry_at == retry.run_after

        # The server works again; the retry, once due, calls the meeting.
        inbox.refusal = None
        DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
        _worker_pass(monkeypatch)
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.CALLED
        assert meeting.notice_error == ""
        assert len(inbox.received) == len(gov.world.persons)


def test_the_attempts_are_bounded(
    gov: Gov, db_tasks: None, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.KOOP_TASK_ATTEMPTS = 2
    for _ in _smtp(settings, Inbox("550 Mailbox unavailable")):
        meeting = _meeting(gov)
        meeting_send_notice(meeting=meeting, acting_user=None)
        for _attempt in range(2):
            DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
            _worker_pass(monkeypatch)
        assert not DBTaskResult.objects.filter(status="READY").exists()
        assert DBTaskResult.objects.filter(status="FAILED").count() == 2
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.PLANNED
        assert meeting.notice_retry_at is None


def test_a_second_press_while_the_notice_is_on_its_way_queues_nothing_more(
    gov: Gov, db_tasks: None
) -> None:
    meeting = _meeting(gov)
    meeting_send_notice(meeting=meeting, acting_user=None, today=timezone.localdate())
    with pytest.raises(KoopValidationError, match="already being sent"):
        meeting_send_notice(meeting=meeting, acting_user=None, today=timezone.localdate())
    assert DBTaskResult.objects.count() == 1
