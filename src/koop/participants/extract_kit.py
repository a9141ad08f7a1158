"""The pieces of the register extract (see ``koop.participants.extract``): the keys and
what they mean, the values, records and sections, and the seam through which apps above
participants (governance's meetings and votes, the API's tokens) add their own sections
without participants importing them.

An app registers, once (in its ``AppConfig.ready``)::

    register_sections(maker, keys={"meeting_attendance": ..., ...}, covers={...})

``maker(person)`` returns the sections of what that app holds about the person; ``keys``
documents every key it uses (they join ``KEYS``); ``covers`` names the ``(model label,
field)`` pairs that reference a person or login and that these sections report, so that
the test of the extract knows every such reference is either reported or excluded with a
reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from koop.core.formatting import NO_VALUE, format_date, format_datetime, format_hours
from koop.people.models import Person

# Every key of the extract and what it means: the labels of the PDF and the documentation
# of the JSON. A section's key stands alone; a field's key is "<section>.<field>".
KEYS: dict[str, Promise] = {
    "made_at": gettext_lazy("When the extract was made"),
    "language": gettext_lazy("Language of the extract"),
    "person": gettext_lazy("About you"),
    "person.name": gettext_lazy("Name"),
    "person.first_name": gettext_lazy("First name"),
    "person.last_name": gettext_lazy("Last name"),
    "person.email": gettext_lazy("E-mail"),
    "person.phone": gettext_lazy("Phone"),
    "person.street_address": gettext_lazy("Street address"),
    "person.postal_code": gettext_lazy("Postal code"),
    "person.city": gettext_lazy("City"),
    "person.personnummer": gettext_lazy("Personal identity number"),
    "person.gender": gettext_lazy("Gender (told by you)"),
    "person.other_background": gettext_lazy("Other ethnic background (told by you)"),
    "person.self_report_consent_at": gettext_lazy("You agreed to us keeping what you told us"),
    "person.login": gettext_lazy("User name for logging in"),
    "memberships": gettext_lazy("Membership of the cooperative"),
    "memberships.started_on": gettext_lazy("Member from"),
    "memberships.ended_on": gettext_lazy("Member until"),
    "employments": gettext_lazy("Employments"),
    "employments.kind": gettext_lazy("Kind of employment"),
    "employments.title": gettext_lazy("Title"),
    "employments.unit": gettext_lazy("Unit"),
    "employments.started_on": gettext_lazy("From"),
    "employments.ended_on": gettext_lazy("Until"),
    "employments.wage_step": gettext_lazy("Wage step"),
    "employments.hours_per_week": gettext_lazy("Hours per week"),
    "roles": gettext_lazy("What you may do in Koop"),
    "roles.role": gettext_lazy("Role"),
    "roles.unit": gettext_lazy("Unit"),
    "agreements": gettext_lazy("Three-party agreements"),
    "agreements.referring_body": gettext_lazy("Referring body"),
    "agreements.officer_name": gettext_lazy("Case officer"),
    "agreements.officer_phone": gettext_lazy("Case officer's phone"),
    "agreements.officer_email": gettext_lazy("Case officer's e-mail"),
    "agreements.decision_reference": gettext_lazy("Decision reference"),
    "agreements.decision_date": gettext_lazy("Date of the decision"),
    "agreements.hours_per_week": gettext_lazy("Hours per week"),
    "agreements.support_kind": gettext_lazy("Kind of support"),
    "agreements.unit": gettext_lazy("Unit"),
    "agreements.starts_on": gettext_lazy("Agreement from"),
    "agreements.ends_on": gettext_lazy("Agreement until"),
    "agreements.body_consent_at": gettext_lazy("The referring body's decision recorded"),
    "agreements.cooperative_consent_at": gettext_lazy("The cooperative's yes recorded"),
    "agreements.participant_consent_at": gettext_lazy("Your yes recorded"),
    "agreements.ended_early_on": gettext_lazy("Ended early on"),
    "changes": gettext_lazy("Changes to the agreement"),
    "changes.kind": gettext_lazy("Change"),
    "changes.previous_ends_on": gettext_lazy("Ended before on"),
    "changes.new_ends_on": gettext_lazy("Ends now on"),
    "changes.reason": gettext_lazy("Why"),
    "changes.recorded_at": gettext_lazy("Recorded"),
    "placements": gettext_lazy("Placements"),
    "placements.unit": gettext_lazy("Unit"),
    "placements.starts_on": gettext_lazy("From"),
    "placements.ends_on": gettext_lazy("Until"),
    "placements.schedule": gettext_lazy("Working days"),
    "plan": gettext_lazy("Development plan"),
    "goals": gettext_lazy("Goals"),
    "goals.text": gettext_lazy("Goal"),
    "goals.status": gettext_lazy("Status"),
    "goals.target_on": gettext_lazy("Target date"),
    "steps": gettext_lazy("Steps"),
    "steps.text": gettext_lazy("Step"),
    "steps.due_on": gettext_lazy("By"),
    "steps.done_on": pgettext_lazy("completed on", "Done"),
    "meetings": gettext_lazy("Follow-up meetings"),
    "meetings.held_on": gettext_lazy("Held on"),
    "meetings.notes": gettext_lazy("Notes"),
    "meetings.next_on": gettext_lazy("Next meeting"),
    "exit": gettext_lazy("When you left"),
    "exit.exited_on": gettext_lazy("Left on"),
    "exit.outcome": gettext_lazy("What came next"),
    "exit.note": gettext_lazy("Note"),
    "follow_ups": gettext_lazy("Follow-ups after you left"),
    "follow_ups.months": gettext_lazy("Months after leaving"),
    "follow_ups.due_on": gettext_lazy("Due"),
    "follow_ups.done_on": pgettext_lazy("completed on", "Done"),
    "follow_ups.outcome": gettext_lazy("How it went"),
    "follow_ups.note": gettext_lazy("Note"),
    "attendance": gettext_lazy("Attendance"),
    "attendance.day": gettext_lazy("Day"),
    "attendance.status": gettext_lazy("Present or absent"),
    "attendance.reason": gettext_lazy("Reason for absence"),
    "attendance.hours": gettext_lazy("Hours"),
    "attendance.reported_by_you": gettext_lazy("Reported by you"),
    "attendance.confirmed": gettext_lazy("Confirmed by your supervisor"),
    "attendance_corrections": gettext_lazy("Changes to your attendance"),
    "attendance_corrections.day": gettext_lazy("Day"),
    "attendance_corrections.before": gettext_lazy("Before"),
    "attendance_corrections.after": gettext_lazy("After"),
    "attendance_corrections.corrected_at": gettext_lazy("Changed"),
    "case_file": gettext_lazy("Case file (health, disability, background)"),
    "case_file.health": gettext_lazy("Health"),
    "case_file.disability": gettext_lazy("Disability"),
    "case_file.background": gettext_lazy("Background"),
    "case_file.updated_at": gettext_lazy("Last changed"),
    "case_file_access": gettext_lazy("Who has opened your case file"),
    "case_file_access.at": gettext_lazy("When"),
    "case_file_access.by": gettext_lazy("Who"),
    "case_file_access.action": gettext_lazy("What"),
    "audit_trail": gettext_lazy("Changes to your details"),
    "audit_trail.at": gettext_lazy("When"),
    "audit_trail.action": gettext_lazy("What"),
    "claim_lines": gettext_lazy("Compensation claimed for you"),
    "claim_lines.month": gettext_lazy("Month"),
    "claim_lines.referring_body": gettext_lazy("Referring body"),
    "claim_lines.explanation": gettext_lazy("How it was worked out"),
    "claim_lines.amount": gettext_lazy("Amount"),
    "referrals": gettext_lazy("Referrals that led to no agreement"),
    "referrals.referring_body": gettext_lazy("Referring body"),
    "referrals.officer_name": gettext_lazy("Case officer"),
    "referrals.decision_reference": gettext_lazy("Decision reference"),
    "referrals.decision_date": gettext_lazy("Date of the decision"),
    "referrals.starts_on": gettext_lazy("From"),
    "referrals.ends_on": gettext_lazy("Until"),
    "case_reader": gettext_lazy("You may read every participant's case file"),
    "case_reader.granted_at": gettext_lazy("Granted"),
    "case_reader.note": gettext_lazy("Why"),
    "case_files_opened": gettext_lazy("Case files you have opened"),
    "case_files_opened.at": gettext_lazy("When"),
    "case_files_opened.whose": gettext_lazy("Whose"),
    "case_files_opened.action": gettext_lazy("What"),
    "audit_by_you": gettext_lazy("What you have done in Koop"),
    "audit_by_you.at": gettext_lazy("When"),
    "audit_by_you.action": gettext_lazy("What"),
}


@dataclass(frozen=True)
class Value:
    """One fact: ``data`` for the JSON, ``text`` for the person."""

    key: str
    label: str
    data: Any
    text: str


@dataclass
class Record:
    values: list[Value]
    title: str = ""
    parts: list[Section] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {v.key: v.data for v in self.values}
        for part in self.parts:
            out[part.key] = part.as_json()
        return out


@dataclass
class Section:
    key: str
    records: list[Record]
    single: bool = False  # one record: a JSON object instead of a list
    table: bool = False  # the PDF shows one row per record

    @property
    def heading(self) -> str:
        return str(KEYS[self.key])

    def as_json(self) -> Any:
        if self.single:
            return self.records[0].as_json() if self.records else None
        return [r.as_json() for r in self.records]


@dataclass
class Extract:
    person_name: str
    made_at: dt.datetime
    sections: list[Section]

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "made_at": _moment_data(self.made_at),
            "language": get_language() or "sv",
        }
        for section in self.sections:
            data[section.key] = section.as_json()
        data["keys"] = {key: str(label) for key, label in KEYS.items()}
        return data


class Builder:
    """Makes the values of one section, its key prefixing every label looked up."""

    def __init__(self, section: str) -> None:
        self.section = section

    def _label(self, name: str) -> str:
        return str(KEYS[f"{self.section}.{name}"])

    def text(self, name: str, value: object) -> Value:
        shown = "" if value is None else str(value)
        return Value(name, self._label(name), shown, shown or NO_VALUE)

    def day(self, name: str, value: dt.date | None) -> Value:
        return Value(
            name, self._label(name), value.isoformat() if value else None, format_date(value)
        )

    def moment(self, name: str, value: dt.datetime | None) -> Value:
        return Value(name, self._label(name), _moment_data(value), format_datetime(value))

    def yes_no(self, name: str, value: bool | None) -> Value:
        text = NO_VALUE if value is None else (_("Yes") if value else _("No"))
        return Value(name, self._label(name), value, text)

    def choice(self, name: str, label: object) -> Value:
        shown = str(label) if label else ""
        return Value(name, self._label(name), shown or None, shown or NO_VALUE)

    def hours(self, name: str, value: Decimal | None) -> Value:
        data = None if value is None else str(Decimal(value).normalize())
        return Value(name, self._label(name), data, format_hours(value))

    def number(self, name: str, value: int | None) -> Value:
        return Value(name, self._label(name), value, NO_VALUE if value is None else str(value))


def _moment_data(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).replace(microsecond=0).isoformat()


SectionMaker = Callable[[Person], list[Section]]
_MAKERS: list[SectionMaker] = []
# (model label, field) pairs reporting a person or login, across all registered sections.
COVERED: set[tuple[str, str]] = set()


def register_sections(
    maker: SectionMaker, *, keys: Mapping[str, Promise], covers: set[tuple[str, str]]
) -> None:
    if maker not in _MAKERS:
        _MAKERS.append(maker)
    KEYS.update(keys)
    COVERED.update(covers)


def registered_sections(person: Person) -> list[Section]:
    return [section for maker in _MAKERS for section in maker(person)]
