"""Reading and writing case files (GDPR art. 9) and anonymising them after retention.

Each decryption writes an access log row in the same transaction: a read that cannot be
logged does not happen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from koop.core.audit import audit_record
from koop.participants import crypto
from koop.participants.models import (
    CASE_FILE_SECTIONS,
    Agreement,
    Anonymisation,
    CaseFile,
    CaseFileAccessLog,
    CaseFileAction,
    Exit,
    FollowUpMeeting,
    PlanGoal,
    PlanStep,
)
from koop.participants.services._common import Actor, user_or_none
from koop.people.models import Employment, Membership, Person


@dataclass(frozen=True)
class CaseFileContents:
    person_id: int
    health: str
    disability: str
    background: str
    updated_at: dt.datetime | None
    anonymised: bool

    def as_dict(self) -> dict[str, str]:
        return {s: getattr(self, s) for s in CASE_FILE_SECTIONS}


def _log(person: Person, acting_user: Actor, action: CaseFileAction) -> None:
    CaseFileAccessLog.objects.create(person=person, user=user_or_none(acting_user), action=action)


def case_file_read(
    *, person: Person, acting_user: Actor, action: CaseFileAction = CaseFileAction.READ
) -> CaseFileContents:
    """The decrypted case file of ``person`` (empty if none), logged as read by the actor."""
    with transaction.atomic():
        case_file = CaseFile.objects.filter(person=person).first()
        _log(person, acting_user, action)
        if case_file is None:
            return CaseFileContents(person.pk, "", "", "", None, anonymised=False)
        return CaseFileContents(
            person_id=person.pk,
            health=crypto.decrypt(case_file.health),
            disability=crypto.decrypt(case_file.disability),
            background=crypto.decrypt(case_file.background),
            updated_at=case_file.updated_at,
            anonymised=case_file.anonymised_at is not None,
        )


def case_file_write(
    *, person: Person, health: str, disability: str, background: str, acting_user: Actor
) -> CaseFile:
    """Store the case file encrypted. The audit trail records that it changed, not what."""
    with transaction.atomic():
        case_file, _created = CaseFile.objects.select_for_update().get_or_create(person=person)
        case_file.health = crypto.encrypt(health.strip())
        case_file.disability = crypto.encrypt(disability.strip())
        case_file.background = crypto.encrypt(background.strip())
        case_file.updated_by = user_or_none(acting_user)
        case_file.anonymised_at = None
        case_file.save()
        _log(person, acting_user, CaseFileAction.WRITE)
        audit_record(
            actor=acting_user,
            action="case_file_write",
            obj=case_file,
            before=None,
            after={"person_id": person.pk, "sections": list(CASE_FILE_SECTIONS)},
        )
    return case_file


@dataclass
class AnonymiseReport:
    case_files: list[int] = field(default_factory=list)  # person ids
    personal_details: list[int] = field(default_factory=list)  # person ids
    dry_run: bool = False


def _due_person_ids(*, today: dt.date, retention_days: int) -> list[int]:
    """Participants whose last exit is older than the retention time and who have no
    agreement still running or to come."""
    cutoff = today - dt.timedelta(days=retention_days)
    exited = (
        Exit.objects.values("agreement__person_id")
        .annotate(last_exit=Max("exited_on"))
        .filter(last_exit__lte=cutoff)
        .values_list("agreement__person_id", flat=True)
    )
    still_running = Agreement.objects.filter(exit__isnull=True, ends_on__gt=cutoff).values(
        "person_id"
    )
    done = Anonymisation.objects.values("person_id")
    return sorted(
        Person.objects.filter(pk__in=exited)
        .exclude(pk__in=still_running)
        .exclude(pk__in=done)
        .values_list("pk", flat=True)
    )


def participants_anonymise(
    *, today: dt.date, retention_days: int, acting_user: Actor, dry_run: bool = False
) -> AnonymiseReport:
    """Anonymise what is kept about participants ``retention_days`` after their exit.

    The case file is emptied; the free text of plans and meetings is cleared; a person who
    is neither employed nor a member loses name, contact details and personnummer and their
    login is closed. Agreements, placements, attendance, claims and exit outcomes stay (the
    books and the anonymous statistics need them). Running it again changes nothing."""
    report = AnonymiseReport(dry_run=dry_run)
    person_ids = _due_person_ids(today=today, retention_days=retention_days)
    if not person_ids:
        return report
    keep_details = set(
        Employment.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today), person_id__in=person_ids
        ).values_list("person_id", flat=True)
    ) | set(
        Membership.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today), person_id__in=person_ids
        ).values_list("person_id", flat=True)
    )
    report.case_files = sorted(
        CaseFile.objects.filter(person_id__in=person_ids).values_list("person_id", flat=True)
    )
    report.personal_details = [p for p in person_ids if p not in keep_details]
    if dry_run:
        return report
    now = timezone.now()
    with transaction.atomic():
        for person in Person.objects.select_for_update().filter(pk__in=person_ids):
            CaseFile.objects.filter(person=person).update(
                health=crypto.encrypt(""),
                disability=crypto.encrypt(""),
                background=crypto.encrypt(""),
                anonymised_at=now,
                updated_by=None,
            )
            if person.pk in report.case_files:
                _log(person, acting_user, CaseFileAction.ANONYMISE)
            FollowUpMeeting.objects.filter(plan__agreement__person=person).update(notes="")
            PlanStep.objects.filter(goal__plan__agreement__person=person).update(text="—")
            PlanGoal.objects.filter(plan__agreement__person=person).update(text="—")
            Exit.objects.filter(agreement__person=person).update(note="")
            details = person.pk not in keep_details
            if details:
                Person.objects.filter(pk=person.pk).update(
                    first_name="Anonymiserad",
                    last_name=f"#{person.pk}",
                    email="",
                    phone="",
                    street_address="",
                    postal_code="",
                    city="",
                    personnummer=None,
                    gender="",
                    other_background=None,
                    self_report_consent_at=None,
                    self_report_consent_by=None,
                )
                if person.user_id is not None:
                    get_user_model().objects.filter(pk=person.user_id).update(
                        is_active=False, email="", first_name="", last_name=""
                    )
            Anonymisation.objects.create(person=person, personal_details=details)
            audit_record(
                actor=acting_user,
                action="participant_anonymise",
                obj=person,
                before=None,
                after={"personal_details": details},
            )
    return report
